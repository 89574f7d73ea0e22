//! The few DER structures Kuni writes or reads by hand, where the RustCrypto crates have no
//! type for them in this generation (ESS signing-certificate-v2, RFC 3161 requests and
//! responses): a minimal tag-length-value encoder and reader.

/// One DER element: its tag byte and contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    /// The whole element, tag and length included.
    pub raw: &'a [u8],
}

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const OID: u8 = 0x06;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;

/// Encodes one element.
pub(crate) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already encoded elements.
pub(crate) fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    encode(SEQUENCE, &parts.concat())
}

/// Reads the element at the start of `data`; `None` when it is not well formed.
pub(crate) fn read(data: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *data.first()?;
    let first = *data.get(1)? as usize;
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let count = first & 0x7f;
        if count == 0 || count > 4 {
            return None;
        }
        let bytes = data.get(2..2 + count)?;
        (
            bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize),
            2 + count,
        )
    };
    let end = header.checked_add(len)?;
    let raw = data.get(..end)?;
    Some((
        Tlv {
            tag,
            content: &raw[header..],
            raw,
        },
        &data[end..],
    ))
}

/// The elements inside a constructed element's contents.
pub(crate) fn children(mut data: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (t, rest) = read(data)?;
        out.push(t);
        data = rest;
    }
    Some(out)
}

/// A non-negative INTEGER's value (up to 64 bits).
pub(crate) fn integer(t: &Tlv<'_>) -> Option<u64> {
    (t.tag == INTEGER && t.content.len() <= 9)
        .then(|| t.content.iter().fold(0u64, |a, b| (a << 8) | *b as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lengths_round_trip() {
        let content = vec![7u8; 300];
        let e = encode(OCTET_STRING, &content);
        assert_eq!(&e[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let (t, rest) = read(&e).expect("reads");
        assert_eq!((t.tag, t.content.len(), rest.len()), (OCTET_STRING, 300, 0));
        assert!(read(&e[..100]).is_none(), "a truncated element is refused");
    }
}
