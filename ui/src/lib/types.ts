// The shapes the UI receives. They are generated from the Rust types (bindings.ts from the
// engine, shell-bindings.ts from the desktop shell) and checked for drift by `cargo test`;
// this file only gathers them under one import.
export type * from "./bindings";
export type * from "./shell-bindings";
