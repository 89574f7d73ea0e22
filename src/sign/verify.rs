//! Checking signatures: the PDF's byte range, the CMS signature over it, the certificate
//! chain up to a trusted certificate, and validity at the signing time. Reads the PDF's bytes
//! directly rather than through a PDF parser, so a damaged file is still reported on.

use super::cms::{
    self, ECDSA_WITH_SHA256, RSA_ENCRYPTION, SHA256, SHA256_WITH_RSA, SHA384_WITH_RSA, SHA512_WITH_RSA,
};
use super::trust::Trust;
use super::{tlv, tsa};
use ::cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// The result of checking one signature.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SignatureCheck {
    /// The signer's subject (RFC 4514), when the signer's certificate was found.
    pub signer: Option<String>,
    /// The signing time: /M of a PDF signature, the signing-time attribute of a detached one.
    pub signed_at: Option<String>,
    /// The time-stamp token's time, for a B-T signature.
    pub time_stamp: Option<String>,
    /// Bytes after the signed range (an incremental update made after signing); 0 for a
    /// signature covering the whole file.
    pub appended_bytes: usize,
    /// What is wrong; empty when the signature is valid, intact and trusted.
    pub problems: Vec<String>,
}

impl SignatureCheck {
    /// Valid, trusted and covering the whole file.
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.appended_bytes == 0
    }
}

/// Every signature of a PDF, in file order; empty for an unsigned PDF.
pub fn verify_pdf(pdf: &[u8], trust: &Trust) -> Vec<SignatureCheck> {
    byte_ranges(pdf)
        .into_iter()
        .map(|r| verify_range(pdf, r, trust))
        .collect()
}

/// A detached CMS signature (`manifest.json.p7s`) of `content`.
pub fn verify_detached(content: &[u8], p7s: &[u8], trust: &Trust) -> SignatureCheck {
    let mut check = SignatureCheck::default();
    match cms::parse_signed_data(p7s) {
        Ok(signed) => verify_signed_data(&signed, &Sha256::digest(content), None, trust, &mut check),
        Err(e) => check.problems.push(e),
    }
    check
}

type Range = [usize; 4];

/// The /ByteRange arrays of the file.
fn byte_ranges(pdf: &[u8]) -> Vec<Range> {
    let key = b"/ByteRange";
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = pdf[at..].windows(key.len()).position(|w| w == key) {
        let start = at + found + key.len();
        at = start;
        let tail = &pdf[start..pdf.len().min(start + 100)];
        let text = String::from_utf8_lossy(tail);
        let Some(inner) = text
            .trim_start()
            .strip_prefix('[')
            .and_then(|t| t.split(']').next())
        else {
            continue;
        };
        let numbers: Vec<usize> = inner.split_whitespace().filter_map(|n| n.parse().ok()).collect();
        if let [a, b, c, d] = numbers[..] {
            out.push([a, b, c, d]);
        }
    }
    out
}

fn verify_range(pdf: &[u8], [a, b, c, d]: Range, trust: &Trust) -> SignatureCheck {
    let mut check = SignatureCheck::default();
    let end = c.checked_add(d);
    if a != 0 || b >= c || end.is_none_or(|e| e > pdf.len()) {
        check.problems.push(format!(
            "the byte range [{a} {b} {c} {d}] does not fit the file ({} bytes)",
            pdf.len()
        ));
        return check;
    }
    let end = end.unwrap_or_default();
    check.appended_bytes = pdf.len() - end;
    // The gap must be exactly the /Contents hex string, so nothing else escapes the signature.
    let gap = &pdf[b..c];
    let hex = match (gap.first(), gap.last()) {
        (Some(b'<'), Some(b'>')) => &gap[1..gap.len() - 1],
        _ => {
            check
                .problems
                .push("the part left out of the signature is not just the signature value".into());
            return check;
        }
    };
    let Some(der) = decode_hex(hex) else {
        check
            .problems
            .push("the signature value is not hexadecimal".into());
        return check;
    };
    let pdf_time = signing_time_near(pdf, b).and_then(|m| parse_pdf_date(&m));
    check.signed_at = pdf_time.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..b]);
    hasher.update(&pdf[c..end]);
    let digest = hasher.finalize();
    // The value is padded with zeros after the DER.
    let Some((element, _)) = tlv::read(&der) else {
        check.problems.push("the signature value is not DER".into());
        return check;
    };
    match cms::parse_signed_data(element.raw) {
        Ok(signed) => {
            verify_signed_data(&signed, &digest, pdf_time, trust, &mut check);
        }
        Err(e) => check.problems.push(e),
    }
    check
}

fn verify_signed_data(
    signed: &SignedData,
    digest: &[u8],
    time: Option<chrono::DateTime<chrono::Utc>>,
    trust: &Trust,
    check: &mut SignatureCheck,
) {
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            ::cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let Some(info) = signed.signer_infos.0.iter().next() else {
        check.problems.push("the signature has no signer".into());
        return;
    };
    let Some(signer) = find_signer(info, &certificates) else {
        check
            .problems
            .push("the signer's certificate is not in the signature".into());
        return;
    };
    check.signer = Some(super::identity::display_name(&signer.tbs_certificate.subject));
    let attrs_time = signing_time_attribute(info);
    if check.signed_at.is_none() {
        check.signed_at = attrs_time.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    let time = time.or(attrs_time);
    if let Err(e) = verify_signer_info(info, digest, signer) {
        check.problems.push(e);
    }
    check.time_stamp = time_stamp(info, check);
    let at = time.unwrap_or_else(chrono::Utc::now);
    if let Err(e) = verify_chain(signer, &certificates, trust, at) {
        check.problems.push(e);
    }
}

fn find_signer<'a>(info: &SignerInfo, certificates: &'a [Certificate]) -> Option<&'a Certificate> {
    match &info.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certificates.iter().find(|c| {
            c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certificates.first(),
    }
}

fn verify_signer_info(info: &SignerInfo, digest: &[u8], signer: &Certificate) -> Result<(), String> {
    if info.digest_alg.oid != SHA256 {
        return Err(format!("unsupported digest algorithm {}", info.digest_alg.oid));
    }
    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or("the signature has no signed attributes")?;
    let value = |oid: ObjectIdentifier| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let claimed = value(cms::ID_MESSAGE_DIGEST).ok_or("the signature has no message-digest attribute")?;
    if claimed.value() != digest {
        return Err(
            "the content does not match the signature (digest mismatch): the file was changed after signing"
                .into(),
        );
    }
    if let Some(v) = value(cms::ID_SIGNING_CERTIFICATE_V2) {
        let der = v.to_der().map_err(|e| e.to_string())?;
        let cert_hash = Sha256::digest(signer.to_der().map_err(|e| e.to_string())?);
        if !der.windows(cert_hash.len()).any(|w| w == cert_hash.as_slice()) {
            return Err("the signing-certificate-v2 attribute names another certificate".into());
        }
    }
    let message = attrs.to_der().map_err(|e| e.to_string())?;
    verify_signature(
        signer,
        &info.signature_algorithm.oid,
        &message,
        info.signature.as_bytes(),
    )
    .map_err(|e| format!("the signature value does not verify: {e}"))
}

/// Verifies `signature` over `message` with the public key of `key_owner`.
fn verify_signature(
    key_owner: &Certificate,
    algorithm: &ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use rsa::signature::Verifier;
    let spki = key_owner
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())?;
    if *algorithm == ECDSA_WITH_SHA256 {
        use p256::pkcs8::DecodePublicKey;
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .map_err(|_| "not a P-256 key".to_string())?;
        let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| e.to_string())?;
        return key
            .verify(message, &sig)
            .map_err(|_| "ECDSA check failed".to_string());
    }
    use rsa::pkcs8::DecodePublicKey;
    let key = rsa::RsaPublicKey::from_public_key_der(&spki)
        .map_err(|_| format!("unsupported key or algorithm {algorithm}"))?;
    let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|e| e.to_string())?;
    let result = match *algorithm {
        a if a == SHA256_WITH_RSA || a == RSA_ENCRYPTION => {
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &sig)
        }
        a if a == SHA384_WITH_RSA => {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig)
        }
        a if a == SHA512_WITH_RSA => {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig)
        }
        other => return Err(format!("unsupported signature algorithm {other}")),
    };
    result.map_err(|_| "RSA check failed".to_string())
}

/// From the signer up to a trusted certificate: each link's signature by its issuer, each
/// issuer a CA, each certificate valid at `at`.
fn verify_chain(
    signer: &Certificate,
    included: &[Certificate],
    trust: &Trust,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    let mut current = signer.clone();
    for _ in 0..10 {
        valid_at(&current, at)?;
        if trust.anchors.iter().any(|a| a == &current) {
            return Ok(());
        }
        let issuer_name = &current.tbs_certificate.issuer;
        let candidates = trust
            .anchors
            .iter()
            .map(|c| (c, true))
            .chain(included.iter().map(|c| (c, false)));
        let issuer = candidates
            .filter(|(c, _)| &c.tbs_certificate.subject == issuer_name && *c != &current)
            .find(|(c, _)| {
                let tbs = current.tbs_certificate.to_der().unwrap_or_default();
                verify_signature(
                    c,
                    &current.signature_algorithm.oid,
                    &tbs,
                    current.signature.raw_bytes(),
                )
                .is_ok()
            });
        match issuer {
            Some((c, true)) => return valid_at(c, at),
            Some((c, false)) => {
                if !is_ca(c) {
                    return Err(format!(
                        "{} signed a certificate but is not a CA",
                        super::identity::display_name(&c.tbs_certificate.subject)
                    ));
                }
                current = c.clone();
            }
            None => {
                return Err(format!(
                    "the certificate chain does not lead to a trusted certificate (no trusted issuer {} in {})",
                    super::identity::display_name(issuer_name),
                    if trust.source.is_empty() {
                        "the trust list"
                    } else {
                        &trust.source
                    }
                ));
            }
        }
    }
    Err("the certificate chain is too long".into())
}

fn valid_at(cert: &Certificate, at: chrono::DateTime<chrono::Utc>) -> Result<(), String> {
    let v = &cert.tbs_certificate.validity;
    let seconds = at.timestamp();
    let from = v.not_before.to_unix_duration().as_secs() as i64;
    let to = v.not_after.to_unix_duration().as_secs() as i64;
    if seconds < from || seconds > to {
        return Err(format!(
            "the certificate of {} was not valid at the signing time {} (valid {} to {})",
            super::identity::display_name(&cert.tbs_certificate.subject),
            at.format("%Y-%m-%d %H:%M:%SZ"),
            v.not_before,
            v.not_after
        ));
    }
    Ok(())
}

fn is_ca(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::BasicConstraints;
    cert.tbs_certificate.extensions.iter().flatten().any(|e| {
        e.extn_id == const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS
            && BasicConstraints::from_der(e.extn_value.as_bytes()).is_ok_and(|b| b.ca)
    })
}

fn signing_time_attribute(info: &SignerInfo) -> Option<chrono::DateTime<chrono::Utc>> {
    let attrs = info.signed_attrs.as_ref()?;
    let value = attrs
        .iter()
        .find(|a| a.oid == cms::ID_SIGNING_TIME)?
        .values
        .iter()
        .next()?;
    let time = x509_cert::time::Time::from_der(&value.to_der().ok()?).ok()?;
    chrono::DateTime::from_timestamp(time.to_unix_duration().as_secs() as i64, 0)
}

/// The B-T time stamp's time, after checking that it stamps this signature value.
fn time_stamp(info: &SignerInfo, check: &mut SignatureCheck) -> Option<String> {
    let attrs = info.unsigned_attrs.as_ref()?;
    let token = attrs
        .iter()
        .find(|a| a.oid == cms::ID_TIME_STAMP_TOKEN)?
        .values
        .iter()
        .next()?
        .to_der()
        .ok()?;
    let imprint = Sha256::digest(info.signature.as_bytes());
    if !token.windows(imprint.len()).any(|w| w == imprint.as_slice()) {
        check
            .problems
            .push("the time stamp does not stamp this signature".into());
    }
    tsa::generation_time(&token)
}

/// The /M of the signature dictionary holding the byte range that starts at `contents`.
fn signing_time_near(pdf: &[u8], contents: usize) -> Option<String> {
    let from = pdf[..contents].windows(3).rposition(|w| w == b"obj")?;
    let to = contents + pdf[contents..].windows(6).position(|w| w == b"endobj")?;
    let dict = String::from_utf8_lossy(&pdf[from..to]);
    let m = dict.find("/M")?;
    let rest = dict[m + 2..].trim_start().strip_prefix('(')?;
    Some(rest.split(')').next()?.to_string())
}

/// `D:YYYYMMDDHHmmss` with an optional offset (`Z`, `+09'00'`).
pub(crate) fn parse_pdf_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = text.strip_prefix("D:").unwrap_or(text);
    let base = chrono::NaiveDateTime::parse_from_str(t.get(..14)?, "%Y%m%d%H%M%S").ok()?;
    let rest = t.get(14..).unwrap_or("");
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i64 = digits.get(..2)?.parse().ok()?;
            let m: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let s = (h * 60 + m) * 60;
            if sign == '+' { s } else { -s }
        }
        _ => 0,
    };
    Some(base.and_utc() - chrono::Duration::seconds(offset))
}

fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_with_offsets_are_read_in_utc() {
        let t = parse_pdf_date("D:20261201093000+09'00'").expect("date");
        assert_eq!(t.format("%Y-%m-%dT%H:%M:%S").to_string(), "2026-12-01T00:30:00");
        assert!(parse_pdf_date("D:2026").is_none());
    }

    #[test]
    fn byte_ranges_are_found_in_the_raw_file() {
        let pdf = b"1 0 obj <</ByteRange [0 10 20 5   ] /Contents <00>>> endobj";
        assert_eq!(byte_ranges(pdf), vec![[0, 10, 20, 5]]);
    }
}
