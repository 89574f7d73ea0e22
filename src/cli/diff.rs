//! `kuni diff`

use kuni::publish::diff::{Diff, Op, SectionChange};
use kuni::publish::{self, Version};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// `v3` or `3` → version 3; `draft` → the working file.
pub fn parse_version(s: &str) -> Result<Version, String> {
    if s.eq_ignore_ascii_case("draft") {
        return Ok(Version::Draft);
    }
    s.trim_start_matches(['v', 'V'])
        .parse::<u32>()
        .map(Version::Published)
        .map_err(|_| format!("`{s}` is not a version: write v3 (or 3), or draft"))
}

pub fn run(
    library: &Path,
    id: &str,
    from: Option<Version>,
    to: Option<Version>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let library = super::open_library(library)?;
    let d = publish::diff(&library, id, from, to)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        print!("{}", render(&d, color));
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks for a change: ANSI colours on a terminal, `[-…-]{+…+}` otherwise (as `git diff
/// --word-diff` writes them, so the output stays readable in a file or a mail).
fn mark(op: Op, text: &str, color: bool) -> String {
    match (op, color) {
        (Op::Equal, _) => text.to_string(),
        (Op::Delete, true) => format!("\x1b[31;9m{text}\x1b[0m"),
        (Op::Insert, true) => format!("\x1b[32;1m{text}\x1b[0m"),
        (Op::Delete, false) => format!("[-{text}-]"),
        (Op::Insert, false) => format!("{{+{text}+}}"),
    }
}

/// Lines with a change and one line of context around them, then a summary per section.
pub fn render(d: &Diff, color: bool) -> String {
    let mut out = format!(
        "diff {}: {} → {}  (+{} −{} characters)\n",
        d.id, d.from, d.to, d.inserted, d.deleted
    );
    for s in &d.sections {
        if s.change == SectionChange::Unchanged {
            continue;
        }
        let title = if s.title.is_empty() {
            "(before the first heading)"
        } else {
            &s.title
        };
        out.push_str(&format!(
            "\n== {title}  [{}: +{} −{}]\n",
            change_word(s.change),
            s.inserted,
            s.deleted
        ));
        // Split the runs into lines of (op, text) pieces. A line counts as changed when it
        // has changed text, or when it is a blank line that was inserted or deleted.
        let mut lines: Vec<Vec<(Op, &str)>> = vec![Vec::new()];
        let mut blank_change: Vec<bool> = vec![false];
        for span in &s.ops {
            for (i, piece) in span.text.split('\n').enumerate() {
                if i > 0 {
                    let ended = lines.len() - 1;
                    blank_change[ended] = span.op != Op::Equal && lines[ended].is_empty();
                    lines.push(Vec::new());
                    blank_change.push(false);
                }
                if !piece.is_empty()
                    && let Some(l) = lines.last_mut()
                {
                    l.push((span.op, piece));
                }
            }
        }
        let changed: Vec<bool> = lines
            .iter()
            .zip(&blank_change)
            .map(|(l, blank)| *blank || l.iter().any(|(op, _)| *op != Op::Equal))
            .collect();
        let shown = |i: usize| {
            changed[i] || (i > 0 && changed[i - 1]) || changed.get(i + 1).copied().unwrap_or(false)
        };
        let mut gap = false;
        for (i, line) in lines.iter().enumerate() {
            if !shown(i) {
                gap = true;
                continue;
            }
            if gap {
                out.push_str("  …\n");
                gap = false;
            }
            out.push_str("  ");
            for (op, text) in line {
                out.push_str(&mark(*op, text, color));
            }
            out.push('\n');
        }
    }
    out.push_str("\nsummary:\n");
    for s in &d.sections {
        let title = if s.title.is_empty() {
            "(before the first heading)"
        } else {
            &s.title
        };
        out.push_str(&format!(
            "  {:<10} +{:<5} −{:<5} {title}\n",
            change_word(s.change),
            s.inserted,
            s.deleted
        ));
    }
    out
}

fn change_word(c: SectionChange) -> &'static str {
    match c {
        SectionChange::Unchanged => "unchanged",
        SectionChange::Modified => "modified",
        SectionChange::Added => "added",
        SectionChange::Removed => "removed",
    }
}
