//! Integration tests of the engine and the `kuni` CLI, one binary (as mdBook's testsuite),
//! with fixture libraries under tests/fixtures/.

mod architecture;
mod bundled;
mod child;
mod citations;
mod cli;
mod common;
mod consult;
mod doc_model;
mod docx;
mod evidence;
mod faults;
mod fuzz_replay;
mod git_crash;
mod git_publish;
mod git_support;
mod git_sync;
mod hostile;
mod indicators;
mod loopback;
mod offline;
mod pdf;
mod pdf_ua;
mod publish;
mod publish_crash;
mod relevance;
mod report_errors;
mod report_valid;
mod review;
mod search;
mod sign;
mod site;
mod sources;
mod summary;
