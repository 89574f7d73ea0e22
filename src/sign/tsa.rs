//! RFC 3161 time stamps for PAdES B-T, from the time-stamp service the user names with
//! `--tsa URL`, over http or https through the engine's one HTTP client (crate::net: the
//! operating system's certificates, the proxy settings of the environment). The token is
//! itself signed by the service, so plain http, which many services offer, adds no risk.

use super::{SignError, cms, tlv};
use std::time::Duration;

/// Asks `url` for a time-stamp token over `digest` (SHA-256); returns the token's DER (a
/// ContentInfo with SignedData over a TSTInfo).
pub(crate) fn request(url: &str, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let fail = |m: String| SignError::TimeStamp {
        url: url.to_string(),
        message: m,
    };
    let client = crate::net::Client::new(crate::net::Limits {
        total: Duration::from_secs(30),
        max_bytes: 1 << 20,
        ..crate::net::Limits::default()
    });
    let answer = client
        .post(url, "application/timestamp-query", &time_stamp_request(digest))
        .map_err(|e| fail(e.to_string()))?;
    if answer.status != 200 {
        return Err(fail(format!("the service answered {}", answer.status)));
    }
    token_from_response(&answer.body).map_err(fail)
}

/// TimeStampReq ::= SEQUENCE { version 1, messageImprint, nonce, certReq TRUE }.
fn time_stamp_request(digest: &[u8]) -> Vec<u8> {
    let algorithm = tlv::sequence(&[
        &tlv::encode(tlv::OID, cms::SHA256.as_bytes()),
        &tlv::encode(tlv::NULL, &[]),
    ]);
    let imprint = tlv::sequence(&[&algorithm, &tlv::encode(tlv::OCTET_STRING, digest)]);
    // A nonce ties the answer to this request; the clock is unique enough for that.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut nonce = nanos.to_be_bytes().to_vec();
    if nonce[0] & 0x80 != 0 {
        nonce.insert(0, 0);
    }
    tlv::sequence(&[
        &tlv::encode(tlv::INTEGER, &[1]),
        &imprint,
        &tlv::encode(tlv::INTEGER, &nonce),
        &tlv::encode(tlv::BOOLEAN, &[0xff]),
    ])
}

/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }.
fn token_from_response(body: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "the answer is not an RFC 3161 time-stamp response".to_string();
    let (outer, _) = tlv::read(body).ok_or_else(bad)?;
    let parts = tlv::children(outer.content).ok_or_else(bad)?;
    let status = parts
        .first()
        .and_then(|s| tlv::children(s.content))
        .ok_or_else(bad)?;
    match status.first().and_then(tlv::integer) {
        Some(0 | 1) => {}
        Some(n) => return Err(format!("the service refused the request (PKIStatus {n})")),
        None => return Err(bad()),
    }
    parts
        .get(1)
        .map(|t| t.raw.to_vec())
        .ok_or_else(|| "the service granted but sent no token".into())
}

/// The genTime of a time-stamp token (UTC, `2026-12-01T09:30:00Z`), for reports.
pub(crate) fn generation_time(token: &[u8]) -> Option<String> {
    let signed = cms::parse_signed_data(token).ok()?;
    let content = signed.encap_content_info.econtent?;
    let octets = content.decode_as::<der::asn1::OctetString>().ok()?;
    let (info, _) = tlv::read(octets.as_bytes())?;
    let fields = tlv::children(info.content)?;
    // TSTInfo: version, policy, messageImprint, serialNumber, genTime, …
    let t = fields.get(4)?;
    if t.tag != tlv::GENERALIZED_TIME {
        return None;
    }
    let text = String::from_utf8_lossy(t.content);
    // YYYYMMDDhhmmss[.fff]Z, shown like the other times.
    let time = chrono::NaiveDateTime::parse_from_str(text.get(..14)?, "%Y%m%d%H%M%S").ok()?;
    Some(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}
