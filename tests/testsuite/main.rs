//! Integration tests of the engine and the `kuni` CLI, one binary (as mdBook's testsuite),
//! with fixture libraries under tests/fixtures/.

mod bundled;
mod cli;
mod common;
mod doc_model;
mod pdf;
mod publish;
mod relevance;
mod report_errors;
mod report_valid;
mod search;
mod site;
