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
mod graph;
mod source;

use graph::{Graph, file_circles, folder_circles};
use std::path::Path;

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
