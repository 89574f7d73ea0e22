//! Touch-ups printpdf does not do, made with lopdf on the document printpdf built (handed
//! over in memory, never written and parsed back): a nested outline with
//! destinations at each heading, the document language, the viewer showing the title and
//! the outline, and no PDF/X label on a file that is not PDF/X.

use super::tags::{Tree, Written};
use super::xmp::Meta;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// Everything added to the saved file.
pub struct Finish<'a> {
    /// Outline entries.
    pub entries: &'a [Entry],
    /// Metadata (its `lang` is the catalog's /Lang).
    pub meta: Meta<'a>,
    /// The structure recorded by the layout.
    pub tree: &'a Tree,
    /// Where the writer put each element's content.
    pub written: &'a Written,
}

/// One outline entry: level (1 = top), title, 0-based page index, y from the bottom.
pub struct Entry {
    /// Nesting level, 1 = top.
    pub level: u8,
    /// Title.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// PDF y of the heading's top.
    pub y: f32,
}

fn text_string(s: &str) -> Object {
    // UTF-16BE with a byte-order mark: how PDF text strings carry Japanese.
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Applies the touch-ups to `doc`, compresses its streams and returns the file's bytes, and whether the file claims
/// PDF/A (it does when an sRGB profile is installed for its output intent).
pub fn finish(mut doc: Document, f: &Finish) -> Result<(Vec<u8>, bool), String> {
    let entries = f.entries;
    let lang = f.meta.lang;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("no catalog: {e}"))?;

    if !entries.is_empty() {
        let outlines_id = doc.new_object_id();
        let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
        // Parent of each entry: the nearest earlier entry of a lower level.
        let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
                stack.pop();
            }
            parent.push(stack.last().copied());
            stack.push(i);
        }
        let children =
            |p: Option<usize>| -> Vec<usize> { (0..entries.len()).filter(|&i| parent[i] == p).collect() };
        for (i, e) in entries.iter().enumerate() {
            let mut d = Dictionary::new();
            d.set("Title", text_string(&e.title));
            d.set(
                "Parent",
                Object::Reference(parent[i].map_or(outlines_id, |p| ids[p])),
            );
            let siblings = children(parent[i]);
            let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
            if pos > 0 {
                d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
            }
            if let Some(&n) = siblings.get(pos + 1) {
                d.set("Next", Object::Reference(ids[n]));
            }
            let kids = children(Some(i));
            if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
                d.set("First", Object::Reference(ids[f]));
                d.set("Last", Object::Reference(ids[l]));
                d.set("Count", Object::Integer(-(kids.len() as i64)));
            }
            if let Some(page) = pages.get(e.page) {
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(*page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Integer(0),
                        Object::Real(e.y),
                        Object::Null,
                    ]),
                );
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
        let top = children(None);
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Outlines".to_vec()));
        if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
            root.set("First", Object::Reference(ids[f]));
            root.set("Last", Object::Reference(ids[l]));
        }
        root.set("Count", Object::Integer(top.len() as i64));
        doc.objects.insert(outlines_id, Object::Dictionary(root));
        let catalog = doc
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("catalog: {e}"))?;
        catalog.set("Outlines", Object::Reference(outlines_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("catalog: {e}"))?;
    catalog.set(
        "Lang",
        Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    // printpdf's information dictionary (with an empty PDF/X marker) is replaced by one
    // that says exactly what the XMP metadata says.
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&info_id);
    }
    super::tags::build(&mut doc, f.tree, f.written)?;
    let pdfa = super::xmp::apply(&mut doc, &f.meta)?;
    tag_subset_fonts(&mut doc);
    doc.version = "1.7".to_string();
    // printpdf's file identifier comes from a process-wide counter; the identifier the PDF
    // specification suggests is a digest of the content, which also makes the same input
    // give the same bytes (the website and deliveries are reproducible). The file is
    // written once with a zero identifier of the final length, digested, and the digest put
    // in its place.
    let zero = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![zero.clone(), zero]));
    compress_streams(&mut doc);
    // Object streams (allowed by PDF/A-2) compress the thousands of small structure
    // elements, which would otherwise be most of the file.
    let mut out = super::file::write(doc, 6);
    let placeholder = format!("<{}>", "0".repeat(32)).into_bytes();
    let at: Vec<usize> = out
        .windows(placeholder.len())
        .enumerate()
        .filter(|(_, w)| *w == placeholder.as_slice())
        .map(|(i, _)| i)
        .collect();
    use sha2::Digest;
    let digest = sha2::Sha256::digest(&out);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    // The trailer is written last: its two entries are the last two matches.
    for i in at.iter().rev().take(2) {
        out[i + 1..i + 33].copy_from_slice(hex.as_bytes());
    }
    Ok((out, pdfa))
}

/// Deflates every stream not yet compressed (content streams, font programs; the XMP packet
/// stays plain as PDF/A asks), on two threads: the streams are independent, and deflating
/// them is the largest single cost of writing the file. lopdf's own `compress` uses the
/// slowest level; level 6 gives files within a percent of it in a fraction of the time.
fn compress_streams(doc: &mut Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    // Largest first, dealt out alternately, so the two threads get about equal work.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (i, s) in streams.into_iter().enumerate() {
        if i % 2 == 0 { a.push(s) } else { b.push(s) }
    }
    std::thread::scope(|scope| {
        scope.spawn(move || a.into_iter().for_each(deflate));
        b.into_iter().for_each(deflate);
    });
}

/// Deflates one stream at level 6 (kept plain when that would not make it smaller).
pub(super) fn deflate(stream: &mut lopdf::Stream) {
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(stream.content.len() / 2), Compression::new(6));
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish()
        && compressed.len() + 19 < stream.content.len()
    {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// The font name of a bare CFF program (a `/FontFile3` of subtype CIDFontType0C, as the Noto
/// CJK faces are embedded): the first entry of the Name INDEX after the header (Adobe
/// TN 5176, 4 and 5). `None` when the bytes are not CFF.
fn cff_name(program: &[u8]) -> Option<String> {
    let header_size = usize::from(*program.get(2)?);
    let at = program.get(header_size..)?;
    let count = u16::from_be_bytes([*at.first()?, *at.get(1)?]);
    let off_size = usize::from(*at.get(2)?);
    if count == 0 || !(1..=4).contains(&off_size) {
        return None;
    }
    let offset = |i: usize| -> Option<usize> {
        let bytes = at.get(3 + i * off_size..3 + (i + 1) * off_size)?;
        Some(bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)))
    };
    let data = 3 + (usize::from(count) + 1) * off_size - 1; // offsets count from 1
    let name = at.get(data + offset(0)?..data + offset(1)?)?;
    let name = std::str::from_utf8(name).ok()?;
    (!name.is_empty() && name.is_ascii()).then(|| name.to_string())
}

/// Names each embedded font `ABCDEF+PostScriptName`, the PDF convention for a subset font
/// (printpdf gives fonts random names, so readers could not tell they are subsets).
fn tag_subset_fonts(doc: &mut Document) {
    use std::collections::HashMap;
    let mut names: HashMap<ObjectId, Vec<u8>> = HashMap::new(); // descriptor → new name
    let descriptors: Vec<(ObjectId, ObjectId)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            (d.get(b"Type").ok()?.as_name().ok()? == b"FontDescriptor")
                .then(|| {
                    d.get(b"FontFile2")
                        .or_else(|_| d.get(b"FontFile3"))
                        .ok()?
                        .as_reference()
                        .ok()
                })
                .flatten()
                .map(|file| (*id, file))
        })
        .collect();
    for (n, (descriptor, file)) in descriptors.into_iter().enumerate() {
        let program = doc
            .get_object(file)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.decompressed_content().ok().or_else(|| Some(s.content.clone())))
            .unwrap_or_default();
        let ps_name = ttf_parser::Face::parse(&program, 0)
            .ok()
            .and_then(|f| {
                f.names()
                    .into_iter()
                    .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                    .and_then(|n| n.to_string().or_else(|| String::from_utf8(n.name.to_vec()).ok()))
            })
            .or_else(|| cff_name(&program))
            .unwrap_or_else(|| format!("KuniFont{n}"));
        let hash = crate::search::index::fnv1a(&[&program]);
        let tag: String = (0..6)
            .map(|i| (b'A' + ((hash >> (i * 5)) % 26) as u8) as char)
            .collect();
        let name = format!("{tag}+{}", ps_name.replace(' ', ""));
        names.insert(descriptor, name.into_bytes());
    }
    let descriptor_name = |d: &Dictionary| -> Option<Vec<u8>> {
        d.get(b"FontDescriptor")
            .ok()
            .and_then(|r| r.as_reference().ok())
            .and_then(|r| names.get(&r))
            .cloned()
    };
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) else {
            continue;
        };
        if let Some(name) = names.get(&id) {
            d.set("FontName", Object::Name(name.clone()));
            continue;
        }
        // A Type0 font: its descendant (inline, as printpdf writes it, or referenced) names
        // the descriptor.
        let Ok(Object::Array(descendants)) = d.get_mut(b"DescendantFonts") else {
            continue;
        };
        let mut found = None;
        if let Some(Object::Dictionary(cid)) = descendants.first_mut()
            && let Some(name) = descriptor_name(cid)
        {
            cid.set("BaseFont", Object::Name(name.clone()));
            found = Some(name);
        }
        if let Some(name) = found {
            d.set("BaseFont", Object::Name(name));
        }
    }
}
