//! The shape of the code: no import circles between modules, so data and types flow one way
//! (docs/architecture.md lists each folder's files in that order).
//!
//! Each crate's files are read and a module-level import graph is built: a module is a file
//! (`mod.rs` is its folder's module, `lib.rs`/`main.rs` the crate's root). An edge is any
//! `use` item and any `crate::`/`super::`/`self::` path in the code (and a path through a
//! module a `use` brought in), with comments, strings and character literals left out. A
//! path through a re-export (`pub use`, a `mod.rs` passing on its files' types, a glob) is
//! followed to the file that defines the item, so a re-export cannot hide a circle. A
//! module reaching into its own files (a `mod.rs` using `layout::…`, the crate root using
//! anything) is ownership, not an import, and is not counted; its files importing what it
//! defines are. The check fails naming each circle and the lines that make it.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;

/// One source file of a crate.
struct File {
    /// The path shown in messages (`src/pdf/ops.rs`).
    shown: String,
    /// Its module path inside the crate (`["pdf", "ops"]`; the root is `[]`).
    module: Vec<String>,
    /// Names bound by its own `use` items (not those of its inline modules): name → path.
    bindings: HashMap<String, Vec<String>>,
    /// Paths of its own glob imports (`use x::*`), without the `*`.
    globs: Vec<Vec<String>>,
    /// Every path it refers to: (offset, line, path).
    refs: Vec<(usize, usize, Vec<String>)>,
    /// Items it defines (`fn`, `struct`, … names).
    defines: BTreeSet<String>,
    /// Its inline modules (`mod tests { … }`): byte range and name.
    inline: Vec<(usize, usize, String)>,
}

/// An edge of the graph with the first line that makes it.
type Edges = BTreeMap<usize, BTreeMap<usize, (usize, String)>>;

/// One crate's module graph.
struct Graph {
    files: Vec<File>,
    by_module: HashMap<Vec<String>, usize>,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Just past the end of the plain string literal whose opening quote is at `open` (escapes
/// skipped), or the end of the text when it is not closed.
fn string_end(c: &[char], open: usize) -> usize {
    let mut end = open + 1;
    while end < c.len() && c[end] != '"' {
        if c[end] == '\\' {
            end += 1;
        }
        end += 1;
    }
    (end + 1).min(c.len())
}

/// The source with comments, string literals (plain, byte, C, raw) and character literals
/// replaced by spaces; newlines are kept so that lines still count.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let n = c.len();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < n {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < n && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
            continue;
        }
        if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < n {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            continue;
        }
        let after_ident = i > 0 && is_ident_char(c[i - 1]);
        if !after_ident {
            // A prefix (b, c) and a raw marker (r, hashes) before a quote.
            let mut j = i;
            if matches!(c[j], 'b' | 'c') {
                j += 1;
            }
            if c.get(j) == Some(&'r') {
                let mut k = j + 1;
                while c.get(k) == Some(&'#') {
                    k += 1;
                }
                let hashes = k - j - 1;
                if c.get(k) == Some(&'"') {
                    let mut end = k + 1;
                    while end < n && !(c[end] == '"' && (1..=hashes).all(|h| c.get(end + h) == Some(&'#'))) {
                        end += 1;
                    }
                    let stop = (end + 1 + hashes).min(n);
                    for &ch in &c[i..stop] {
                        blank(&mut out, ch);
                    }
                    i = stop;
                    continue;
                }
            }
            if c.get(j) == Some(&'"') {
                let stop = string_end(&c, j);
                for &ch in &c[i..stop] {
                    blank(&mut out, ch);
                }
                i = stop;
                continue;
            }
        }
        if c[i] == '"' {
            // After an identifier character: not a prefix, still a string.
            let stop = string_end(&c, i);
            for &ch in &c[i..stop] {
                blank(&mut out, ch);
            }
            i = stop;
            continue;
        }
        if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{3000}', '\''); otherwise a lifetime.
            let stop = if next == Some('\\') {
                let mut k = i + 3;
                while k < n && c[k] != '\'' {
                    k += 1;
                }
                Some(k + 1)
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            if let Some(stop) = stop {
                let stop = stop.min(n);
                for &ch in &c[i..stop] {
                    blank(&mut out, ch);
                }
                i = stop;
                continue;
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// The tokens of a `use` tree: identifiers, `::`, braces, commas and `*`; `None` for anything
/// else (such as `use<'a>` bounds, which are no imports).
fn use_tokens(tree: &str) -> Option<Vec<String>> {
    let c: Vec<char> = tree.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push("::".to_string());
            i += 2;
        } else if matches!(ch, '{' | '}' | ',' | '*') {
            out.push(ch.to_string());
            i += 1;
        } else if is_ident_char(ch) {
            let start = i;
            while i < c.len() && (is_ident_char(c[i]) || (c[i] == '#' && c[start..i] == ['r'])) {
                i += 1;
            }
            out.push(
                c[start..i]
                    .iter()
                    .collect::<String>()
                    .trim_start_matches("r#")
                    .to_string(),
            );
        } else {
            return None;
        }
    }
    Some(out)
}

/// A `use` tree's paths, each with the name it binds (`None` for a glob, whose path ends `*`).
fn use_paths(
    toks: &[String],
    i: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let mut path = prefix.to_vec();
    if toks.get(*i).map(String::as_str) == Some("::") {
        *i += 1;
    }
    loop {
        match toks.get(*i).map(String::as_str) {
            Some("{") => {
                *i += 1;
                loop {
                    if toks.get(*i).map(String::as_str) == Some("}") {
                        *i += 1;
                        return;
                    }
                    use_paths(toks, i, &path, out);
                    match toks.get(*i).map(String::as_str) {
                        Some(",") => *i += 1,
                        Some("}") => {}
                        _ => return,
                    }
                }
            }
            Some("*") => {
                *i += 1;
                path.push("*".into());
                out.push((path, None));
                return;
            }
            Some(id) if id != "::" && id != "," && id != "}" => {
                let id = id.to_string();
                *i += 1;
                if toks.get(*i).map(String::as_str) == Some("::") {
                    path.push(id);
                    *i += 1;
                    continue;
                }
                // `{self, …}` names the module of the braces' prefix.
                if id != "self" || path.is_empty() {
                    path.push(id);
                }
                let mut name = path.last().cloned().unwrap_or_default();
                if toks.get(*i).map(String::as_str) == Some("as") {
                    *i += 1;
                    name = toks.get(*i).cloned().unwrap_or_default();
                    *i += 1;
                }
                out.push((path, Some(name)));
                return;
            }
            _ => return,
        }
    }
}

/// The 1-based line of byte offset `at`.
fn line_of(code: &str, at: usize) -> usize {
    code[..at].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Reads one file: its `use` items, its paths, what it defines and its inline modules.
fn read_file(shown: String, module: Vec<String>, src: &str) -> File {
    let code = strip(src);
    let b = code.as_bytes();
    // Identifiers in order, with their offsets (for definitions and inline modules).
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let ch = code[i..].chars().next().unwrap_or(' ');
        if is_ident_char(ch) && (i == 0 || !is_ident_char(code[..i].chars().next_back().unwrap_or(' '))) {
            let len = code[i..]
                .find(|c: char| !is_ident_char(c))
                .unwrap_or(code.len() - i);
            words.push((i, &code[i..i + len]));
            i += len;
        } else {
            i += ch.len_utf8();
        }
    }
    let mut defines = BTreeSet::new();
    let mut inline = Vec::new();
    for pair in words.windows(2) {
        let ((_, kw), (at, name)) = (pair[0], pair[1]);
        if matches!(
            kw,
            "fn" | "struct"
                | "enum"
                | "trait"
                | "type"
                | "const"
                | "static"
                | "union"
                | "mod"
                | "macro_rules"
        ) {
            defines.insert(name.to_string());
        }
        if kw == "mod" {
            let after = at + name.len();
            let rest = code[after..].trim_start();
            if rest.starts_with('{') {
                let open = code.len() - rest.len();
                let mut depth = 0usize;
                let mut close = code.len();
                for (k, ch) in code[open..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = open + k;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                inline.push((open, close, name.to_string()));
            }
        }
    }
    // `use` items.
    let mut bindings = HashMap::new();
    let mut globs = Vec::new();
    let mut refs = Vec::new();
    let mut use_spans = Vec::new();
    for &(at, w) in &words {
        if w != "use" {
            continue;
        }
        let Some(len) = code[at..].find(';') else { continue };
        use_spans.push((at, at + len));
        let Some(toks) = use_tokens(&code[at + 3..at + len]) else {
            continue;
        };
        let mut paths = Vec::new();
        use_paths(&toks, &mut 0, &[], &mut paths);
        let line = line_of(&code, at);
        // What an inline module (`mod tests`) imports is its own, and not seen from outside.
        let own = !inline.iter().any(|&(open, close, _)| open < at && at < close);
        for (path, name) in paths {
            match name {
                Some(name) => {
                    if own {
                        bindings.insert(name, path.clone());
                    }
                    refs.push((at, line, path));
                }
                None => {
                    let mut p = path;
                    p.pop();
                    if own {
                        globs.push(p.clone());
                    }
                    refs.push((at, line, p));
                }
            }
        }
    }
    // Paths in the code: `a::b::c` outside `use` items (a path after `::` is part of one).
    let mut k = 0;
    while k < words.len() {
        let (at, first) = words[k];
        let before = code[..at].trim_end();
        if before.ends_with("::") || use_spans.iter().any(|&(s, e)| s <= at && at < e) {
            k += 1;
            continue;
        }
        let mut path = vec![first.to_string()];
        let mut end = at + first.len();
        let mut j = k + 1;
        while j < words.len() {
            let (next_at, next) = words[j];
            if code[end..next_at] == *"::" {
                path.push(next.to_string());
                end = next_at + next.len();
                j += 1;
            } else {
                break;
            }
        }
        if path.len() > 1 {
            refs.push((at, line_of(&code, at), path));
        }
        k = j;
    }
    File {
        shown,
        module,
        bindings,
        globs,
        refs,
        defines,
        inline,
    }
}

impl Graph {
    /// Reads `files` (path shown, path inside the crate's source folder, text).
    fn new(files: Vec<(String, String, String)>) -> Graph {
        let files: Vec<File> = files
            .into_iter()
            .map(|(shown, rel, src)| {
                let mut module: Vec<String> =
                    rel.trim_end_matches(".rs").split('/').map(String::from).collect();
                if module.last().is_some_and(|m| m == "mod")
                    || (module.len() == 1 && (module[0] == "lib" || module[0] == "main"))
                {
                    module.pop();
                }
                read_file(shown, module, &src)
            })
            .collect();
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        Graph { files, by_module }
    }

    /// The file a module path names: the longest prefix that is a file of the crate.
    fn file_of(&self, module: &[String]) -> Option<usize> {
        (0..=module.len())
            .rev()
            .find_map(|n| self.by_module.get(&module[..n]).copied())
    }

    /// Resolves `path` as written in file `f` with the given scope (the file's module and the
    /// inline modules around the path) to a file and the item after the module part, if any.
    fn resolve(&self, f: usize, scope: &[String], path: &[String]) -> Option<(usize, Option<String>)> {
        let first = path.first()?;
        let (base, rest): (Vec<String>, &[String]) = match first.as_str() {
            "crate" => (Vec::new(), &path[1..]),
            "super" | "self" => {
                let mut base = scope.to_vec();
                let mut n = 0;
                while let Some(s) = path.get(n) {
                    match s.as_str() {
                        "super" => {
                            base.pop()?;
                        }
                        "self" => {}
                        _ => break,
                    }
                    n += 1;
                }
                (base, &path[n..])
            }
            _ => {
                let mut child = scope.to_vec();
                child.push(first.clone());
                if self.by_module.contains_key(&child) {
                    (scope.to_vec(), path)
                } else if let Some(bound) = self.files[f].bindings.get(first).filter(|b| b.as_slice() != path)
                {
                    // A name a `use` brought in: resolve that path, then go on from there.
                    let (g, item) = self.resolve(f, &self.files[f].module, bound)?;
                    if item.is_some() {
                        return Some((g, item));
                    }
                    (self.files[g].module.clone(), &path[1..])
                } else {
                    return None;
                }
            }
        };
        let mut module = base;
        let mut item = None;
        for s in rest {
            module.push(s.clone());
            if !self.by_module.contains_key(&module) {
                module.pop();
                item = Some(s.clone());
                break;
            }
        }
        Some((self.file_of(&module)?, item))
    }

    /// Follows re-exports: the file that defines `item` as seen through file `f`.
    fn defining(&self, f: usize, item: &str, depth: usize) -> usize {
        let file = &self.files[f];
        if depth > 8 || file.defines.contains(item) {
            return f;
        }
        if let Some(path) = file.bindings.get(item)
            && let Some((g, next)) = self.resolve(f, &file.module, path)
        {
            return match next {
                Some(next) if g != f => self.defining(g, &next, depth + 1),
                _ => g,
            };
        }
        for glob in &file.globs {
            if let Some((g, None)) = self.resolve(f, &file.module, glob)
                && g != f
            {
                let there = self.defining(g, item, depth + 1);
                if there != g || self.files[g].defines.contains(item) {
                    return there;
                }
            }
        }
        f
    }

    /// Whether module `inner` lies inside module `outer` (and is not it).
    fn owns(outer: &[String], inner: &[String]) -> bool {
        inner.len() > outer.len() && inner[..outer.len()] == *outer
    }

    /// The edges between files, each with the first line and path that makes it.
    fn edges(&self) -> Edges {
        let mut edges: Edges = BTreeMap::new();
        for (f, file) in self.files.iter().enumerate() {
            for (at, line, path) in &file.refs {
                // The scope: the file's module, plus the inline modules around the path.
                let mut scope = file.module.clone();
                for (open, close, name) in &file.inline {
                    if open < at && at < close {
                        scope.push(name.clone());
                    }
                }
                let Some((g, item)) = self.resolve(f, &scope, path) else {
                    continue;
                };
                let g = match item {
                    Some(item) => self.defining(g, &item, 0),
                    None => g,
                };
                if g == f || Self::owns(&file.module, &self.files[g].module) {
                    continue;
                }
                edges
                    .entry(f)
                    .or_default()
                    .entry(g)
                    .or_insert_with(|| (*line, path.join("::")));
            }
        }
        edges
    }
}

/// The strongly connected groups of more than one node (Tarjan), smallest node first.
fn circles(nodes: usize, next: &dyn Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    struct T<'a> {
        next: &'a dyn Fn(usize) -> Vec<usize>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on: Vec<bool>,
        count: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.count);
        t.low[v] = t.count;
        t.count += 1;
        t.stack.push(v);
        t.on[v] = true;
        for w in (t.next)(v) {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(i) if t.on[w] => t.low[v] = t.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut group = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort_unstable();
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        next,
        index: vec![None; nodes],
        low: vec![0; nodes],
        stack: Vec::new(),
        on: vec![false; nodes],
        count: 0,
        out: Vec::new(),
    };
    for v in 0..nodes {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out.sort();
    t.out
}

/// A shortest way round a group, from its first node back to it.
fn round(group: &[usize], next: &dyn Fn(usize) -> Vec<usize>) -> Vec<usize> {
    let start = group[0];
    let mut came: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in next(v).into_iter().filter(|w| group.contains(w)) {
            if w == start {
                let mut path = vec![v];
                while let Some(&p) = path.last().and_then(|last| came.get(last)) {
                    path.push(p);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = came.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    group.to_vec()
}

/// Each import circle between the files of `g`, named with the lines that make it.
fn file_circles(g: &Graph) -> Vec<String> {
    let edges = g.edges();
    let next = |v: usize| {
        edges
            .get(&v)
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default()
    };
    circles(g.files.len(), &next)
        .iter()
        .map(|group| {
            let way = round(group, &next);
            let mut names: Vec<&str> = way.iter().map(|&v| g.files[v].shown.as_str()).collect();
            names.push(&g.files[way[0]].shown);
            let mut msg = format!("import circle: {}", names.join(" → "));
            for (k, &v) in way.iter().enumerate() {
                let w = way[(k + 1) % way.len()];
                if let Some((line, path)) = edges.get(&v).and_then(|m| m.get(&w)) {
                    msg.push_str(&format!("\n  {}:{line} uses {path}", g.files[v].shown));
                }
            }
            if group.len() > way.len() {
                let rest: Vec<&str> = group
                    .iter()
                    .filter(|v| !way.contains(v))
                    .map(|&v| g.files[v].shown.as_str())
                    .collect();
                msg.push_str(&format!("\n  (the circle also takes in {})", rest.join(", ")));
            }
            msg
        })
        .collect()
}

/// Each import circle between the parts of a folder, a sub-folder counting as one part with
/// all its files (so `src/pdf/chart.rs` using `pdf/layout/` while a file of `pdf/layout/`
/// uses `chart.rs` is a circle, though no two files use each other). At the top, the parts
/// are the crate's top-level modules, which catches an import from a lower layer up.
fn folder_circles(g: &Graph) -> Vec<String> {
    let edges = g.edges();
    // Every folder: the module path of each file's parents.
    let mut folders: BTreeSet<Vec<String>> = BTreeSet::new();
    for f in &g.files {
        for n in 0..f.module.len() {
            folders.insert(f.module[..n].to_vec());
        }
    }
    let mut out = Vec::new();
    for folder in &folders {
        // The part of `folder` a file belongs to (None: outside it, or the folder's own file).
        let part = |f: usize| {
            let m = &g.files[f].module;
            Graph::owns(folder, m).then(|| m[folder.len()].clone())
        };
        let mut names: Vec<String> = (0..g.files.len()).filter_map(part).collect();
        names.sort();
        names.dedup();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let mut why: BTreeMap<(usize, usize), (usize, usize, String)> = BTreeMap::new();
        for (&f, to) in &edges {
            for (&t, (line, path)) in to {
                if let (Some(a), Some(b)) = (part(f), part(t))
                    && a != b
                {
                    why.entry((index[a.as_str()], index[b.as_str()]))
                        .or_insert((f, *line, path.clone()));
                }
            }
        }
        let next = |v: usize| why.keys().filter(|(a, _)| *a == v).map(|(_, b)| *b).collect();
        for group in circles(names.len(), &next) {
            let way = round(&group, &next);
            let name = |v: usize| {
                folder
                    .iter()
                    .chain([&names[v]])
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("::")
            };
            let mut shown: Vec<String> = way.iter().map(|&v| name(v)).collect();
            shown.push(name(way[0]));
            let within = if folder.is_empty() {
                "the crate's top-level modules".to_string()
            } else {
                format!("the parts of {}", folder.join("::"))
            };
            let mut msg = format!("import circle between {within}: {}", shown.join(" → "));
            for (k, &v) in way.iter().enumerate() {
                let w = way[(k + 1) % way.len()];
                if let Some((f, line, path)) = why.get(&(v, w)) {
                    msg.push_str(&format!("\n  {}:{line} uses {path}", g.files[*f].shown));
                }
            }
            out.push(msg);
        }
    }
    out
}

/// The `.rs` files under `dir` (relative, `/`-separated), sorted.
fn rust_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The graph of one crate: the files under `dir` (shown with `shown_dir`) that `keep` accepts.
fn crate_graph(dir: &str, keep: impl Fn(&str) -> bool) -> Graph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = rust_files(&root)
        .into_iter()
        .filter(|rel| keep(rel))
        .map(|rel| {
            let src =
                std::fs::read_to_string(root.join(&rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"));
            (format!("{dir}/{rel}"), rel, src)
        })
        .collect();
    Graph::new(files)
}

/// The engine (`src/`, crate `kuni`): every file but the command line's.
fn engine() -> Graph {
    crate_graph("src", |rel| rel != "main.rs" && !rel.starts_with("cli/"))
}

fn assert_none(what: &str, found: &[String]) {
    assert!(
        found.is_empty(),
        "{} import circle(s) in {what}; break each by moving the shared piece to a lower module (docs/architecture.md):\n\n{}",
        found.len(),
        found.join("\n\n")
    );
}

#[test]
fn engine_modules_import_no_circle() {
    let g = engine();
    assert!(g.files.len() > 100, "the engine's files were not found");
    assert_none("the engine (src/)", &file_circles(&g));
}

#[test]
fn engine_folders_import_no_circle() {
    assert_none("the engine's folders (src/)", &folder_circles(&engine()));
}

#[test]
fn command_line_modules_import_no_circle() {
    let g = crate_graph("src", |rel| rel == "main.rs" || rel.starts_with("cli/"));
    assert_none("the command line (src/main.rs, src/cli/)", &file_circles(&g));
    assert_none("the command line's folders (src/cli/)", &folder_circles(&g));
}

#[test]
fn desktop_modules_import_no_circle() {
    let g = crate_graph("src-tauri/src", |rel| rel != "main.rs");
    assert!(g.files.len() > 10, "the desktop shell's files were not found");
    assert_none("the desktop shell (src-tauri/src/)", &file_circles(&g));
    assert_none(
        "the desktop shell's folders (src-tauri/src/)",
        &folder_circles(&g),
    );
}

// The check itself, on small made-up crates.

fn made_up(files: &[(&str, &str)]) -> Graph {
    Graph::new(
        files
            .iter()
            .map(|(rel, src)| (format!("src/{rel}"), (*rel).to_string(), (*src).to_string()))
            .collect(),
    )
}

#[test]
fn the_check_names_a_circle_and_its_lines() {
    let g = made_up(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        (
            "b.rs",
            "pub struct B;\n\nfn f() -> crate::a::A {\n    todo!()\n}\n",
        ),
    ]);
    assert_eq!(
        file_circles(&g),
        [
            "import circle: src/a.rs → src/b.rs → src/a.rs\n  src/a.rs:1 uses crate::b::B\n  src/b.rs:3 uses crate::a::A"
        ]
    );
}

#[test]
fn comments_strings_and_characters_are_no_imports() {
    let g = made_up(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        (
            "b.rs",
            "// use crate::a::A;\n/* crate::a::A /* nested */ crate::a */\n/// [`crate::a::A`]\npub struct B;\nconst S: &str = \"crate::a::A\";\nconst R: &str = r#\"super::a::A \"quoted\" \"#;\nconst C: char = '\"';\nfn f<'a>(x: &'a str) -> &'a str { x }\n",
        ),
    ]);
    assert_eq!(file_circles(&g), Vec::<String>::new());
}

#[test]
fn a_re_export_does_not_hide_a_circle() {
    // x uses `super::C`, which the folder's mod.rs passes on from y; y uses x.
    let g = made_up(&[
        ("lib.rs", "mod r;\n"),
        ("r/mod.rs", "mod x;\nmod y;\npub use y::C;\n"),
        ("r/x.rs", "use super::C;\npub struct X;\n"),
        ("r/y.rs", "pub struct C;\nfn f(_: super::x::X) {}\n"),
    ]);
    assert_eq!(
        file_circles(&g),
        [
            "import circle: src/r/x.rs → src/r/y.rs → src/r/x.rs\n  src/r/x.rs:1 uses super::C\n  src/r/y.rs:2 uses super::x::X"
        ]
    );
}

#[test]
fn a_folder_using_its_own_files_is_no_circle() {
    let g = made_up(&[
        ("lib.rs", "mod r;\npub use r::Options;\n"),
        (
            "r/mod.rs",
            "mod x;\npub struct Options;\npub fn run() { x::go(&Options) }\n",
        ),
        (
            "r/x.rs",
            "use super::Options;\npub fn go(_: &Options) {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    fn t() { super::go(&crate::Options) }\n}\n",
        ),
    ]);
    assert_eq!(file_circles(&g), Vec::<String>::new());
}

#[test]
fn a_circle_between_folders_is_named() {
    let g = made_up(&[
        ("lib.rs", "mod p;\nmod d;\n"),
        ("p/mod.rs", "mod w;\n"),
        ("p/w.rs", "use crate::d::Particulars;\npub struct Options;\n"),
        ("d.rs", "use crate::p::w::Options;\npub struct Particulars;\n"),
    ]);
    assert_eq!(
        folder_circles(&g),
        [
            "import circle between the crate's top-level modules: d → p → d\n  src/d.rs:1 uses crate::p::w::Options\n  src/p/w.rs:1 uses crate::d::Particulars"
        ]
    );
}

#[test]
fn a_circle_between_a_file_and_a_sub_folder_is_named() {
    // No two files use each other, but `p/c.rs` uses `p/l/` and `p/l/s.rs` uses `p/c.rs`.
    let g = made_up(&[
        ("lib.rs", "mod p;\n"),
        ("p/mod.rs", "mod c;\nmod l;\n"),
        (
            "p/c.rs",
            "use super::l::Layout;\npub fn figure(_: &mut Layout) {}\n",
        ),
        ("p/l/mod.rs", "mod s;\npub struct Layout;\n"),
        (
            "p/l/s.rs",
            "fn page(l: &mut super::Layout) {\n    crate::p::c::figure(l)\n}\n",
        ),
    ]);
    assert_eq!(file_circles(&g), Vec::<String>::new());
    assert_eq!(
        folder_circles(&g),
        [
            "import circle between the parts of p: p::c → p::l → p::c\n  src/p/c.rs:1 uses super::l::Layout\n  src/p/l/s.rs:2 uses crate::p::c::figure"
        ]
    );
}
