//! cargo-fuzz entry point; the body is [`targets::docx`] (shared with the stable replay test).
#![no_main]

// Each binary uses only its own target of the shared file.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::docx(data));
