//! Signatures: PAdES B-B/B-T on PDFs (an incremental update after the finished file), detached
//! CMS signatures of manifests, and their verification. RustCrypto's `cms`, `x509-cert`,
//! `rsa` and `p256`; no network except the time-stamp service a user names.

mod cms;
mod identity;
mod pades;
mod tlv;
mod trust;
mod tsa;
mod verify;

pub use identity::Identity;
pub use pades::{SignRequest, sign_pdf};
pub use trust::Trust;
pub use verify::{SignatureCheck, verify_detached, verify_pdf};

use std::path::{Path, PathBuf};

/// The file name of a manifest's detached signature, beside `manifest.json`.
pub const MANIFEST_SIGNATURE_NAME: &str = "manifest.json.p7s";

/// A detached CMS signature of `content` (DER), with the signing time.
pub fn sign_detached(
    identity: &Identity,
    content: &[u8],
    time: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, SignError> {
    cms::sign_detached(identity, content, time)
}

/// Why signing failed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// A key or certificate file could not be used.
    #[error("{}: {message}", path.display())]
    Key {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The PDF could not be read or updated.
    #[error("{0}")]
    Pdf(String),
    /// Encoding the signature failed.
    #[error("encoding the signature: {0}")]
    Der(String),
    /// The key could not sign.
    #[error("signing: {0}")]
    Crypto(String),
    /// The time-stamp service failed.
    #[error("time stamp from {url}: {message}")]
    TimeStamp {
        /// The service.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl SignError {
    pub(crate) fn key(path: &Path, message: String) -> SignError {
        SignError::Key {
            path: path.to_path_buf(),
            message,
        }
    }

    pub(crate) fn der(e: der::Error) -> SignError {
        SignError::Der(e.to_string())
    }
}
