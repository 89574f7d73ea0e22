// The shapes the UI receives. They are generated from the Rust types into bindings/ (one
// module per part of the engine, and shell.ts for the desktop shell's own) and checked for
// drift by `cargo test`; this file only gathers them under one import.
export type * from "./bindings/library";
export type * from "./bindings/report";
export type * from "./bindings/search";
export type * from "./bindings/compare";
export type * from "./bindings/settings";
export type * from "./bindings/publish";
export type * from "./bindings/git";
export type * from "./bindings/review";
export type * from "./bindings/summary";
export type * from "./bindings/shell";
