// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

export type FontConfig = { 
/**
 * Body face.
 */
body: string | null, 
/**
 * Sans face.
 */
sans: string | null, 
/**
 * Bold face.
 */
bold: string | null, 
/**
 * Code face.
 */
mono: string | null, 
/**
 * Faces tried, in order, for characters the role's face lacks.
 */
fallbacks: Array<string> | null, };

export type Format = "pdf" | "docx";

export type Settings = { 
/**
 * The library folder to open.
 */
library: string | null, 
/**
 * Organisation named on PDF cover pages.
 */
organisation: string | null, 
/**
 * Author named on PDF cover pages.
 */
author: string | null, 
/**
 * Interface language (`ja` or `en`).
 */
language: string | null, 
/**
 * Fonts for PDF deliverables.
 */
fonts: FontConfig | null, 
/**
 * Where the app writes exported PDFs.
 */
export_dir: string | null, 
/**
 * The organisation's PKCS#12 file (.p12/.pfx): when set, publishing and delivering sign
 * their PDFs and manifest. Only the path is kept; the password is asked at each signing.
 */
signing_certificate: string | null, 
/**
 * CA certificates (PEM) to trust when verifying a delivery, besides none: when unset,
 * the system's store is used.
 */
trust_certificates: string | null, 
/**
 * Milliseconds a source check waits between two requests to the same host. It can only
 * make checks gentler: a value below the default (1000) is taken as the default.
 */
source_check_delay_ms: number | null, };
