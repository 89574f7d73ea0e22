//! Paragraph and character styles, document settings and the font table.
//!
//! Headings use Word's built-in style ids and names (`Heading1` / "heading 1" …), so the
//! navigation pane, outline view and Word's own contents work, and Japanese Word shows them as
//! 見出し 1–6. Sizes, colours and spacing follow the PDF (`pdf::style`). Fonts: BIZ UD Mincho
//! for body text and BIZ UD Gothic for headings, tables and code as the East Asian faces
//! (`w:eastAsia`), their proportional BIZ UDP forms for Latin text, or the families of the
//! font files the settings name.

use super::xml::{DECL, W, esc, hex};
use crate::pdf::FontConfig;
use crate::pdf::style::{ACCENT, CALLOUT_BAR, CALLOUT_FILL, CODE_FILL, INK, LINK, MUTED, RULE};

/// Font family names for the styles.
#[derive(Debug, Clone, PartialEq)]
pub struct Fonts {
    /// Body text, East Asian.
    pub body: String,
    /// Body text, Latin.
    pub body_latin: String,
    /// Headings, tables, captions, East Asian.
    pub sans: String,
    /// The same, Latin.
    pub sans_latin: String,
    /// Code (BIZ UD Gothic's half-width forms are fixed-width).
    pub mono: String,
}

/// The family name in a font file (English, else any), if the file can be read.
fn family(path: &std::path::Path) -> Option<String> {
    let data = std::fs::read(path).ok()?;
    let face = ttf_parser::Face::parse(&data, 0).ok()?;
    let names: Vec<_> = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
        .collect();
    names
        .iter()
        .find(|n| n.language_id == 0x409)
        .or(names.first())
        .and_then(|n| n.to_string())
}

impl Fonts {
    /// The families of the configured fonts, else BIZ UD's.
    pub fn from_config(c: &FontConfig) -> Self {
        let pick = |p: &Option<std::path::PathBuf>, default: &str| {
            p.as_deref()
                .and_then(family)
                .unwrap_or_else(|| default.to_string())
        };
        let body = pick(&c.body, "BIZ UDMincho");
        let sans = pick(&c.sans, "BIZ UDGothic");
        Fonts {
            body_latin: if c.body.is_some() {
                body.clone()
            } else {
                "BIZ UDPMincho".into()
            },
            sans_latin: if c.sans.is_some() {
                sans.clone()
            } else {
                "BIZ UDPGothic".into()
            },
            mono: pick(&c.mono, "BIZ UDGothic"),
            body,
            sans,
        }
    }

    fn body_fonts(&self) -> String {
        rfonts(&self.body_latin, &self.body)
    }

    fn sans_fonts(&self) -> String {
        rfonts(&self.sans_latin, &self.sans)
    }
}

fn rfonts(latin: &str, east_asian: &str) -> String {
    let (l, e) = (esc(latin), esc(east_asian));
    format!("<w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{e}\" w:cs=\"{l}\"/>")
}

/// Half-points, as `w:sz` wants them.
fn sz(pt: f32) -> u32 {
    (pt * 2.0).round() as u32
}

/// One style. `ppr` and `rpr` are the inner elements, already in schema order.
struct Style<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    /// The style of every paragraph (or run) that names none; readers such as python-docx
    /// resolve an unstyled paragraph only through it, as Word writes it.
    default: bool,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ppr: String,
    rpr: String,
}

impl Style<'_> {
    fn xml(&self) -> String {
        let default = if self.default { " w:default=\"1\"" } else { "" };
        let mut s = format!(
            "<w:style w:type=\"{}\"{default} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            self.kind, self.id, self.name
        );
        if let Some(b) = self.based_on {
            s.push_str(&format!("<w:basedOn w:val=\"{b}\"/>"));
        }
        if let Some(n) = self.next {
            s.push_str(&format!("<w:next w:val=\"{n}\"/>"));
        }
        s.push_str("<w:qFormat/>");
        if !self.ppr.is_empty() {
            s.push_str(&format!("<w:pPr>{}</w:pPr>", self.ppr));
        }
        if !self.rpr.is_empty() {
            s.push_str(&format!("<w:rPr>{}</w:rPr>", self.rpr));
        }
        s.push_str("</w:style>");
        s
    }
}

fn para<'a>(id: &'a str, name: &'a str, ppr: String, rpr: String) -> Style<'a> {
    Style {
        kind: "paragraph",
        id,
        name,
        default: false,
        based_on: Some("Normal"),
        next: None,
        ppr,
        rpr,
    }
}

fn chars<'a>(id: &'a str, name: &'a str, rpr: String) -> Style<'a> {
    Style {
        kind: "character",
        id,
        name,
        default: false,
        based_on: Some("DefaultParagraphFont"),
        next: None,
        ppr: String::new(),
        rpr,
    }
}

/// Line spacing of at least `pt` points (pictures on their own lines still fit).
fn at_least(before: u32, after: u32, pt: f32) -> String {
    format!(
        "<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"{}\" w:lineRule=\"atLeast\"/>",
        (pt * 20.0).round() as u32
    )
}

fn border(side: &str, color: &str, eighths: u32, space: u32) -> String {
    format!("<w:{side} w:val=\"single\" w:sz=\"{eighths}\" w:space=\"{space}\" w:color=\"{color}\"/>")
}

/// `word/styles.xml`.
pub fn styles(f: &Fonts, lang: &str) -> String {
    let (ink, accent, muted, rule) = (hex(INK), hex(ACCENT), hex(MUTED), hex(RULE));
    let (bar, fill, code_fill) = (hex(CALLOUT_BAR), hex(CALLOUT_FILL), hex(CODE_FILL));
    let sans = f.sans_fonts();
    let color = |c: &str| format!("<w:color w:val=\"{c}\"/>");
    let size = |pt: f32| format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", sz(pt));
    let bold = "<w:b/><w:bCs/>";
    let mut list: Vec<Style> = Vec::new();
    list.push(Style {
        kind: "paragraph",
        id: "Normal",
        name: "Normal",
        default: true,
        based_on: None,
        next: None,
        ppr: format!("{}<w:jc w:val=\"both\"/>", at_least(0, 120, 18.9)),
        rpr: String::new(),
    });
    // Word's default character style: runs without a style of their own resolve to it.
    list.push(Style {
        kind: "character",
        id: "DefaultParagraphFont",
        name: "Default Paragraph Font",
        default: true,
        based_on: None,
        next: None,
        ppr: String::new(),
        rpr: String::new(),
    });
    let heading_names = [
        "heading 1",
        "heading 2",
        "heading 3",
        "heading 4",
        "heading 5",
        "heading 6",
    ];
    let heading_ids = [
        "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6",
    ];
    for level in 0..6 {
        let (pt, before, after, col) = match level {
            0 | 1 => (15.0, 320, 160, &accent),
            2 => (12.5, 240, 80, &accent),
            _ => (11.0, 160, 40, &ink),
        };
        // Levels 1 and 2 are underlined by a rule, as in the PDF.
        let bdr = if level <= 1 {
            format!("<w:pBdr>{}</w:pBdr>", border("bottom", &accent, 8, 2))
        } else {
            String::new()
        };
        let mut s = para(
            heading_ids[level],
            heading_names[level],
            format!(
                "<w:keepNext/><w:keepLines/>{bdr}{}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"{level}\"/>",
                at_least(before, after, pt * 1.5)
            ),
            format!("{sans}{bold}{}{}", color(col), size(pt)),
        );
        s.next = Some("Normal");
        list.push(s);
    }
    list.push(para(
        "Title",
        "Title",
        format!("<w:keepNext/>{}<w:jc w:val=\"left\"/>", at_least(120, 560, 34.0)),
        format!("{sans}{bold}{}<w:kern w:val=\"28\"/>{}", color(&ink), size(22.0)),
    ));
    list.push(para(
        "Subtitle",
        "Subtitle",
        format!("<w:keepNext/>{}<w:jc w:val=\"left\"/>", at_least(4200, 120, 24.0)),
        format!("{sans}{bold}{}{}", color(&accent), size(14.0)),
    ));
    list.push(para(
        "CoverFirst",
        "Cover Details First",
        format!(
            "<w:pBdr>{}</w:pBdr>{}<w:jc w:val=\"left\"/>",
            border("top", &rule, 6, 14),
            at_least(0, 0, 20.0)
        ),
        format!("{sans}{}", size(11.0)),
    ));
    list.push(para(
        "CoverDetail",
        "Cover Details",
        format!("{}<w:jc w:val=\"left\"/>", at_least(0, 0, 20.0)),
        format!("{sans}{}", size(11.0)),
    ));
    list.push(para(
        "ListParagraph",
        "List Paragraph",
        format!("{}<w:contextualSpacing/>", at_least(0, 60, 18.9)),
        String::new(),
    ));
    list.push(para(
        "Quote",
        "Quote",
        format!(
            "<w:pBdr>{}</w:pBdr>{}<w:ind w:left=\"284\" w:right=\"284\"/>",
            border("left", &rule, 18, 8),
            at_least(0, 60, 18.9)
        ),
        color(&muted),
    ));
    list.push(para(
        "Callout",
        "Callout",
        format!(
            "<w:pBdr>{}{}{}{}</w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>{}<w:ind w:left=\"340\" w:right=\"227\"/>",
            border("top", &fill, 4, 4),
            border("left", &bar, 24, 8),
            border("bottom", &fill, 4, 4),
            border("right", &fill, 4, 8),
            at_least(0, 60, 18.9)
        ),
        String::new(),
    ));
    list.push(para(
        "Code",
        "Code",
        format!(
            "<w:pBdr>{}{}{}{}</w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{code_fill}\"/><w:spacing w:before=\"60\" w:after=\"180\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"113\" w:right=\"113\"/><w:jc w:val=\"left\"/>",
            border("top", &code_fill, 4, 4),
            border("left", &code_fill, 4, 4),
            border("bottom", &code_fill, 4, 4),
            border("right", &code_fill, 4, 4)
        ),
        format!("{}<w:noProof/>{}", rfonts(&f.mono, &f.mono), size(8.8)),
    ));
    list.push(para(
        "Figure",
        "Figure",
        format!("<w:keepNext/>{}<w:jc w:val=\"center\"/>", at_least(60, 60, 18.9)),
        String::new(),
    ));
    list.push(para(
        "Caption",
        "caption",
        format!("{}<w:jc w:val=\"center\"/>", at_least(0, 160, 14.0)),
        format!("{sans}{}{}", color(&muted), size(9.0)),
    ));
    list.push(para(
        "TableText",
        "Table Text",
        format!("{}<w:jc w:val=\"left\"/>", at_least(0, 0, 13.95)),
        format!("{sans}{}", size(9.0)),
    ));
    let mut th = para(
        "TableHeading",
        "Table Heading",
        String::new(),
        format!("{bold}{}", color(&accent)),
    );
    th.based_on = Some("TableText");
    list.push(th);
    list.push(para(
        "AfterTable",
        "Table Spacing",
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>".into(),
        size(6.0),
    ));
    list.push(para(
        "FootnoteText",
        "footnote text",
        format!("{}<w:jc w:val=\"left\"/>", at_least(0, 40, 13.0)),
        size(8.5),
    ));
    list.push(para(
        "TOCHeading",
        "TOC Heading",
        format!(
            "<w:keepNext/><w:pBdr>{}</w:pBdr>{}<w:jc w:val=\"left\"/>",
            border("bottom", &accent, 8, 2),
            at_least(0, 280, 26.0)
        ),
        format!("{sans}{bold}{}{}", color(&accent), size(16.0)),
    ));
    for (id, name, ind, strong) in [
        ("TOC1", "toc 1", 0, true),
        ("TOC2", "toc 2", 0, true),
        ("TOC3", "toc 3", 320, false),
    ] {
        let mut s = para(
            id,
            name,
            format!(
                "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"380\" w:lineRule=\"exact\"/><w:ind w:left=\"{ind}\"/><w:jc w:val=\"left\"/>"
            ),
            format!(
                "{sans}{}{}",
                if strong { bold } else { "" },
                size(if strong { 10.5 } else { 10.0 })
            ),
        );
        s.next = Some("Normal");
        list.push(s);
    }
    list.push(para(
        "Header",
        "header",
        format!(
            "<w:pBdr>{}</w:pBdr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>",
            border("bottom", &rule, 4, 4)
        ),
        format!("{sans}{}{}", color(&muted), size(8.0)),
    ));
    list.push(para(
        "Footer",
        "footer",
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>".into(),
        format!("{sans}{}{}", color(&muted), size(8.0)),
    ));
    list.push(chars("Strong", "Strong", format!("{sans}{bold}")));
    list.push(chars("Emphasis", "Emphasis", format!("{sans}<w:i/><w:iCs/>")));
    list.push(chars(
        "CodeChar",
        "Code Char",
        format!("{}<w:noProof/>{}", rfonts(&f.mono, &f.mono), size(9.6)),
    ));
    list.push(chars(
        "Hyperlink",
        "Hyperlink",
        format!("{}<w:u w:val=\"single\"/>", color(&hex(LINK))),
    ));
    list.push(chars(
        "FootnoteReference",
        "footnote reference",
        "<w:vertAlign w:val=\"superscript\"/>".into(),
    ));
    list.push(chars(
        "CalloutLabel",
        "Callout Label",
        format!("{sans}{bold}{}{}", color(&bar), size(10.0)),
    ));

    // Defaults: body face and size, ink, the document language with Japanese for East Asian
    // text; kinsoku (line-start and line-end rules), punctuation overflow and automatic
    // spacing between Japanese and Latin text or digits on, as Word does for Japanese.
    let east_asian = "ja-JP";
    let mut s = format!(
        "{DECL}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>{}{}<w:kern w:val=\"2\"/>{}<w:lang w:val=\"{lang}\" w:eastAsia=\"{east_asian}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE/><w:autoSpaceDN/></w:pPr></w:pPrDefault></w:docDefaults>",
        f.body_fonts(),
        color(&ink),
        size(crate::pdf::style::BODY_SIZE),
    );
    for st in &list {
        s.push_str(&st.xml());
    }
    s.push_str("</w:styles>");
    s
}

/// `word/settings.xml`: Word 2013+ layout, the footnote separators, no punctuation
/// compression (the PDF sets full-width punctuation at full width), Japanese as the East Asian
/// language of theme fonts.
pub fn settings(lang: &str) -> String {
    format!(
        "{DECL}<w:settings xmlns:w=\"{W}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"840\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{lang}\" w:eastAsia=\"ja-JP\"/></w:settings>"
    )
}

/// `word/fontTable.xml`: the faces used, with their Japanese names and the Shift JIS
/// character set, so Word substitutes a Japanese face where they are not installed.
pub fn font_table(f: &Fonts) -> String {
    let mut names: Vec<&str> = vec![&f.body, &f.body_latin, &f.sans, &f.sans_latin, &f.mono];
    names.dedup();
    let mut seen = std::collections::BTreeSet::new();
    let mut s = format!("{DECL}<w:fonts xmlns:w=\"{W}\">");
    for n in names {
        if !seen.insert(n) {
            continue;
        }
        let family = if n.contains("Mincho") { "roman" } else { "modern" };
        let pitch = if n.contains("UDP") { "variable" } else { "fixed" };
        let alt = match n {
            "BIZ UDMincho" => "BIZ UD明朝",
            "BIZ UDPMincho" => "BIZ UDP明朝",
            "BIZ UDGothic" => "BIZ UDゴシック",
            "BIZ UDPGothic" => "BIZ UDPゴシック",
            _ => "",
        };
        s.push_str(&format!("<w:font w:name=\"{}\">", esc(n)));
        if !alt.is_empty() {
            s.push_str(&format!("<w:altName w:val=\"{alt}\"/>"));
        }
        s.push_str(&format!(
            "<w:charset w:val=\"80\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        ));
    }
    s.push_str("</w:fonts>");
    s
}
