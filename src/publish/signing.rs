//! Signing a delivery folder: every PDF the manifest lists gets a PAdES signature (an
//! incremental update, so its unsigned bytes stay a prefix), the manifest's hashes follow
//! the signed files, and `manifest.json.p7s` signs the manifest. Used after `publish`,
//! `deliver` and `site` have written their folders, and by the app.

use super::manifest::{MANIFEST_NAME, Manifest, ManifestFile};
use crate::error::{Error, Result};
use crate::save::{sha256_hex, write_atomic};
use crate::sign::{self, Identity, SignRequest};
use std::path::Path;

/// The organisation's signing identity and how to sign.
#[derive(Debug)]
pub struct Signing {
    /// Key and certificate chain.
    pub identity: Identity,
    /// An RFC 3161 service for B-T signatures (the one network connection Kuni makes).
    pub tsa: Option<String>,
}

/// What [`sign_folder`] did.
#[derive(Debug, Default)]
pub struct SignedFolder {
    /// PDFs signed now.
    pub signed: Vec<String>,
    /// PDFs that already carried a signature and were left as they were.
    pub already_signed: Vec<String>,
}

/// The description of the invisible signature field, for screen readers (/TU).
const FIELD_DESCRIPTION: &str =
    "電子署名（発行組織の証明書による。内容が改変されていないことを確認できます）";

/// Signs the unsigned PDFs listed in `dir/manifest.json`, updates their entries and signs
/// the manifest. Each file is replaced atomically; the manifest and its signature last.
pub fn sign_folder(dir: &Path, signing: &Signing) -> Result<SignedFolder> {
    let mut manifest = Manifest::read(dir)?.ok_or_else(|| Error::Manifest {
        path: dir.join(MANIFEST_NAME),
        message: "there is no manifest.json to sign".into(),
    })?;
    let now = chrono::Utc::now();
    let mut done = SignedFolder::default();
    let mut entries = manifest.files.clone();
    for entry in entries.iter_mut().filter(|f| f.path.ends_with(".pdf")) {
        let path = dir.join(&entry.path);
        let bytes = std::fs::read(&path).map_err(Error::io("reading", &path))?;
        if !sign::verify_pdf(&bytes, &sign::Trust::default()).is_empty() {
            done.already_signed.push(entry.path.clone());
            continue;
        }
        let request = SignRequest {
            time: now,
            tsa: signing.tsa.as_deref(),
            description: FIELD_DESCRIPTION,
        };
        let signed = sign::sign_pdf(&bytes, &signing.identity, &request).map_err(|source| Error::Sign {
            path: path.clone(),
            source,
        })?;
        write_atomic(&path, &signed)?;
        *entry = ManifestFile {
            sha256: sha256_hex(&signed),
            size: signed.len() as u64,
            ..entry.clone()
        };
        done.signed.push(entry.path.clone());
    }
    manifest.files = entries;
    manifest.write(dir)?;
    sign_manifest(dir, signing, now)?;
    Ok(done)
}

/// Writes `manifest.json.p7s` beside the manifest as it is now.
pub fn sign_manifest(dir: &Path, signing: &Signing, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let path = dir.join(MANIFEST_NAME);
    let bytes = std::fs::read(&path).map_err(Error::io("reading", &path))?;
    let p7s = sign::sign_detached(&signing.identity, &bytes, now).map_err(|source| Error::Sign {
        path: path.clone(),
        source,
    })?;
    write_atomic(&dir.join(sign::MANIFEST_SIGNATURE_NAME), &p7s)
}

/// Writes a manifest of every file below `dir` (a website), for [`sign_folder`] and
/// `kuni verify` to work on a folder Kuni did not list itself.
pub fn write_folder_manifest(dir: &Path, date: chrono::NaiveDate) -> Result<()> {
    let mut manifest = Manifest::default();
    let mut files = Vec::new();
    collect(dir, Path::new(""), &mut files)?;
    for rel in files {
        let name = rel.to_string_lossy().replace('\\', "/");
        if name == MANIFEST_NAME || name == sign::MANIFEST_SIGNATURE_NAME {
            continue;
        }
        let path = dir.join(&rel);
        let bytes = std::fs::read(&path).map_err(Error::io("reading", &path))?;
        manifest.upsert(ManifestFile::new(&name, &bytes, None, date));
    }
    manifest.write(dir)
}

fn collect(root: &Path, rel: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let here = root.join(rel);
    for item in std::fs::read_dir(&here).map_err(Error::io("listing", &here))? {
        let item = item.map_err(Error::io("listing", &here))?;
        let path = rel.join(item.file_name());
        if item
            .file_type()
            .map_err(Error::io("listing", item.path()))?
            .is_dir()
        {
            collect(root, &path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// A signed file's checks, for [`verify_folder`].
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FileSignatures {
    /// Path relative to the folder.
    pub path: String,
    /// Its signatures (empty: unsigned).
    pub signatures: Vec<sign::SignatureCheck>,
}

/// Everything `kuni verify DIR` checks.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FolderCheck {
    /// The manifest's hashes against the files (its fields at the top level in JSON, as
    /// `kuni verify --json` printed them before signatures existed).
    #[serde(flatten)]
    pub manifest: super::Verification,
    /// `manifest.json.p7s`, when there is one.
    #[cfg_attr(test, ts(optional = nullable))]
    pub manifest_signature: Option<sign::SignatureCheck>,
    /// Every PDF of the manifest that is there.
    pub pdfs: Vec<FileSignatures>,
}

impl FolderCheck {
    /// No missing, changed or extra file, and every signature present is valid and trusted.
    pub fn ok(&self) -> bool {
        self.manifest.problems.is_empty()
            && self
                .manifest_signature
                .as_ref()
                .is_none_or(sign::SignatureCheck::ok)
            && self
                .pdfs
                .iter()
                .all(|f| f.signatures.iter().all(sign::SignatureCheck::ok))
    }
}

/// Verifies a delivery folder: the manifest, its signature and every PDF's signatures.
pub fn verify_folder(dir: &Path, trust: &sign::Trust) -> Result<FolderCheck> {
    let manifest = super::verify(dir)?;
    let manifest_path = dir.join(MANIFEST_NAME);
    let p7s_path = dir.join(sign::MANIFEST_SIGNATURE_NAME);
    let manifest_signature = match std::fs::read(&p7s_path) {
        Ok(p7s) => {
            let content = std::fs::read(&manifest_path).map_err(Error::io("reading", &manifest_path))?;
            Some(sign::verify_detached(&content, &p7s, trust))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("reading", p7s_path)(e)),
    };
    let listed = Manifest::read(dir)?.map(|m| m.files).unwrap_or_default();
    let mut pdfs = Vec::new();
    for f in listed.iter().filter(|f| f.path.ends_with(".pdf")) {
        let Ok(bytes) = std::fs::read(dir.join(&f.path)) else {
            continue; // reported as missing by the manifest check
        };
        pdfs.push(FileSignatures {
            path: f.path.clone(),
            signatures: sign::verify_pdf(&bytes, trust),
        });
    }
    Ok(FolderCheck {
        manifest,
        manifest_signature,
        pdfs,
    })
}
