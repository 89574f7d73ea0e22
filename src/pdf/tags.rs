//! Tagged PDF (PDF/UA-1): the logical structure the layout records while it draws, and the
//! structure tree built from it afterwards with lopdf.
//!
//! The layout keeps a side table of structure elements (role, parent, children, attributes)
//! and marks every item it draws with the element it belongs to, or as an artifact. The
//! writer wraps each run of content in `/Role <</MCID n>> BDC … EMC` and reports, per
//! element, where its content went (page and MCID, or a link annotation). [`build`] then
//! writes the StructElem objects, the ParentTree and the catalog entries. Nothing re-parses
//! content streams.
//!
//! Adding a signature later (an incremental update) needs: a new `Form` element whose /P is
//! the Document element, appended to the Document's /K; its widget's /StructParent set to the
//! root's /ParentTreeNextKey; and a new leaf in the ParentTree. The ParentTree's root is
//! therefore a small /Kids node over one leaf of /Nums, so the update rewrites only the
//! root, the Document element and the root of the tree, never the big leaf ([`Handles`]).

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use std::collections::HashMap;

/// Structure types of ISO 32000-1, 14.8.4, the ones Kuni writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole document.
    Document,
    /// A heading of level 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table.
    Table,
    /// A table's header row group.
    THead,
    /// A table's body row group.
    TBody,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// An image.
    Figure,
    /// A link (text plus the annotation's OBJR).
    Link,
    /// A footnote.
    Note,
    /// A footnote reference in the text.
    Reference,
    /// A quotation or callout box.
    BlockQuote,
    /// Computer code.
    Code,
    /// A run of text in another language than its paragraph's (carries /Lang).
    Span,
    /// The table of contents.
    Toc,
    /// One entry of the table of contents.
    Toci,
}

impl Role {
    /// The structure type's name in the file.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::Reference => "Reference",
            Role::BlockQuote => "BlockQuote",
            Role::Code => "Code",
            Role::Span => "Span",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
        }
    }
}

/// One child of a structure element, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element.
    Node(usize),
    /// The element's next drawn run of content (an MCID once written).
    Content,
    /// The element's next link annotation (an OBJR once written).
    Annot,
}

/// A structure element as the layout records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Structure type.
    pub role: Role,
    /// Parent element (`None` only for the Document).
    pub parent: Option<usize>,
    /// Children in reading order.
    pub kids: Vec<Kid>,
    /// Alternate description (Figure).
    pub alt: Option<String>,
    /// Header cell scope: true for a column header.
    pub scope_column: bool,
    /// List numbering (`Decimal`, `Disc`, `None`).
    pub numbering: Option<&'static str>,
    /// Text drawn inside (links: the annotation's /Contents).
    pub text: String,
    /// Language, where it differs from the document's.
    pub lang: Option<String>,
    /// A Figure's bounding box on its page, PDF coordinates (llx, lly, urx, ury).
    pub bbox: Option<[f32; 4]>,
}

/// How an item on a page is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Real content of an element.
    Node(usize),
    /// Decoration: rules, boxes, a repeated table header.
    Artifact,
    /// The running header.
    Header,
    /// The page number at the foot.
    Footer,
}

/// The structure recorded for one layout; element 0 is the Document.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Elements; 0 is the Document.
    pub nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node::new(Role::Document, None)],
        }
    }
}

impl Node {
    fn new(role: Role, parent: Option<usize>) -> Node {
        Node {
            role,
            parent,
            kids: Vec::new(),
            alt: None,
            scope_column: false,
            numbering: None,
            text: String::new(),
            lang: None,
            bbox: None,
        }
    }
}

impl Tree {
    /// Adds an element as the last child of `parent` and returns its index.
    pub fn add(&mut self, role: Role, parent: usize) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node::new(role, Some(parent)));
        self.nodes[parent].kids.push(Kid::Node(id));
        id
    }

    /// Appends `other`'s elements, its Document's children becoming this Document's last
    /// children. Returns the function that renumbers `other`'s element indexes.
    pub fn append(&mut self, other: Tree) -> impl Fn(usize) -> usize + use<> {
        let offset = self.nodes.len() - 1;
        let map = move |i: usize| if i == 0 { 0 } else { i + offset };
        let shift = |k: Kid| match k {
            Kid::Node(n) => Kid::Node(map(n)),
            other => other,
        };
        for (i, mut node) in other.nodes.into_iter().enumerate() {
            if i == 0 {
                self.nodes[0].kids.extend(node.kids.into_iter().map(shift));
                continue;
            }
            node.parent = node.parent.map(map);
            node.kids = node.kids.into_iter().map(shift).collect();
            self.nodes.push(node);
        }
        map
    }

    /// The heading levels as a checker expects them: the first heading is H1 and no level
    /// is skipped going down (a report's `####` straight after `##` becomes H3 in the tags;
    /// its look is unchanged).
    pub fn normalise_headings(&mut self) {
        let mut prev = 0u8;
        let order = self.reading_order();
        for i in order {
            if let Role::H(level) = self.nodes[i].role {
                let level = level.clamp(1, prev + 1);
                self.nodes[i].role = Role::H(level);
                prev = level;
            }
        }
    }

    /// Element indexes in reading order (depth first), without recursion.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![0usize];
        while let Some(n) = stack.pop() {
            out.push(n);
            for k in self.nodes[n].kids.iter().rev() {
                if let Kid::Node(c) = k {
                    stack.push(*c);
                }
            }
        }
        out
    }
}

/// Where the writer put an element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// A marked-content sequence: 0-based page and MCID.
    Mcid(usize, i64),
    /// A link annotation: 0-based page and its index in the page's /Annots.
    Annot(usize, usize),
    /// An annotation that was not written (a link to a missing anchor).
    Dropped,
}

/// What the writer reports back: per element, its content in drawing order (one entry per
/// [`Kid::Content`] or [`Kid::Annot`] the layout recorded), and per page how many MCIDs it used.
#[derive(Debug, Default)]
pub struct Written {
    /// Element → content and annotations, in order.
    pub content: HashMap<usize, Vec<Placed>>,
    /// Element → annotations, in order.
    pub annots: HashMap<usize, Vec<Placed>>,
    /// Page → the element of each MCID.
    pub mcids: Vec<Vec<usize>>,
}

/// The objects a later incremental update (a signature field) needs to extend the tree.
#[derive(Debug, Clone, Copy)]
pub struct Handles {
    /// The StructTreeRoot.
    pub root: ObjectId,
    /// The Document element (a Form element is added to its /K).
    pub document: ObjectId,
    /// The ParentTree's root (a node with /Kids; add a leaf for the new key).
    pub parent_tree: ObjectId,
    /// The next free StructParent key.
    pub next_key: i64,
}

fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Writes the structure tree of `tree` into `doc`, whose pages were written with the
/// marks in `written`: StructElems, ParentTree, /StructParents on pages, link annotations
/// made indirect with /F, /Contents and /StructParent, /Tabs /S, /MarkInfo.
pub fn build(doc: &mut Document, tree: &Tree, written: &Written) -> Result<Handles, String> {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("no catalog: {e}"))?;
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = tree.nodes.iter().map(|_| doc.new_object_id()).collect();

    // Link annotations: out of the pages' /Annots arrays into objects of their own.
    let mut annot_ids: Vec<Vec<ObjectId>> = vec![Vec::new(); pages.len()];
    for (p, page_id) in pages.iter().enumerate() {
        let annots: Vec<Object> = doc
            .get_dictionary(*page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut refs = Vec::with_capacity(annots.len());
        for a in annots {
            let id = match a {
                Object::Reference(r) => r,
                other => doc.add_object(other),
            };
            refs.push(Object::Reference(id));
            annot_ids[p].push(id);
        }
        if let Ok(page) = doc.get_object_mut(*page_id).and_then(Object::as_dict_mut) {
            page.set("StructParents", Object::Integer(p as i64));
            if refs.is_empty() {
                page.remove(b"Annots");
            } else {
                page.set("Annots", Object::Array(refs));
                page.set("Tabs", name("S"));
            }
        }
    }

    // The ParentTree: keys 0..pages for the pages' MCIDs, then one per annotation.
    let mut nums: Vec<Object> = Vec::new();
    for (p, elems) in written.mcids.iter().enumerate().take(pages.len()) {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            elems.iter().map(|e| Object::Reference(ids[*e])).collect(),
        ));
    }
    let mut next_key = pages.len() as i64;

    // Elements.
    let mut consumed_content: HashMap<usize, usize> = HashMap::new();
    let mut consumed_annots: HashMap<usize, usize> = HashMap::new();
    for (i, node) in tree.nodes.iter().enumerate() {
        let mut k: Vec<Object> = Vec::new();
        let mut first_page: Option<usize> = None;
        let mut last_mcid: Option<(usize, i64)> = None;
        for kid in &node.kids {
            match kid {
                Kid::Node(c) => k.push(Object::Reference(ids[*c])),
                Kid::Content => {
                    let n = consumed_content.entry(i).or_default();
                    let placed = written.content.get(&i).and_then(|v| v.get(*n)).copied();
                    *n += 1;
                    if let Some(Placed::Mcid(page, mcid)) = placed {
                        // Runs merged into one marked-content sequence appear once.
                        if last_mcid == Some((page, mcid)) {
                            continue;
                        }
                        last_mcid = Some((page, mcid));
                        let pg = *first_page.get_or_insert(page);
                        if pg == page {
                            k.push(Object::Integer(mcid));
                        } else {
                            let mut mcr = Dictionary::new();
                            mcr.set("Type", name("MCR"));
                            mcr.set("Pg", Object::Reference(pages[page]));
                            mcr.set("MCID", Object::Integer(mcid));
                            k.push(Object::Dictionary(mcr));
                        }
                    }
                }
                Kid::Annot => {
                    let n = consumed_annots.entry(i).or_default();
                    let placed = written.annots.get(&i).and_then(|v| v.get(*n)).copied();
                    *n += 1;
                    if let Some(Placed::Annot(page, index)) = placed
                        && let Some(annot) = annot_ids.get(page).and_then(|a| a.get(index))
                    {
                        let mut objr = Dictionary::new();
                        objr.set("Type", name("OBJR"));
                        objr.set("Obj", Object::Reference(*annot));
                        objr.set("Pg", Object::Reference(pages[page]));
                        k.push(Object::Dictionary(objr));
                        nums.push(Object::Integer(next_key));
                        nums.push(Object::Reference(ids[i]));
                        if let Ok(a) = doc.get_object_mut(*annot).and_then(Object::as_dict_mut) {
                            a.set("StructParent", Object::Integer(next_key));
                            a.set("F", Object::Integer(4));
                            let contents = if node.text.trim().is_empty() {
                                "link".to_string()
                            } else {
                                node.text.trim().to_string()
                            };
                            a.set("Contents", text_string(&contents));
                        }
                        next_key += 1;
                    }
                }
            }
        }
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(node.role.name()));
        d.set("P", Object::Reference(node.parent.map_or(root_id, |p| ids[p])));
        if let Some(p) = first_page {
            d.set("Pg", Object::Reference(pages[p]));
        }
        match k.len() {
            0 => {}
            1 if !matches!(k[0], Object::Reference(_)) => d.set("K", k.remove(0)),
            _ => d.set("K", Object::Array(k)),
        }
        if let Some(alt) = &node.alt {
            d.set("Alt", text_string(alt));
        }
        if let Some(lang) = &node.lang {
            d.set(
                "Lang",
                Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
            );
        }
        match node.role {
            Role::TH => {
                let mut a = Dictionary::new();
                a.set("O", name("Table"));
                a.set("Scope", name(if node.scope_column { "Column" } else { "Row" }));
                d.set("A", Object::Dictionary(a));
            }
            Role::L => {
                let mut a = Dictionary::new();
                a.set("O", name("List"));
                a.set("ListNumbering", name(node.numbering.unwrap_or("None")));
                d.set("A", Object::Dictionary(a));
            }
            Role::Figure if node.bbox.is_some() => {
                let b = node.bbox.unwrap_or_default();
                let mut a = Dictionary::new();
                a.set("O", name("Layout"));
                a.set(
                    "BBox",
                    Object::Array(b.iter().map(|v| Object::Real(*v)).collect()),
                );
                d.set("A", Object::Dictionary(a));
            }
            Role::Note => {
                d.set(
                    "ID",
                    Object::String(format!("note-{i}").into_bytes(), StringFormat::Literal),
                );
            }
            _ => {}
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }

    let leaf = doc.add_object(Dictionary::from_iter(vec![
        ("Nums", Object::Array(nums)),
        (
            "Limits",
            Object::Array(vec![Object::Integer(0), Object::Integer((next_key - 1).max(0))]),
        ),
    ]));
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![(
        "Kids",
        Object::Array(vec![Object::Reference(leaf)]),
    )]));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(ids[0]));
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    doc.objects.insert(root_id, Object::Dictionary(root));

    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("catalog: {e}"))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark = Dictionary::new();
    mark.set("Marked", Object::Boolean(true));
    // No /Suspects: its default is false, which is what PDF/UA asks, and poppler rejects an
    // explicit `false` with a syntax error on every file.
    catalog.set("MarkInfo", Object::Dictionary(mark));
    Ok(Handles {
        root: root_id,
        document: ids[0],
        parent_tree,
        next_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_start_at_h1_and_never_skip_a_level() {
        let mut t = Tree::default();
        for level in [1, 2, 4, 2, 6, 3] {
            t.add(Role::H(level), 0);
        }
        t.normalise_headings();
        let levels: Vec<Role> = t.nodes[1..].iter().map(|n| n.role).collect();
        assert_eq!(
            levels,
            [
                Role::H(1),
                Role::H(2),
                Role::H(3),
                Role::H(2),
                Role::H(3),
                Role::H(3)
            ]
        );
    }

    #[test]
    fn appending_a_tree_renumbers_its_elements() {
        let mut a = Tree::default();
        a.add(Role::H(1), 0);
        let mut b = Tree::default();
        let p = b.add(Role::P, 0);
        b.add(Role::Link, p);
        let map = a.append(b);
        assert_eq!(map(p), 2);
        assert_eq!(a.nodes[0].kids, [Kid::Node(1), Kid::Node(2)]);
        assert_eq!(a.nodes[2].kids, [Kid::Node(3)]);
        assert_eq!(a.nodes[3].parent, Some(2));
        assert_eq!(a.reading_order(), [0, 1, 2, 3]);
    }
}
