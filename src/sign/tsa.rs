//! RFC 3161 time stamps for PAdES B-T. This is the only network connection Kuni ever makes,
//! and only to the time-stamp service the user names with `--tsa URL`. Plain HTTP, which is
//! how RFC 3161 services are usually offered (the token is itself signed by the service, so
//! the transport adds no trust); `https://` is refused with a message rather than sent in
//! the clear.

use super::{SignError, cms, tlv};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Asks `url` for a time-stamp token over `digest` (SHA-256); returns the token's DER (a
/// ContentInfo with SignedData over a TSTInfo).
pub(crate) fn request(url: &str, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let fail = |m: String| SignError::TimeStamp {
        url: url.to_string(),
        message: m,
    };
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        fail("only http:// time-stamp URLs are supported (RFC 3161 services offer one; the token is signed by the service)".into())
    })?;
    let (authority, path) = rest
        .split_once('/')
        .map(|(a, p)| (a, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let host = authority.rsplit_once(':').map(|(h, _)| h).unwrap_or(authority);
    let address = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let body = time_stamp_request(digest);
    let addr = address
        .to_socket_addrs()
        .map_err(|e| fail(format!("cannot resolve {address}: {e}")))?
        .next()
        .ok_or_else(|| fail(format!("no address for {address}")))?;
    let mut stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| fail(format!("cannot connect: {e}")))?;
    stream.set_read_timeout(Some(TIMEOUT)).ok();
    stream.set_write_timeout(Some(TIMEOUT)).ok();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/timestamp-query\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(&body))
        .map_err(|e| fail(format!("sending the request: {e}")))?;
    let mut response = Vec::new();
    stream
        .take(1 << 20)
        .read_to_end(&mut response)
        .map_err(|e| fail(format!("reading the answer: {e}")))?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| fail("the answer is not HTTP".into()))?;
    let header = String::from_utf8_lossy(&response[..split]);
    let status = header.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1).is_none_or(|c| c != "200") {
        return Err(fail(format!("the service answered `{status}`")));
    }
    token_from_response(&response[split + 4..]).map_err(fail)
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
