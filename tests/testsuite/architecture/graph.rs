//! A crate's module graph from its read files, and the circles in it (between files, and
//! between the parts of each folder).

use super::source::{File, read_file};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// An edge of the graph with the first line that makes it.
pub(super) type Edges = BTreeMap<usize, BTreeMap<usize, (usize, String)>>;

/// One crate's module graph.
pub(super) struct Graph {
    pub(super) files: Vec<File>,
    pub(super) by_module: HashMap<Vec<String>, usize>,
}

impl Graph {
    /// Reads `files` (path shown, path inside the crate's source folder, text).
    pub(super) fn new(files: Vec<(String, String, String)>) -> Graph {
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
pub(super) fn circles(nodes: usize, next: &dyn Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
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
pub(super) fn round(group: &[usize], next: &dyn Fn(usize) -> Vec<usize>) -> Vec<usize> {
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
pub(super) fn file_circles(g: &Graph) -> Vec<String> {
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
pub(super) fn folder_circles(g: &Graph) -> Vec<String> {
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
