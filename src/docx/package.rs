//! The .docx container: an OPC zip package with its content types, relationships, core and
//! application properties.
//!
//! The same input gives the same bytes: parts are written in a fixed order, every entry has
//! the zip format's earliest timestamp (1980-01-01 00:00, so the time of the export is
//! nowhere but in the core properties, which come from the report), and nothing else varies.
//! That lets `kuni verify` and the manifest treat a .docx like a PDF.

use super::Properties;
use super::xml::{DECL, esc};
use std::io::Write;

/// A relationship of the document part.
#[derive(Debug, Clone, PartialEq)]
pub struct Rel {
    /// `rId…`.
    pub id: String,
    /// The relationship type URI.
    pub kind: &'static str,
    /// Target: a part path relative to `word/`, or an external address.
    pub target: String,
    /// `TargetMode="External"`.
    pub external: bool,
}

/// The parts of one document.
pub struct Parts {
    /// `word/document.xml`.
    pub document: String,
    /// `word/header1.xml`.
    pub header: String,
    /// `word/footer1.xml`.
    pub footer: String,
    /// `word/styles.xml`.
    pub styles: String,
    /// `word/settings.xml`.
    pub settings: String,
    /// `word/fontTable.xml`.
    pub font_table: String,
    /// `word/numbering.xml`.
    pub numbering: String,
    /// `word/footnotes.xml`.
    pub footnotes: String,
    /// Links and pictures of the document part.
    pub rels: Vec<Rel>,
    /// `word/media/…`.
    pub media: Vec<(String, Vec<u8>)>,
}

const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

fn content_types() -> String {
    let over = |part: &str, kind: &str| format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>");
    let mut s = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
    );
    for (part, kind) in [
        ("/word/document.xml", format!("{WML}.document.main+xml")),
        ("/word/styles.xml", format!("{WML}.styles+xml")),
        ("/word/settings.xml", format!("{WML}.settings+xml")),
        ("/word/fontTable.xml", format!("{WML}.fontTable+xml")),
        ("/word/numbering.xml", format!("{WML}.numbering+xml")),
        ("/word/footnotes.xml", format!("{WML}.footnotes+xml")),
        ("/word/header1.xml", format!("{WML}.header+xml")),
        ("/word/footer1.xml", format!("{WML}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ] {
        s.push_str(&over(part, &kind));
    }
    s.push_str("</Types>");
    s
}

fn relationships(rels: &[Rel]) -> String {
    let mut s = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for r in rels {
        s.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"{}/>",
            r.id,
            r.kind,
            esc(&r.target),
            if r.external {
                " TargetMode=\"External\""
            } else {
                ""
            }
        ));
    }
    s.push_str("</Relationships>");
    s
}

fn rel(id: &str, kind: &'static str, target: &str) -> Rel {
    Rel {
        id: id.into(),
        kind,
        target: target.into(),
        external: false,
    }
}

fn document_rels(extra: &[Rel]) -> String {
    let mut rels = vec![
        rel(
            "rIdStyles",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/styles"
            ),
            "styles.xml",
        ),
        rel(
            "rIdSettings",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/settings"
            ),
            "settings.xml",
        ),
        rel(
            "rIdFonts",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/fontTable"
            ),
            "fontTable.xml",
        ),
        rel(
            "rIdNumbering",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/numbering"
            ),
            "numbering.xml",
        ),
        rel(
            "rIdFootnotes",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/footnotes"
            ),
            "footnotes.xml",
        ),
        rel(
            "rIdHeader",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/header"
            ),
            "header1.xml",
        ),
        rel(
            "rIdFooter",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/footer"
            ),
            "footer1.xml",
        ),
    ];
    rels.extend_from_slice(extra);
    relationships(&rels)
}

fn package_rels() -> String {
    relationships(&[
        rel(
            "rId1",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/officeDocument"
            ),
            "word/document.xml",
        ),
        rel(
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        rel(
            "rId3",
            concat!(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "/extended-properties"
            ),
            "docProps/app.xml",
        ),
    ])
}

/// W3CDTF time, as core properties want it.
fn w3c(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// `docProps/core.xml`: the PDF's title, subject, author, keywords and dates.
fn core(p: &Properties) -> String {
    let when = w3c(p.timestamp);
    format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>{}</dc:language><cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:revision>{}</cp:revision><dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified></cp:coreProperties>",
        esc(&p.title),
        esc(&p.subject),
        esc(&p.author),
        // Joined as in the PDF's /Keywords.
        esc(&p.keywords.join(", ")),
        p.language,
        esc(&p.author),
        p.revision
    )
}

fn app() -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Kuni {}</Application><DocSecurity>0</DocSecurity></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The package's bytes.
pub fn zip(parts: &Parts, props: &Properties) -> Result<Vec<u8>, String> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let fixed = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    let deflated = fixed.compression_method(zip::CompressionMethod::Deflated);
    // Pictures are compressed already.
    let stored = fixed.compression_method(zip::CompressionMethod::Stored);
    let texts: [(&str, String); 13] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(props)),
        ("docProps/app.xml", app()),
        ("word/document.xml", parts.document.clone()),
        ("word/_rels/document.xml.rels", document_rels(&parts.rels)),
        ("word/styles.xml", parts.styles.clone()),
        ("word/settings.xml", parts.settings.clone()),
        ("word/fontTable.xml", parts.font_table.clone()),
        ("word/numbering.xml", parts.numbering.clone()),
        ("word/footnotes.xml", parts.footnotes.clone()),
        ("word/header1.xml", parts.header.clone()),
        ("word/footer1.xml", parts.footer.clone()),
    ];
    let err = |e: &dyn std::fmt::Display| e.to_string();
    for (name, text) in &texts {
        z.start_file(*name, deflated).map_err(|e| err(&e))?;
        z.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    for (name, bytes) in &parts.media {
        z.start_file(format!("word/media/{name}"), stored)
            .map_err(|e| err(&e))?;
        z.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(z.finish().map_err(|e| err(&e))?.into_inner())
}
