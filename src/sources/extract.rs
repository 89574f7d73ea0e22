//! A fetched page's main text: what a reader of the page would call its content, one
//! paragraph per line, so that two editions of a page can be compared line by line.
//!
//! HTML is decoded from its declared charset (the `Content-Type` header, a BOM or a `<meta>`
//! in the first bytes; Shift_JIS and EUC-JP included), then read without scripts, styles,
//! navigation, headers, footers and forms' controls; when the page marks its `<main>`, only
//! that. A PDF gives the text of its pages. Anything else is not text: only its hash is kept.

use unicode_normalization::UnicodeNormalization;

/// What a body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// Text, normalised (NFKC, one paragraph per line, spaces collapsed).
    Text {
        /// The page's `<title>` (HTML only), normalised.
        title: Option<String>,
        /// The main text.
        text: String,
    },
    /// Not a page Kuni can read (an image, an archive, a PDF without text).
    NotText,
}

/// Extracts the text of `body`, served as `content_type`.
pub fn extract(body: &[u8], content_type: Option<&str>) -> Extracted {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let sniffed_pdf = body.starts_with(b"%PDF-");
    if mime == "application/pdf" || (sniffed_pdf && !mime.starts_with("text/")) {
        return pdf_text(body);
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    let html = mime.contains("html") || (mime.is_empty() && head.contains("<html"));
    if html {
        let decoded = decode(body, charset_of(content_type).or_else(|| meta_charset(&head)));
        let (title, text) = html_text(&decoded);
        return Extracted::Text {
            title: title
                .map(|t| normalise(&t).trim_end().to_string())
                .filter(|t| !t.is_empty()),
            text: normalise(&text),
        };
    }
    if mime.starts_with("text/") || (mime.is_empty() && std::str::from_utf8(body).is_ok()) {
        let decoded = decode(body, charset_of(content_type));
        return Extracted::Text {
            title: None,
            text: normalise(&decoded),
        };
    }
    Extracted::NotText
}

/// NFKC (full-width Latin and digits, half-width kana made one form), each line trimmed and
/// its spaces collapsed, empty lines dropped.
pub fn normalise(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    for line in nfkc.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
        out.push('\n');
    }
    out
}

fn charset_of(content_type: Option<&str>) -> Option<String> {
    let ct = content_type?.to_ascii_lowercase();
    let (_, rest) = ct.split_once("charset=")?;
    let value = rest.split(';').next()?.trim().trim_matches(['"', '\'']);
    (!value.is_empty()).then(|| value.to_string())
}

/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
fn meta_charset(head: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some((_, rest)) = tag.split_once("charset=") {
            let value: String = rest
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        from = end;
    }
    None
}

/// Decodes with the BOM first, then the declared label, then UTF-8 when valid, else
/// windows-1252 (what browsers assume of an undeclared page).
fn decode(body: &[u8], label: Option<String>) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(body) {
        return enc.decode_with_bom_removal(body).0.into_owned();
    }
    if let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        return enc.decode_without_bom_handling(body).0.into_owned();
    }
    match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
    }
}

/// Elements whose content is not the page's text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "iframe", "select",
    "button", "head", "object", "canvas",
];

/// Elements that end a paragraph (a line of the extracted text).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "form",
    "body",
    "caption",
    "figcaption",
    "address",
    "fieldset",
    "legend",
];

/// The `<title>` and the main text of an HTML document. A small tolerant tokenizer: pages
/// from many regulators' content systems are not well-formed, and only text is wanted.
fn html_text(html: &str) -> (Option<String>, String) {
    let lower = html.to_ascii_lowercase();
    let has_main = lower.contains("<main") || lower.contains("role=\"main\"");
    let mut title = None;
    let mut out = String::new();
    let mut skip: Vec<String> = Vec::new();
    let mut main_depth = 0usize;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |e| i + e);
            if skip.is_empty() && (!has_main || main_depth > 0) {
                out.push_str(&entities(&html[i..end]));
            }
            i = end;
            continue;
        }
        if lower[i..].starts_with("<!--") {
            i = lower[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let end = match html[i..].find('>') {
            Some(e) => i + e + 1,
            None => break,
        };
        let tag = &lower[i + 1..end - 1];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        i = end;
        if name.is_empty() {
            continue;
        }
        if name == "title" && !closing && title.is_none() {
            let close = lower[i..].find("</title").map_or(html.len(), |e| i + e);
            title = Some(entities(&html[i..close]));
            i = close;
            continue;
        }
        // Raw text elements: their content is never markup, skip to the closing tag.
        if !closing && matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            i = lower[i..].find(&close).map_or(html.len(), |e| i + e);
            continue;
        }
        let main_like = name == "main" || tag.contains("role=\"main\"");
        if SKIPPED.contains(&name.as_str()) {
            if closing {
                if let Some(pos) = skip.iter().rposition(|s| *s == name) {
                    skip.truncate(pos);
                }
            } else if !tag.ends_with('/') {
                skip.push(name.clone());
            }
            continue;
        }
        if main_like && !closing {
            main_depth += 1;
        } else if name == "main" && closing {
            main_depth = main_depth.saturating_sub(1);
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push(' ');
        }
    }
    (title, out)
}

/// Decodes character references: numeric ones and the named ones pages actually use.
fn entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32)
            } else {
                named(name)
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "yen" => '¥',
        "euro" => '€',
        "times" => '×',
        _ => return None,
    })
}

/// The text of a PDF's pages, or `NotText` when it has none (a scan) or cannot be read.
fn pdf_text(body: &[u8]) -> Extracted {
    let Ok(doc) = lopdf::Document::load_mem(body) else {
        return Extracted::NotText;
    };
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    match doc.extract_text(&pages) {
        Ok(text) if !text.trim().is_empty() => Extracted::Text {
            title: None,
            text: normalise(&text),
        },
        _ => Extracted::NotText,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &[u8], ct: Option<&str>) -> String {
        match extract(body, ct) {
            Extracted::Text { text, .. } => text,
            Extracted::NotText => panic!("not text"),
        }
    }

    #[test]
    fn html_keeps_the_content_and_drops_the_chrome() {
        let page = r#"<!doctype html><html><head><title>Circular &amp; notice</title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><header>Ministry</header><nav><a href="/">Home</a></nav>
            <p>Class&nbsp;B devices need&#x3a; a licence.</p><!-- hidden -->
            <table><tr><td>A</td><td>30 days</td></tr></table><footer>© 2026</footer></body></html>"#;
        let got = extract(page.as_bytes(), Some("text/html"));
        let Extracted::Text { title, text } = got else {
            panic!("not text")
        };
        assert_eq!(title.as_deref(), Some("Circular & notice"));
        assert_eq!(text, "Class B devices need: a licence.\nA 30 days\n");
    }

    #[test]
    fn main_element_wins_when_present() {
        let page =
            "<html><body><div>Menu item</div><main><p>本文です。</p></main><div>Related</div></body></html>";
        assert_eq!(text(page.as_bytes(), Some("text/html")), "本文です。\n");
    }

    #[test]
    fn shift_jis_and_euc_jp_pages_are_decoded_from_their_declaration() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<html><body><p>医療機器の登録</p></body></html>");
        assert_eq!(
            text(&sjis, Some("text/html; charset=Shift_JIS")),
            "医療機器の登録\n"
        );
        let (euc, _, _) = encoding_rs::EUC_JP
            .encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\"></head><body><p>薬事制度</p></body></html>");
        assert_eq!(text(&euc, Some("text/html")), "薬事制度\n");
    }

    #[test]
    fn normalising_makes_width_and_spacing_one_form() {
        assert_eq!(
            normalise("  ＡＢＣ　１２３ \n\n ｶﾀｶﾅ  x\t y "),
            "ABC 123\nカタカナ x y\n"
        );
    }

    #[test]
    fn binary_is_not_text() {
        assert_eq!(
            extract(&[0x89, b'P', b'N', b'G', 0, 1, 2], Some("image/png")),
            Extracted::NotText
        );
    }
}
