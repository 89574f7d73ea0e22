//! Pages of items → a PDF document, written by printpdf a few pages at a time.
//!
//! Fonts are subset here (subsetter, the subsetter Typst uses) before printpdf sees them:
//! printpdf only subsets with its heavy `text_layout` feature, and without subsetting each
//! BIZ UD face would embed whole (4 MB). Every glyph is shown by id with its source text, which
//! printpdf writes into the font's ToUnicode map.
//!
//! printpdf serialises a whole document at once, holding every page's operations and then
//! every page's content as PDF objects. So that a long report neither waits for one core
//! nor holds it all in memory, the pages go to printpdf in chunks, on two threads: each
//! chunk's content streams are taken out and deflated, and its pages' items dropped. One
//! more printpdf document, the frame, has every page with its link annotations and one
//! page showing every glyph used with its text, so that printpdf writes the fonts (widths,
//! ToUnicode), the images, the page tree and the annotations once for the whole file; the
//! chunks' content streams then take the place of the frame's.

use super::fonts::Fonts;
use super::layout::{ImageData, Item, Page};
use super::ops::{Anchors, FontIds, Refs, Subset, link_ops, page_ops};
use super::shape::SUBSTITUTE_TEXT;
use super::style::{PAGE_H, PAGE_W};
use super::tags::{Tree, Written};
use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    RawImage, TextItem, XObject, XObjectId,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Document information for the PDF.
pub struct Info {
    /// Title.
    pub title: String,
    /// Author.
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Creation and modification time, seconds since the Unix epoch.
    pub timestamp: i64,
}

impl Info {
    /// The same information for the XMP metadata.
    pub fn meta<'a>(&'a self, lang: &'a str) -> super::xmp::Meta<'a> {
        super::xmp::Meta {
            title: &self.title,
            author: &self.author,
            subject: &self.subject,
            keywords: &self.keywords,
            lang,
            timestamp: self.timestamp,
        }
    }
}

/// Pages per printpdf chunk: small enough that a chunk's operations and objects are a few
/// megabytes, large enough that printpdf's fixed cost per document is small beside the pages'.
const CHUNK_PAGES: usize = 8;

/// What every chunk and the frame share.
struct Shared<'a> {
    refs: Refs<'a>,
    /// The subset fonts, by printpdf id (for the frame).
    pdf_fonts: BTreeMap<FontId, PdfFont>,
    /// The decoded images by index (None: could not be decoded).
    raw_images: Vec<Option<RawImage>>,
}

/// A chunk written: its first page, each page's deflated content stream, and where its
/// structure elements went.
struct Chunk {
    first: usize,
    streams: Vec<lopdf::Stream>,
    written: Written,
}

/// The fonts of a document, made before the pages are written: once they exist, the font
/// files are no longer needed.
pub struct Subsets {
    fonts: FontIds,
    /// The subset fonts, by printpdf id (for the frame).
    pdf_fonts: BTreeMap<FontId, PdfFont>,
    /// One show of every glyph used, with its text, per font (see `write_frame`).
    every_glyph: Vec<Op>,
}

/// The subset of each font `pages` use, with compact glyph ids.
pub fn subset(fonts: &Fonts, pages: &[Page]) -> Result<Subsets, String> {
    // Glyphs used per font, with the text of each (as printpdf keeps it: the last seen).
    let mut used: BTreeMap<usize, BTreeMap<u16, &str>> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| p.back.iter().chain(&p.items)) {
        if let Item::Glyphs { font, glyphs, .. } = item {
            let texts = used.entry(*font).or_default();
            for g in glyphs {
                // A stand-in maps to itself; its span's /ActualText has the real character.
                texts.insert(g.gid, if g.substitute { SUBSTITUTE_TEXT } else { &g.text });
            }
        }
    }
    let mut font_ids: FontIds = HashMap::new();
    let mut pdf_fonts = BTreeMap::new();
    for (font, gids) in &used {
        let face = &fonts.faces[*font];
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        for gid in gids.keys() {
            remapper.remap(*gid);
        }
        let bytes = subsetter::subset(face.data, face.index, &remapper)
            .map_err(|e| format!("subsetting font {}: {e:?}", face.name))?;
        let unreadable = || format!("the subset of font {} cannot be read back", face.name);
        let advances = {
            let sub = ttf_parser::Face::parse(&bytes, 0).map_err(|_| unreadable())?;
            let upem = f32::from(sub.units_per_em());
            (0..sub.number_of_glyphs())
                .map(|g| {
                    sub.glyph_hor_advance(ttf_parser::GlyphId(g))
                        .map_or(0.0, |a| f32::from(a) / upem)
                })
                .collect()
        };
        let mut font_warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut font_warnings).ok_or_else(unreadable)?;
        // Our own ids instead of `add_font`'s: printpdf numbers ids from a process-wide
        // counter, and fonts are written in id order, so the same report would give
        // different bytes depending on what the process typeset before.
        let id = FontId(format!("F{font}"));
        pdf_fonts.insert(id.clone(), PdfFont::new(parsed));
        font_ids.insert(
            *font,
            Subset {
                id,
                remapper,
                advances,
            },
        );
    }
    // One show of every glyph, with its text, per font: from it printpdf writes each font's
    // widths and ToUnicode map for the whole document.
    let mut every_glyph = vec![Op::StartTextSection];
    for (font, texts) in &used {
        let Subset { id, remapper, .. } = &font_ids[font];
        every_glyph.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        let points = texts
            .iter()
            .map(|(gid, text)| Codepoint {
                gid: remapper.get(*gid).unwrap_or(0),
                offset: 0.0,
                cid: Some((*text).to_string()),
            })
            .collect();
        every_glyph.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(points)],
        });
    }
    every_glyph.push(Op::EndTextSection);
    Ok(Subsets {
        fonts: font_ids,
        pdf_fonts,
        every_glyph,
    })
}

/// Writes `pages` (images referenced by index into `images`) with the fonts `subsets` and
/// returns the document and where each structure element of `tree` went (marked-content ids
/// and annotations). The pages are consumed: each chunk's items are freed once printpdf has
/// written them.
pub fn write(
    subsets: Subsets,
    pages: Vec<Page>,
    images: &[ImageData],
    anchors: &Anchors,
    info: &Info,
    tree: &Tree,
    warnings: &mut Vec<String>,
) -> Result<(lopdf::Document, Written), String> {
    let Subsets {
        fonts: font_ids,
        pdf_fonts,
        every_glyph,
    } = subsets;
    let mut image_ids = Vec::with_capacity(images.len());
    let mut raw_images = Vec::with_capacity(images.len());
    for (i, img) in images.iter().enumerate() {
        let mut w = Vec::new();
        match RawImage::decode_from_bytes(&img.bytes, &mut w) {
            Ok(raw) => {
                image_ids.push(Some((XObjectId(format!("I{i}")), raw.width as u32)));
                raw_images.push(Some(raw));
            }
            Err(e) => {
                warnings.push(format!("image {} could not be decoded ({e}); left out", i + 1));
                image_ids.push(None);
                raw_images.push(None);
            }
        }
    }
    let shared = Shared {
        refs: Refs {
            font_ids,
            image_ids,
            anchors,
            tree,
        },
        pdf_fonts,
        raw_images,
    };

    // The frame's pages: each page's link annotations; the first also shows every glyph.
    let mut frame_pages: Vec<Vec<Op>> = pages.iter().map(|p| link_ops(p, anchors)).collect();
    if let Some(first) = frame_pages.first_mut() {
        first.extend(every_glyph);
    }
    let page_count = pages.len();
    let mut queue = Vec::new();
    let mut pages = pages.into_iter();
    let mut first = 0;
    while first < page_count {
        let chunk: Vec<Page> = pages.by_ref().take(CHUNK_PAGES).collect();
        queue.push((first, chunk));
        first += CHUNK_PAGES;
    }
    queue.reverse(); // taken from the end: first pages first
    let queue = Mutex::new(queue);
    let done: Mutex<Vec<Chunk>> = Mutex::new(Vec::new());
    let failed: Mutex<Option<String>> = Mutex::new(None);
    let work = || {
        loop {
            let next = queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop();
            let Some((first, chunk)) = next else { break };
            match write_chunk(&shared, first, chunk) {
                Ok(c) => done
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(c),
                Err(e) => *failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(e),
            }
        }
    };
    let mut frame = std::thread::scope(|s| {
        s.spawn(work);
        // This thread writes the frame first, then helps with the chunks.
        let frame = write_frame(&shared, info, frame_pages);
        work();
        frame
    });
    if let Some(e) = failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(e);
    }
    let mut chunks = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    chunks.sort_by_key(|c| c.first);

    // The chunks' content streams into the frame's pages, and their records joined in page
    // order (so each element's content stays in reading order).
    let page_ids: Vec<lopdf::ObjectId> = frame.get_pages().values().copied().collect();
    let mut written = Written::default();
    for chunk in chunks {
        for (k, stream) in chunk.streams.into_iter().enumerate() {
            let page = page_ids
                .get(chunk.first + k)
                .ok_or_else(|| "printpdf wrote fewer pages than were laid out".to_string())?;
            let contents = frame
                .get_dictionary(*page)
                .and_then(|d| d.get(b"Contents"))
                .and_then(lopdf::Object::as_reference)
                .map_err(|e| format!("page {} has no content stream: {e}", chunk.first + k + 1))?;
            frame.objects.insert(contents, lopdf::Object::Stream(stream));
        }
        for (n, placed) in chunk.written.content {
            written.content.entry(n).or_default().extend(placed);
        }
        for (n, placed) in chunk.written.annots {
            written.annots.entry(n).or_default().extend(placed);
        }
        written.mcids.extend(chunk.written.mcids);
    }
    Ok((frame, written))
}

/// The frame: every page with its annotations (so that printpdf resolves links between
/// pages), the fonts, the images and the document information; its content streams are
/// replaced by the chunks'.
fn write_frame(shared: &Shared, info: &Info, pages: Vec<Vec<Op>>) -> lopdf::Document {
    let mut doc = PdfDocument::new(&info.title);
    set_info(&mut doc, info);
    doc.resources.fonts.map = shared.pdf_fonts.clone();
    for (id, raw) in shared.refs.image_ids.iter().zip(&shared.raw_images) {
        if let (Some((id, _)), Some(raw)) = (id, raw) {
            doc.resources
                .xobjects
                .map
                .insert(id.clone(), XObject::Image(raw.clone()));
        }
    }
    doc.with_pages(
        pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)), ops))
            .collect(),
    );
    let mut save_warnings = Vec::new();
    doc.to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings)
}

/// One chunk of pages through printpdf: their operations (the items are dropped page by
/// page as they are turned into operations), a document of them with the images they use,
/// and its content streams deflated. The chunk carries no fonts: the glyph ids are already
/// the subsets' (so printpdf has nothing to renumber), and a font would only make printpdf
/// prepare its widths and ToUnicode map again for every chunk, which the frame does once.
/// (printpdf then writes each text show as given, one `TJ` per show, which is what it
/// wrote for Kuni's shows with the fonts too: the content streams are byte for byte the
/// same, checked on the 100-page benchmark report.)
fn write_chunk(shared: &Shared, first: usize, pages: Vec<Page>) -> Result<Chunk, String> {
    let mut written = Written::default();
    let mut doc = PdfDocument::new("");
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for (k, page) in pages.into_iter().enumerate() {
        for item in page.back.iter().chain(&page.items) {
            if let Item::Image { index, .. } = item
                && let (Some(Some((id, _))), Some(Some(raw))) =
                    (shared.refs.image_ids.get(*index), shared.raw_images.get(*index))
                && !doc.resources.xobjects.map.contains_key(id)
            {
                doc.resources
                    .xobjects
                    .map
                    .insert(id.clone(), XObject::Image(raw.clone()));
            }
        }
        let ops = page_ops(&shared.refs, &page, first + k, &mut written);
        drop(page);
        pdf_pages.push(PdfPage::new(Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)), ops));
    }
    let count = pdf_pages.len();
    doc.with_pages(pdf_pages);
    let mut save_warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings);
    drop(doc);
    let ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    if ids.len() != count {
        return Err(format!("printpdf wrote {} of {count} pages", ids.len()));
    }
    let mut streams = Vec::with_capacity(count);
    for id in ids {
        let contents = lo
            .get_dictionary(id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("a page without content: {e}"))?;
        let Some(lopdf::Object::Stream(mut stream)) = lo.objects.remove(&contents) else {
            return Err("a page's content is not a stream".to_string());
        };
        super::outline::deflate(&mut stream);
        streams.push(stream);
    }
    Ok(Chunk {
        first,
        streams,
        written,
    })
}

fn set_info(doc: &mut PdfDocument, info: &Info) {
    let when = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::now_utc());
    let meta = &mut doc.metadata.info;
    meta.document_title = info.title.clone();
    meta.author = info.author.clone();
    meta.subject = info.subject.clone();
    meta.keywords = info.keywords.clone();
    meta.creator = "Kuni".to_string();
    meta.producer = format!("Kuni {}", env!("CARGO_PKG_VERSION"));
    meta.creation_date = when;
    meta.modification_date = when;
    meta.metadata_date = when;
}
