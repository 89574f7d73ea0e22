//! The certificates a verification trusts: those given with `--trust`, or the system's store.

use super::SignError;
use super::identity::read_pem_certificates;
use std::path::{Path, PathBuf};
use x509_cert::Certificate;

/// Debian's bundle of the system's trusted certificates (package ca-certificates).
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Trust anchors.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub(crate) anchors: Vec<Certificate>,
    /// Where they came from, for messages.
    pub source: String,
}

impl Trust {
    /// The certificates of the given PEM files.
    pub fn from_files(files: &[PathBuf]) -> Result<Trust, SignError> {
        let mut anchors = Vec::new();
        for f in files {
            anchors.extend(read_pem_certificates(f)?);
        }
        let source = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Trust { anchors, source })
    }

    /// The system's store; empty (everything untrusted) when there is none.
    pub fn system() -> Trust {
        let path = Path::new(SYSTEM_BUNDLE);
        let anchors = if path.is_file() {
            read_pem_certificates(path).unwrap_or_default()
        } else {
            Vec::new()
        };
        Trust {
            anchors,
            source: format!("the system's store ({SYSTEM_BUNDLE})"),
        }
    }
}
