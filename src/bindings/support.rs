//! Writing the generated TypeScript modules and checking them for drift. Shared, through a
//! `#[path]` include, by the engine's and the desktop shell's binding tests, so both produce
//! files of one shape. Test-only: the engine never links it otherwise.

use std::path::Path;

/// The folder of the generated modules, from the repository root.
pub const DIR: &str = "ui/src/lib/bindings";

/// Removes `/** … */` doc comments, so prose that mentions a type is not taken for a use.
fn without_doc_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// True when `name` appears in `text` as a whole identifier.
fn uses(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !ident(c));
        let after = text[at + name.len()..].chars().next().is_none_or(|c| !ident(c));
        before && after
    })
}

/// The type names a generated module declares (`export type Name = …`).
pub fn declared_names(module_text: &str) -> Vec<String> {
    module_text
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<', '=']).next())
        .map(str::to_string)
        .collect()
}

/// One module: the header, an `import type` line for each other module whose types the
/// declarations use, then every declaration exported. `others` are (module file stem, the
/// names it declares).
pub fn render(header: &str, decls: &[String], others: &[(&str, Vec<String>)]) -> String {
    let body: String = decls.iter().map(|d| format!("export {}\n\n", d.trim())).collect();
    let code = without_doc_comments(&body);
    let mut out = String::from(header);
    for (module, names) in others {
        let used: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| uses(&code, n))
            .collect();
        if !used.is_empty() {
            out.push_str(&format!(
                "import type {{ {} }} from \"./{module}\";\n",
                used.join(", ")
            ));
        }
    }
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    out
}

/// Compares the committed file at `path` with `expected`; with `KUNI_UPDATE_BINDINGS` set,
/// writes it first. The message says how to regenerate.
pub fn check_or_update(path: &Path, expected: &str, regenerate: &str) -> Result<(), String> {
    if std::env::var_os("KUNI_UPDATE_BINDINGS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, expected).map_err(|e| e.to_string())?;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == expected {
        Ok(())
    } else {
        Err(format!(
            "{} is out of date with the Rust types; run `{regenerate}`",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_only_what_the_code_uses() {
        let decls = vec![
            "type Listing = { reports: Array<ReportRow>, };".to_string(),
            "type Row = { \n/**\n * Mentions Problem in prose only.\n */\nstatus: Status, };".to_string(),
        ];
        let others = [
            (
                "library",
                vec![
                    "ReportRow".to_string(),
                    "Problem".to_string(),
                    "ReportRowX".to_string(),
                ],
            ),
            ("report", vec!["Status".to_string()]),
        ];
        let text = render("// header\n", &decls, &others);
        assert!(text.starts_with(
            "// header\nimport type { ReportRow } from \"./library\";\nimport type { Status } from \"./report\";\n\nexport type Listing"
        ), "{text}");
        assert_eq!(declared_names(&text), vec!["Listing", "Row"]);
    }
}
