//! The signer's identity: a private key (RSA 2048+ or ECDSA P-256) and its certificate chain,
//! read from a PKCS#12 file or from PEM files. The key lives only in memory, in the crates'
//! zeroizing types; it is never written, logged or handed to the UI.

use super::SignError;
use der::{Decode, Encode};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use std::path::Path;
use x509_cert::Certificate;

/// A private key of one of the two kinds Kuni signs with.
pub(crate) enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
}

/// Who signs: the key, the signer's certificate and the rest of its chain (issuers).
pub struct Identity {
    pub(crate) key: PrivateKey,
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
    /// Warnings found while loading (a key file others can read), for the caller to show.
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Identity {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("subject", &self.subject())
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl Identity {
    /// The signer's subject (`CN=…, O=…`).
    pub fn subject(&self) -> String {
        display_name(&self.certificate.tbs_certificate.subject)
    }

    /// The signer's common name (else the whole subject), for the signature's /Name.
    pub fn common_name(&self) -> String {
        let subject = self.subject();
        subject
            .split(", ")
            .find_map(|p| p.strip_prefix("CN="))
            .unwrap_or(&subject)
            .to_string()
    }

    /// Reads a PKCS#12 (.p12/.pfx) file holding the key and its chain.
    pub fn from_pkcs12(path: &Path, password: &str) -> Result<Identity, SignError> {
        let data = read(path)?;
        let store = p12_keystore::KeyStore::from_pkcs12(&data, password).map_err(|e| {
            SignError::key(
                path,
                format!("cannot open the PKCS#12 file (wrong password, or not PKCS#12): {e}"),
            )
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| SignError::key(path, "the PKCS#12 file holds no private key".into()))?;
        let key = PrivateKey::from_pkcs8_der(chain.key()).map_err(|m| SignError::key(path, m))?;
        let mut certs = chain
            .chain()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SignError::key(path, format!("a certificate in the file cannot be read: {e}")))?;
        let certificate = take_matching(&mut certs, &key).ok_or_else(|| {
            SignError::key(path, "no certificate in the file matches its private key".into())
        })?;
        let mut warnings = Vec::new();
        permission_warning(path, &mut warnings);
        Ok(Identity {
            key,
            certificate,
            chain: certs,
            warnings,
        })
    }

    /// Reads a PEM certificate, a PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted) and
    /// optionally a PEM file of issuer certificates.
    pub fn from_pem(cert: &Path, key: &Path, chain: Option<&Path>) -> Result<Identity, SignError> {
        let mut certs = read_pem_certificates(cert)?;
        if certs.is_empty() {
            return Err(SignError::key(cert, "no certificate in this file".into()));
        }
        let pem = String::from_utf8(read(key)?)
            .map_err(|_| SignError::key(key, "the key file is not PEM text".into()))?;
        if pem.contains("ENCRYPTED") {
            return Err(SignError::key(
                key,
                "encrypted PEM keys are not read; use the PKCS#12 file (--sign-p12) instead".into(),
            ));
        }
        let private = PrivateKey::from_pem(&pem).map_err(|m| SignError::key(key, m))?;
        let certificate = take_matching(&mut certs, &private).ok_or_else(|| {
            SignError::key(
                cert,
                format!("the certificate does not match the key in {}", key.display()),
            )
        })?;
        if let Some(chain) = chain {
            certs.extend(read_pem_certificates(chain)?);
        }
        let mut warnings = Vec::new();
        permission_warning(key, &mut warnings);
        Ok(Identity {
            key: private,
            certificate,
            chain: certs,
            warnings,
        })
    }
}

impl PrivateKey {
    fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, String> {
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
            return PrivateKey::rsa(k);
        }
        p256::SecretKey::from_pkcs8_der(der)
            .map(|k| PrivateKey::P256(k.into()))
            .map_err(|_| "the private key is neither RSA nor ECDSA P-256".into())
    }

    fn from_pem(pem: &str) -> Result<PrivateKey, String> {
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_pem(pem) {
            return PrivateKey::rsa(k);
        }
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs1_pem(pem) {
            return PrivateKey::rsa(k);
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_pem(pem) {
            return Ok(PrivateKey::P256(k.into()));
        }
        p256::SecretKey::from_sec1_pem(pem)
            .map(|k| PrivateKey::P256(k.into()))
            .map_err(|_| "no RSA or ECDSA P-256 private key in this PEM file".into())
    }

    fn rsa(key: rsa::RsaPrivateKey) -> Result<PrivateKey, String> {
        if key.size() * 8 < 2048 {
            return Err(format!(
                "the RSA key has {} bits; at least 2048 are needed",
                key.size() * 8
            ));
        }
        Ok(PrivateKey::Rsa(Box::new(key)))
    }

    /// The public key as SubjectPublicKeyInfo DER, to find the matching certificate.
    fn public_der(&self) -> Option<Vec<u8>> {
        use rsa::pkcs8::EncodePublicKey;
        match self {
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der().ok().map(|d| d.into_vec()),
            PrivateKey::P256(k) => k.verifying_key().to_public_key_der().ok().map(|d| d.into_vec()),
        }
    }
}

/// Removes and returns the certificate whose public key is the key's.
fn take_matching(certs: &mut Vec<Certificate>, key: &PrivateKey) -> Option<Certificate> {
    let public = key.public_der()?;
    let at = certs.iter().position(|c| {
        c.tbs_certificate
            .subject_public_key_info
            .to_der()
            .is_ok_and(|d| d == public)
    })?;
    Some(certs.remove(at))
}

/// Every certificate of a PEM file.
pub(crate) fn read_pem_certificates(path: &Path) -> Result<Vec<Certificate>, SignError> {
    let data = read(path)?;
    Certificate::load_pem_chain(&data)
        .map_err(|e| SignError::key(path, format!("cannot read the PEM certificates: {e}")))
}

fn read(path: &Path) -> Result<Vec<u8>, SignError> {
    std::fs::read(path).map_err(|e| SignError::key(path, format!("cannot read it: {e}")))
}

/// A key file that others than its owner can read is worth a warning: anyone with that
/// access can sign as the organisation.
fn permission_warning(path: &Path, warnings: &mut Vec<String>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            warnings.push(format!(
                "{} can be read by other users (mode {:o}); restrict it with chmod 600",
                path.display(),
                meta.permissions().mode() & 0o777
            ));
        }
    }
}

/// A distinguished name as people read it, most specific first (`CN=…, O=…, C=JP`), with
/// UTF-8, printable and BMP strings decoded (Japanese organisation names are UTF-8).
pub(crate) fn display_name(name: &x509_cert::name::Name) -> String {
    use der::asn1::{BmpString, Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
    let mut parts = Vec::new();
    for rdn in name.0.iter().rev() {
        for atv in rdn.0.iter() {
            let key = match atv.oid.to_string().as_str() {
                "2.5.4.3" => "CN".to_string(),
                "2.5.4.10" => "O".into(),
                "2.5.4.11" => "OU".into(),
                "2.5.4.6" => "C".into(),
                "2.5.4.7" => "L".into(),
                "2.5.4.8" => "ST".into(),
                "2.5.4.5" => "serialNumber".into(),
                "1.2.840.113549.1.9.1" => "E".into(),
                other => other.to_string(),
            };
            let v = &atv.value;
            let text = v
                .decode_as::<Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_string())
                .or_else(|_| {
                    v.decode_as::<PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_string())
                })
                .or_else(|_| v.decode_as::<Ia5StringRef<'_>>().map(|s| s.as_str().to_string()))
                .or_else(|_| {
                    v.decode_as::<TeletexStringRef<'_>>()
                        .map(|s| s.as_str().to_string())
                })
                .or_else(|_| v.decode_as::<BmpString>().map(|s| s.to_string()))
                .unwrap_or_else(|_| "?".into());
            parts.push(format!("{key}={text}"));
        }
    }
    parts.join(", ")
}
