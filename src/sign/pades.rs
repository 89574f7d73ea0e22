//! PAdES baseline B-B (and B-T) signatures: an invisible signature field added to a finished
//! PDF as an incremental update, so the unsigned file stays an exact prefix of the signed one.
//! The widget has zero size (PDF/A forbids hidden annotations) and, in a tagged PDF, sits in
//! a Form structure element with its OBJR, so the file stays PDF/UA.

use super::identity::Identity;
use super::{SignError, cms, tsa};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

/// Room for the CMS signature, in bytes. B-B with a chain of three certificates is 3–5 KB and
/// a time-stamp token adds 3–5 KB; the hex string stays under PDF/A's 32,767-byte limit.
const CONTENTS_BYTES: usize = 12_000;
/// The ByteRange placeholder: wide enough for any offset the real range can have.
const RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// What to write into the signature besides the cryptography.
pub struct SignRequest<'a> {
    /// The signing time, written to /M.
    pub time: chrono::DateTime<chrono::Utc>,
    /// The RFC 3161 service to time-stamp the signature with (PAdES B-T), if any.
    pub tsa: Option<&'a str>,
    /// The field's description for assistive technology (/TU).
    pub description: &'a str,
}

/// Signs a PDF: returns the original bytes followed by an incremental update holding the
/// signature.
pub fn sign_pdf(pdf: &[u8], identity: &Identity, request: &SignRequest<'_>) -> Result<Vec<u8>, SignError> {
    let prev = Document::load_mem(pdf).map_err(|e| SignError::Pdf(format!("cannot read the PDF: {e}")))?;
    let version = prev.version.clone();
    let mut doc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    doc.new_document.version = version;
    add_signature_objects(&mut doc, identity, request)?;
    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 4096);
    doc.save_to(&mut out)
        .map_err(|e| SignError::Pdf(format!("cannot write the update: {e}")))?;
    fill_signature(&mut out, pdf.len(), identity, request.tsa)?;
    Ok(out)
}

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

fn add_signature_objects(
    doc: &mut IncrementalDocument,
    identity: &Identity,
    request: &SignRequest<'_>,
) -> Result<(), SignError> {
    let prev = doc.get_prev_documents();
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let page_id = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::Pdf("the PDF has no page".into()))?;
    let field_name = unique_field_name(prev);
    let catalog = prev.get_dictionary(catalog_id).map_err(pdf_err)?.clone();
    let tagged = catalog.get(b"StructTreeRoot").and_then(Object::as_reference).ok();

    let new = &mut doc.new_document;
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(RANGE_PLACEHOLDER),
            Object::Integer(RANGE_PLACEHOLDER),
            Object::Integer(RANGE_PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
    );
    sig.set("M", Object::string_literal(pdf_date(&request.time)));
    sig.set(
        "Name",
        Object::String(utf16(&identity.common_name()), StringFormat::Literal),
    );
    let sig_id = new.add_object(sig);

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", Object::string_literal(field_name));
    widget.set(
        "TU",
        Object::String(utf16(request.description), StringFormat::Literal),
    );
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    // Print + Locked: printable as PDF/A wants, never Hidden.
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    widget.set("V", Object::Reference(sig_id));
    let widget_id = new.add_object(Object::Null);

    if let Some(root_id) = tagged {
        let key = tag_widget(doc, root_id, widget_id, page_id)?;
        widget.set("StructParent", Object::Integer(key));
    }
    doc.new_document.set_object(widget_id, widget);

    // The page lists the widget among its annotations (tab order by structure when tagged).
    doc.opt_clone_object_to_new_document(page_id).map_err(pdf_err)?;
    let annots = doc
        .new_document
        .get_dictionary(page_id)
        .map_err(pdf_err)?
        .get(b"Annots")
        .ok()
        .cloned();
    let annots = match annots {
        Some(Object::Reference(id)) => {
            doc.opt_clone_object_to_new_document(id).map_err(pdf_err)?;
            if let Ok(Object::Array(a)) = doc.new_document.get_object_mut(id) {
                a.push(Object::Reference(widget_id));
            }
            Object::Reference(id)
        }
        Some(Object::Array(mut a)) => {
            a.push(Object::Reference(widget_id));
            Object::Array(a)
        }
        _ => Object::Array(vec![Object::Reference(widget_id)]),
    };
    let page = doc.new_document.get_dictionary_mut(page_id).map_err(pdf_err)?;
    page.set("Annots", annots);
    if tagged.is_some() {
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }

    // The catalog's form lists the field; SigFlags 3: signatures exist, append only.
    doc.opt_clone_object_to_new_document(catalog_id)
        .map_err(pdf_err)?;
    let acroform = doc
        .new_document
        .get_dictionary(catalog_id)
        .map_err(pdf_err)?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let mut form = match acroform {
        Some(Object::Reference(id)) => doc
            .get_prev_documents()
            .get_dictionary(id)
            .map_err(pdf_err)?
            .clone(),
        Some(Object::Dictionary(d)) => d,
        _ => Dictionary::new(),
    };
    let mut fields = form
        .get(b"Fields")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    fields.push(Object::Reference(widget_id));
    form.set("Fields", Object::Array(fields));
    form.set("SigFlags", Object::Integer(3));
    let catalog = doc.new_document.get_dictionary_mut(catalog_id).map_err(pdf_err)?;
    catalog.set("AcroForm", Object::Dictionary(form));
    Ok(())
}

/// Puts the widget into the structure tree: a Form element holding an OBJR, under the
/// document element, and a ParentTree entry for the widget's /StructParent. Returns that key.
fn tag_widget(
    doc: &mut IncrementalDocument,
    root_id: ObjectId,
    widget_id: ObjectId,
    page_id: ObjectId,
) -> Result<i64, SignError> {
    let prev = doc.get_prev_documents();
    let root = prev.get_dictionary(root_id).map_err(pdf_err)?;
    let key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .map_err(|_| SignError::Pdf("the structure tree has no ParentTreeNextKey".into()))?;
    let parent_tree_id = root
        .get(b"ParentTree")
        .and_then(Object::as_reference)
        .map_err(|_| SignError::Pdf("the structure tree has no ParentTree object".into()))?;
    // The Form goes into the document element (the root's only kid), else the root itself.
    let parent_id = match root.get(b"K") {
        Ok(Object::Reference(id)) => *id,
        Ok(Object::Array(a)) if a.len() == 1 => a[0].as_reference().unwrap_or(root_id),
        _ => root_id,
    };
    let mut objr = Dictionary::new();
    objr.set("Type", Object::Name(b"OBJR".to_vec()));
    objr.set("Obj", Object::Reference(widget_id));
    objr.set("Pg", Object::Reference(page_id));
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"StructElem".to_vec()));
    form.set("S", Object::Name(b"Form".to_vec()));
    form.set("P", Object::Reference(parent_id));
    form.set("Pg", Object::Reference(page_id));
    form.set("K", Object::Array(vec![Object::Dictionary(objr)]));
    let form_id = doc.new_document.add_object(form);

    doc.opt_clone_object_to_new_document(parent_id).map_err(pdf_err)?;
    let parent = doc.new_document.get_dictionary_mut(parent_id).map_err(pdf_err)?;
    let kids = match parent.get(b"K").cloned() {
        Ok(Object::Array(mut a)) => {
            a.push(Object::Reference(form_id));
            a
        }
        Ok(other) => vec![other, Object::Reference(form_id)],
        Err(_) => vec![Object::Reference(form_id)],
    };
    parent.set("K", Object::Array(kids));

    // The new key goes into the ParentTree: a flat tree gets it in its /Nums; a tree with
    // /Kids (as Kuni writes it, so the big leaf is never rewritten) gets a new leaf.
    let tree = doc
        .get_prev_documents()
        .get_dictionary(parent_tree_id)
        .map_err(pdf_err)?
        .clone();
    let entry = vec![Object::Integer(key), Object::Reference(form_id)];
    let mut updated = tree.clone();
    if let Ok(nums) = tree.get(b"Nums").and_then(Object::as_array) {
        updated.set("Nums", Object::Array([nums.clone(), entry].concat()));
    } else if let Ok(kids) = tree.get(b"Kids").and_then(Object::as_array) {
        let mut leaf = Dictionary::new();
        leaf.set("Nums", Object::Array(entry));
        leaf.set(
            "Limits",
            Object::Array(vec![Object::Integer(key), Object::Integer(key)]),
        );
        let leaf_id = doc.new_document.add_object(leaf);
        updated.set(
            "Kids",
            Object::Array([kids.clone(), vec![Object::Reference(leaf_id)]].concat()),
        );
    } else {
        return Err(SignError::Pdf(
            "the ParentTree has neither /Nums nor /Kids".into(),
        ));
    }
    doc.new_document.set_object(parent_tree_id, updated);
    doc.opt_clone_object_to_new_document(root_id).map_err(pdf_err)?;
    doc.new_document
        .get_dictionary_mut(root_id)
        .map_err(pdf_err)?
        .set("ParentTreeNextKey", Object::Integer(key + 1));
    Ok(key)
}

/// Writes the real /ByteRange over the placeholder, hashes the covered bytes and puts the CMS
/// signature into /Contents.
fn fill_signature(
    out: &mut [u8],
    update_start: usize,
    identity: &Identity,
    tsa_url: Option<&str>,
) -> Result<(), SignError> {
    let placeholder = RANGE_PLACEHOLDER.to_string();
    let missing = || SignError::Pdf("the signature placeholder was not written as expected".into());
    let range_at = find(&out[update_start..], placeholder.as_bytes()).ok_or_else(missing)? + update_start;
    let open = out[..range_at]
        .iter()
        .rposition(|b| *b == b'[')
        .ok_or_else(missing)?;
    let close = range_at
        + out[range_at..]
            .iter()
            .position(|b| *b == b']')
            .ok_or_else(missing)?;
    let zeros = vec![b'0'; 2 * CONTENTS_BYTES];
    let hex_at = find(&out[update_start..], &zeros).ok_or_else(missing)? + update_start;
    let (start, end) = (hex_at - 1, hex_at + zeros.len() + 1);
    if out[start] != b'<' || out[end - 1] != b'>' {
        return Err(missing());
    }
    let range = format!("[0 {start} {end} {}", out.len() - end);
    let width = close - open;
    if range.len() > width {
        return Err(missing());
    }
    out[open..close].copy_from_slice(format!("{range:<width$}").as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(&out[..start]);
    hasher.update(&out[end..]);
    let digest = hasher.finalize();
    let ask = tsa_url.map(|url| move |d: &[u8]| tsa::request(url, d));
    let signature = cms::sign_digest(
        identity,
        &digest,
        None,
        ask.as_ref()
            .map(|f| f as &dyn Fn(&[u8]) -> Result<Vec<u8>, SignError>),
    )?;
    if signature.len() > CONTENTS_BYTES {
        return Err(SignError::Pdf(format!(
            "the signature ({} bytes) is larger than the room kept for it ({CONTENTS_BYTES})",
            signature.len()
        )));
    }
    let hex: String = signature.iter().map(|b| format!("{b:02X}")).collect();
    out[hex_at..hex_at + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `Signature1`, or the next free number when the PDF is already signed.
fn unique_field_name(doc: &Document) -> String {
    let taken: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"FT").and_then(Object::as_name).is_ok_and(|n| n == b"Sig"))
        .filter_map(|d| d.get(b"T").and_then(Object::as_str).ok().map(<[u8]>::to_vec))
        .collect();
    (1..)
        .map(|n| format!("Signature{n}"))
        .find(|n| !taken.iter().any(|t| t == n.as_bytes()))
        .unwrap_or_default()
}

/// A PDF text string in UTF-16BE with its byte-order mark (Japanese names need it).
fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}

/// `D:YYYYMMDDHHmmss+00'00'`, the PDF date form, in UTC.
pub(crate) fn pdf_date(time: &chrono::DateTime<chrono::Utc>) -> String {
    time.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}
