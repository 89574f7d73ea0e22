//! Reading one Rust file for the import check: comments and literals blanked out, its `use`
//! items and paths, what it defines and its inline modules.

use std::collections::{BTreeSet, HashMap};

/// One source file of a crate.
pub(super) struct File {
    /// The path shown in messages (`src/pdf/ops.rs`).
    pub(super) shown: String,
    /// Its module path inside the crate (`["pdf", "ops"]`; the root is `[]`).
    pub(super) module: Vec<String>,
    /// Names bound by its own `use` items (not those of its inline modules): name → path.
    pub(super) bindings: HashMap<String, Vec<String>>,
    /// Paths of its own glob imports (`use x::*`), without the `*`.
    pub(super) globs: Vec<Vec<String>>,
    /// Every path it refers to: (offset, line, path).
    pub(super) refs: Vec<(usize, usize, Vec<String>)>,
    /// Items it defines (`fn`, `struct`, … names).
    pub(super) defines: BTreeSet<String>,
    /// Its inline modules (`mod tests { … }`): byte range and name.
    pub(super) inline: Vec<(usize, usize, String)>,
}

pub(super) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Just past the end of the plain string literal whose opening quote is at `open` (escapes
/// skipped), or the end of the text when it is not closed.
pub(super) fn string_end(c: &[char], open: usize) -> usize {
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
pub(super) fn strip(src: &str) -> String {
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
pub(super) fn use_tokens(tree: &str) -> Option<Vec<String>> {
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
pub(super) fn use_paths(
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
pub(super) fn line_of(code: &str, at: usize) -> usize {
    code[..at].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Reads one file: its `use` items, its paths, what it defines and its inline modules.
pub(super) fn read_file(shown: String, module: Vec<String>, src: &str) -> File {
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
