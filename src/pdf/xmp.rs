//! PDF/A-2u identification: the XMP metadata packet (Dublin Core, dates, pdfaid, pdfuaid and
//! the extension schema PDF/A requires for pdfuaid), the document information dictionary
//! with the same values, and the sRGB output intent.
//!
//! The ICC profile is Debian's: `icc-profiles-free` installs an ICC v2 sRGB monitor profile
//! (7 KB) at [`SRGB_PROFILES`]'s first path; colord-data's v4 profile is accepted too. It is
//! read at run time like the fonts, so nothing from elsewhere is committed; the desktop
//! package depends on `icc-profiles-free`. Without a profile the file is still tagged
//! (PDF/UA-1) but claims no PDF/A conformance, and the export says so.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

/// Where Debian installs sRGB profiles, tried in order.
pub const SRGB_PROFILES: &[&str] = &[
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/color/icc/colord/sRGB.icc",
];

/// What the metadata says about the document.
pub struct Meta<'a> {
    /// Title.
    pub title: &'a str,
    /// Author (may be empty).
    pub author: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Keywords.
    pub keywords: &'a [String],
    /// Language tag (BCP 47).
    pub lang: &'a str,
    /// Creation and modification time, seconds since the Unix epoch.
    pub timestamp: i64,
}

/// Producer written in both the information dictionary and the XMP.
fn producer() -> String {
    format!("Kuni {}", env!("CARGO_PKG_VERSION"))
}

fn when(ts: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// A PDF date, `D:20261201120000+00'00'`.
pub fn pdf_date(ts: i64) -> String {
    when(ts).format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// An XMP date, `2026-12-01T12:00:00+00:00` (the same instant as [`pdf_date`]).
pub fn xmp_date(ts: i64) -> String {
    when(ts).format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet. `pdfa` adds the PDF/A-2u identification (only claimed with an output intent).
pub fn packet(m: &Meta, pdfa: bool) -> String {
    let date = xmp_date(m.timestamp);
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("  <rdf:Description rdf:about=\"\"\n");
    for (prefix, ns) in [
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("xmp", "http://ns.adobe.com/xap/1.0/"),
        ("pdf", "http://ns.adobe.com/pdf/1.3/"),
        ("pdfaid", "http://www.aiim.org/pdfa/ns/id/"),
        ("pdfuaid", "http://www.aiim.org/pdfua/ns/id/"),
        ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
        ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
        ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"),
    ] {
        x.push_str(&format!("    xmlns:{prefix}=\"{ns}\"\n"));
    }
    x.push_str("  >\n");
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        esc(m.title)
    ));
    if !m.author.is_empty() {
        x.push_str(&format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(m.author)
        ));
    }
    if !m.subject.is_empty() {
        x.push_str(&format!(
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(m.subject)
        ));
    }
    x.push_str(&format!(
        "   <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        esc(m.lang)
    ));
    if !m.keywords.is_empty() {
        x.push_str(&format!(
            "   <pdf:Keywords>{}</pdf:Keywords>\n",
            esc(&m.keywords.join(", "))
        ));
    }
    x.push_str(&format!("   <pdf:Producer>{}</pdf:Producer>\n", esc(&producer())));
    x.push_str("   <xmp:CreatorTool>Kuni</xmp:CreatorTool>\n");
    x.push_str(&format!("   <xmp:CreateDate>{date}</xmp:CreateDate>\n"));
    x.push_str(&format!("   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
    x.push_str(&format!("   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"));
    if pdfa {
        x.push_str("   <pdfaid:part>2</pdfaid:part>\n");
        x.push_str("   <pdfaid:conformance>U</pdfaid:conformance>\n");
    }
    x.push_str("   <pdfuaid:part>1</pdfuaid:part>\n");
    // PDF/A accepts only predefined XMP schemas unless the file describes the others:
    // pdfuaid is not predefined in ISO 19005-2.
    x.push_str(concat!(
        "   <pdfaExtension:schemas>\n",
        "    <rdf:Bag>\n",
        "     <rdf:li rdf:parseType=\"Resource\">\n",
        "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
        "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
        "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
        "      <pdfaSchema:property>\n",
        "       <rdf:Seq>\n",
        "        <rdf:li rdf:parseType=\"Resource\">\n",
        "         <pdfaProperty:name>part</pdfaProperty:name>\n",
        "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
        "         <pdfaProperty:category>internal</pdfaProperty:category>\n",
        "         <pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
        "        </rdf:li>\n",
        "       </rdf:Seq>\n",
        "      </pdfaSchema:property>\n",
        "     </rdf:li>\n",
        "    </rdf:Bag>\n",
        "   </pdfaExtension:schemas>\n",
    ));
    x.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    // Padding lets an editor update the packet in place, as the XMP specification suggests.
    for _ in 0..20 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The first Debian sRGB profile that is installed and usable for PDF/A (RGB, version < 5).
pub fn srgb_profile() -> Option<Vec<u8>> {
    SRGB_PROFILES
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .find(|b| b.len() > 128 && &b[16..20] == b"RGB " && b[8] < 5)
}

/// Writes the information dictionary, the XMP metadata stream and (when a profile is
/// installed) the output intent into `doc`. Returns whether PDF/A is claimed.
pub fn apply(doc: &mut Document, m: &Meta) -> Result<bool, String> {
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("no catalog: {e}"))?;
    let profile = srgb_profile();

    // The information dictionary holds exactly what the XMP says (PDF/A-2, 6.6.3).
    let mut info = Dictionary::new();
    info.set("Title", text_string(m.title));
    if !m.author.is_empty() {
        info.set("Author", text_string(m.author));
    }
    if !m.subject.is_empty() {
        info.set("Subject", text_string(m.subject));
    }
    if !m.keywords.is_empty() {
        info.set("Keywords", text_string(&m.keywords.join(", ")));
    }
    info.set("Creator", text_string("Kuni"));
    info.set("Producer", text_string(&producer()));
    let date = Object::String(pdf_date(m.timestamp).into_bytes(), StringFormat::Literal);
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));

    let mut sd = Dictionary::new();
    sd.set("Type", Object::Name(b"Metadata".to_vec()));
    sd.set("Subtype", Object::Name(b"XML".to_vec()));
    // PDF/A wants the packet readable without decoding: no filter.
    let stream = Stream::new(sd, packet(m, profile.is_some()).into_bytes()).with_compression(false);
    let metadata_id = doc.add_object(stream);

    let intent = profile.map(|icc| {
        let mut d = Dictionary::new();
        d.set("N", Object::Integer(3));
        let icc_id = doc.add_object(Stream::new(d, icc));
        let mut oi = Dictionary::new();
        oi.set("Type", Object::Name(b"OutputIntent".to_vec()));
        oi.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
        oi.set(
            "OutputConditionIdentifier",
            Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal),
        );
        oi.set(
            "Info",
            Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal),
        );
        oi.set("DestOutputProfile", Object::Reference(icc_id));
        doc.add_object(oi)
    });
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("catalog: {e}"))?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    let pdfa = intent.is_some();
    match intent {
        Some(oi) => catalog.set("OutputIntents", Object::Array(vec![Object::Reference(oi)])),
        None => {
            catalog.remove(b"OutputIntents");
        }
    }
    Ok(pdfa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_agree_and_text_is_escaped() {
        assert_eq!(pdf_date(1_795_000_000), "D:20261118110640+00'00'");
        assert_eq!(xmp_date(1_795_000_000), "2026-11-18T11:06:40+00:00");
        let m = Meta {
            title: "A & B <C>",
            author: "",
            subject: "",
            keywords: &[],
            lang: "ja-JP",
            timestamp: 0,
        };
        let x = packet(&m, true);
        assert!(x.contains("A &amp; B &lt;C&gt;"), "{x}");
        assert!(x.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        assert!(!x.contains("dc:creator"));
    }
}
