//! Merging without markers in the work tree: git merges into a tree of its own
//! (`git merge-tree --write-tree`), and for each file it could not merge Kuni keeps both texts
//! under `.git/kuni/conflicts/`, names the report's sections that conflict (cut as
//! `publish::diff` cuts a report), and later builds the final tree from the user's choices.
//! The deliverables' manifest is merged by Kuni itself: it is a list of files, and the union
//! of both lists (the newer version of a file winning) is always what both sides meant.

use super::err;
use super::run::Repo;
use crate::error::{Error, Result};
use crate::publish::DELIVERABLES_DIR;
use crate::publish::manifest::{MANIFEST_NAME, Manifest};
use crate::save::write_atomic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How a conflicted file was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    /// My text wins where the two conflict; the remote's other changes are kept.
    Mine,
    /// Their text wins where the two conflict; my other changes are kept.
    Theirs,
    /// The text the user edited in the library.
    Edited,
    /// Kuni merged it (the manifest).
    Automatic,
}

/// One conflicting passage: the two texts of the same place, for the user to choose between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Passage {
    /// The section it is in.
    pub section: String,
    /// My text of the passage.
    pub mine: String,
    /// Their text.
    pub theirs: String,
}

/// A file the merge could not settle by itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Conflict {
    /// The path inside the work tree (`/`-separated, from its top).
    pub path: String,
    /// The report's id when the file is a report of the library.
    pub report: Option<String>,
    /// The report's sections that conflict (`front matter`, headings); empty when the file
    /// was deleted on one side or is not a report.
    pub sections: Vec<String>,
    /// The conflicting passages, both texts of each.
    #[serde(default)]
    pub passages: Vec<Passage>,
    /// Where my text is kept (absent when I deleted the file).
    #[cfg_attr(test, ts(type = "string | null"))]
    pub mine: Option<PathBuf>,
    /// Where their text is kept (absent when they deleted it).
    #[cfg_attr(test, ts(type = "string | null"))]
    pub theirs: Option<PathBuf>,
    /// The blobs: common ancestor, mine, theirs.
    pub base_blob: Option<String>,
    /// Mine.
    pub ours_blob: Option<String>,
    /// Theirs.
    pub theirs_blob: Option<String>,
    /// The file's mode.
    pub mode: String,
    /// Choices made so far for single sections (title, choice), until every conflicting
    /// section has one.
    #[serde(default)]
    pub chosen: Vec<(String, Choice)>,
    /// The choice made, and the resulting blob (`None`: the file is deleted).
    pub resolved: Option<(Choice, Option<String>)>,
}

impl Conflict {
    /// The report id, else the path: how the user names it.
    pub fn name(&self) -> &str {
        self.report.as_deref().unwrap_or(&self.path)
    }
}

/// What git's merge of two commits gave.
pub(crate) struct Merged {
    /// The merged tree (conflicted files hold git's markers, which never reach the library).
    pub tree: String,
    /// The files git could not merge, Kuni's automatic merges already settled.
    pub files: Vec<Conflict>,
}

/// Merges commits `ours` and `theirs` without touching the work tree or the index.
pub(crate) fn merge(repo: &Repo, ours: &str, theirs: &str) -> Result<Merged> {
    let out = repo.output(&[
        "-c",
        "merge.conflictStyle=merge",
        "merge-tree",
        "--write-tree",
        // A library made a repository on its own PC may join a shared one.
        "--allow-unrelated-histories",
        "-z",
        ours,
        theirs,
    ])?;
    match out.status.code() {
        Some(0 | 1) => {}
        _ => {
            return Err(err(
                "git-failed",
                format!(
                    "git merge-tree failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            ));
        }
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // `<tree>\0` then `<mode> <blob> <stage>\t<path>\0`… then an empty field and messages.
    let mut fields = text.split('\0');
    let tree = fields.next().unwrap_or_default().trim().to_string();
    let mut stages: BTreeMap<String, (String, [Option<String>; 3])> = BTreeMap::new();
    for field in fields {
        if field.is_empty() {
            break;
        }
        let Some((meta, path)) = field.split_once('\t') else {
            continue;
        };
        let parts: Vec<&str> = meta.split(' ').collect();
        let [mode, blob, stage] = parts.as_slice() else {
            continue;
        };
        let slot = stages.entry(path.to_string()).or_default();
        if slot.0.is_empty() || *stage == "2" {
            slot.0 = (*mode).to_string();
        }
        if let Ok(n @ 1..=3) = stage.parse::<usize>() {
            slot.1[n - 1] = Some((*blob).to_string());
        }
    }
    let mut files = Vec::new();
    for (path, (mode, [base, mine, their])) in stages {
        let mut c = Conflict {
            report: report_id(repo, &path),
            sections: Vec::new(),
            passages: Vec::new(),
            mine: None,
            theirs: None,
            base_blob: base,
            ours_blob: mine,
            theirs_blob: their,
            mode,
            chosen: Vec::new(),
            resolved: None,
            path,
        };
        if c.path == repo.path_of(&format!("{DELIVERABLES_DIR}/{MANIFEST_NAME}"))
            && let Some(blob) = merge_manifests(repo, &c)?
        {
            c.resolved = Some((Choice::Automatic, Some(blob)));
            files.push(c);
            continue;
        }
        if c.ours_blob.is_some()
            && c.theirs_blob.is_some()
            && let Some((id, _)) = repo.blob(&tree, &c.path)?
        {
            let marked = String::from_utf8_lossy(&repo.cat(&id)?).into_owned();
            c.sections = conflicted_sections(&marked);
            c.passages = passages(&marked);
        }
        keep_both(repo, &mut c)?;
        files.push(c);
    }
    Ok(Merged { tree, files })
}

/// The report id of a path, when it is a report file of the library.
pub(crate) fn report_id(repo: &Repo, path: &str) -> Option<String> {
    let inside = repo.in_library(path)?;
    let hidden = inside.split('/').any(|c| c.starts_with('.'));
    let p = Path::new(inside);
    let is_report = inside.ends_with(".md")
        && !hidden
        && !p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("readme.md"));
    is_report.then(|| crate::report::id_from_path(p))
}

/// Writes my text and theirs into `.git/kuni/conflicts/`, where the user (and the app) can
/// read them while the library keeps my text untouched.
fn keep_both(repo: &Repo, c: &mut Conflict) -> Result<()> {
    let dir = repo.kuni_dir().join("conflicts");
    std::fs::create_dir_all(&dir).map_err(Error::io("creating", &dir))?;
    let stem = c.name().replace('/', "__");
    let ext = Path::new(&c.path)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let save = |blob: &Option<String>, side: &str| -> Result<Option<PathBuf>> {
        let Some(blob) = blob else { return Ok(None) };
        let file = dir.join(format!("{stem}.{side}{ext}"));
        write_atomic(&file, &repo.cat(blob)?)?;
        Ok(Some(file))
    };
    c.mine = save(&c.ours_blob, "mine")?;
    c.theirs = save(&c.theirs_blob, "theirs")?;
    Ok(())
}

/// The union of both manifests' files (the higher version of a path wins, theirs on a tie,
/// since a version on the remote is already shared). `None` when either does not read.
fn merge_manifests(repo: &Repo, c: &Conflict) -> Result<Option<String>> {
    let read = |blob: &Option<String>| -> Result<Option<Manifest>> {
        match blob {
            Some(b) => Ok(serde_json::from_slice(&repo.cat(b)?).ok()),
            None => Ok(None),
        }
    };
    let (Some(mut mine), Some(theirs)) = (read(&c.ours_blob)?, read(&c.theirs_blob)?) else {
        return Ok(None);
    };
    for f in theirs.files {
        let keep_mine = mine
            .files
            .iter()
            .any(|m| m.path == f.path && m.version > f.version);
        if !keep_mine {
            mine.upsert(f);
        }
    }
    repo.store(&mine.to_bytes()).map(Some)
}

/// A marked-up merge result read back: text both sides agree on, and conflicts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Common(String),
    Conflict {
        mine: String,
        theirs: String,
        /// The sections (titles) the conflict's lines lie in.
        sections: Vec<String>,
    },
}

/// Reads git's marked-up text (`<<<<<<<` mine `=======` theirs `>>>>>>>`): my side is the text
/// outside and inside the first half of each conflict; it is cut into sections the way
/// `publish::diff` cuts a report, and each conflict is given the sections its lines touch.
fn pieces(marked: &str) -> Vec<Piece> {
    #[derive(PartialEq)]
    enum At {
        Outside,
        Mine,
        Base,
        Theirs,
    }
    let mut at = At::Outside;
    let mut my_text = String::new();
    let mut lines = 0usize;
    let mut out: Vec<Piece> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let (mut mine, mut theirs, mut start) = (String::new(), String::new(), 0usize);
    for line in marked.split_inclusive('\n') {
        if at == At::Outside && line.starts_with("<<<<<<<") {
            at = At::Mine;
            start = lines;
        } else if at == At::Mine && line.starts_with("|||||||") {
            at = At::Base;
        } else if (at == At::Mine || at == At::Base) && line.starts_with("=======") {
            at = At::Theirs;
        } else if at == At::Theirs && line.starts_with(">>>>>>>") {
            at = At::Outside;
            spans.push((start, lines));
            out.push(Piece::Conflict {
                mine: std::mem::take(&mut mine),
                theirs: std::mem::take(&mut theirs),
                sections: Vec::new(),
            });
        } else {
            match at {
                At::Outside => {
                    my_text.push_str(line);
                    lines += 1;
                    match out.last_mut() {
                        Some(Piece::Common(t)) => t.push_str(line),
                        _ => out.push(Piece::Common(line.to_string())),
                    }
                }
                At::Mine => {
                    my_text.push_str(line);
                    lines += 1;
                    mine.push_str(line);
                }
                At::Base => {}
                At::Theirs => theirs.push_str(line),
            }
        }
    }
    let mut ranges = Vec::new();
    let mut first = 0usize;
    for (title, text) in crate::publish::diff::sections(&my_text) {
        let n = text.split_inclusive('\n').count();
        let name = if title.is_empty() {
            "(before the first heading)".to_string()
        } else {
            title
        };
        ranges.push((name, first, first + n));
        first += n;
    }
    let mut spans = spans.into_iter();
    for piece in &mut out {
        if let Piece::Conflict { sections, .. } = piece
            && let Some((a, b)) = spans.next()
        {
            // A conflict where I deleted lines is a point; it belongs to the section before it.
            let (a, b) = if a == b {
                (a.saturating_sub(1), a.max(1))
            } else {
                (a, b)
            };
            for (title, s, e) in &ranges {
                if *s < b && a < *e && !sections.contains(title) {
                    sections.push(title.clone());
                }
            }
        }
    }
    out
}

/// The sections of a report that a marked-up merge result has conflicts in, by title, in
/// order (see [`pieces`]).
pub fn conflicted_sections(marked: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pieces(marked) {
        if let Piece::Conflict { sections, .. } = p {
            for s in sections {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Each conflict of a marked-up text with both sides' words.
fn passages(marked: &str) -> Vec<Passage> {
    pieces(marked)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Conflict {
                mine,
                theirs,
                sections,
            } => Some(Passage {
                section: sections.first().cloned().unwrap_or_default(),
                mine,
                theirs,
            }),
            Piece::Common(_) => None,
        })
        .collect()
}

/// The merged text with each conflict settled by the choice for its section (`choose` gets
/// the conflict's sections; a conflict spanning several takes the first one's choice).
/// `Err(section)` names a section with no choice.
fn settle_sections(marked: &str, choose: impl Fn(&str) -> Option<Choice>) -> Result<String, String> {
    let mut text = String::new();
    for p in pieces(marked) {
        match p {
            Piece::Common(t) => text.push_str(&t),
            Piece::Conflict {
                mine,
                theirs,
                sections,
            } => {
                let first = sections.first().cloned().unwrap_or_default();
                match choose(&first) {
                    Some(Choice::Theirs) => text.push_str(&theirs),
                    Some(_) => text.push_str(&mine),
                    None => return Err(first),
                }
            }
        }
    }
    Ok(text)
}

/// Settles `c` section by section with the choices made so far (`c.chosen`); `None` while a
/// conflicting section has no choice yet.
pub(crate) fn settle_chosen(repo: &Repo, tree: &str, c: &Conflict) -> Result<Option<Option<String>>> {
    let Some((id, _)) = repo.blob(tree, &c.path)? else {
        return Ok(None);
    };
    let marked = String::from_utf8_lossy(&repo.cat(&id)?).into_owned();
    let pick = |s: &str| c.chosen.iter().find(|(t, _)| t == s).map(|(_, ch)| *ch);
    match settle_sections(&marked, pick) {
        Ok(text) => Ok(Some(Some(repo.store(text.as_bytes())?))),
        Err(_) => Ok(None),
    }
}

/// The empty blob, for a base that does not exist (both sides added the file).
fn empty_blob(repo: &Repo) -> Result<String> {
    repo.store(b"")
}

/// The blob (or deletion) that settles `c` by `choice`. Mine and theirs keep the other
/// side's changes where they do not conflict (`git merge-file --ours/--theirs`).
pub(crate) fn settle(repo: &Repo, c: &Conflict, choice: Choice) -> Result<Option<String>> {
    match choice {
        Choice::Mine | Choice::Theirs => {
            let (Some(mine), Some(theirs)) = (&c.ours_blob, &c.theirs_blob) else {
                // Deleted on one side: the choice is the side, whole.
                return Ok(if choice == Choice::Mine {
                    c.ours_blob.clone()
                } else {
                    c.theirs_blob.clone()
                });
            };
            let base = match &c.base_blob {
                Some(b) => b.clone(),
                None => empty_blob(repo)?,
            };
            let favour = if choice == Choice::Mine {
                "--ours"
            } else {
                "--theirs"
            };
            let out = repo.output(&["merge-file", "--object-id", favour, mine, &base, theirs])?;
            let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
            // merge-file exits with the number of conflicts; with a favour there are none.
            if id.len() < 40 {
                return Err(err(
                    "git-failed",
                    format!(
                        "git merge-file failed on {}: {}",
                        c.path,
                        String::from_utf8_lossy(&out.stderr).trim()
                    ),
                ));
            }
            Ok(Some(id))
        }
        Choice::Edited => {
            let file = repo.top.join(&c.path);
            match std::fs::read(&file) {
                Ok(bytes) => {
                    if let Some(n) = marker_line(&bytes) {
                        return Err(err(
                            "conflict-markers",
                            format!(
                                "{}:{n}: the file still has a conflict marker; finish editing it, then run `kuni sync --continue`",
                                file.display()
                            ),
                        ));
                    }
                    repo.store(&bytes).map(Some)
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::io("reading", &file)(e)),
            }
        }
        Choice::Automatic => Ok(c.resolved.as_ref().and_then(|(_, b)| b.clone())),
    }
}

/// The 1-based line of the first conflict marker in `bytes`, if any.
fn marker_line(bytes: &[u8]) -> Option<usize> {
    String::from_utf8_lossy(bytes)
        .lines()
        .position(|l| l.starts_with("<<<<<<< ") || l.starts_with(">>>>>>> ") || l == "=======")
        .map(|i| i + 1)
}

/// The merged tree with every conflicted file replaced by its settled blob.
pub(crate) fn settled_tree(repo: &Repo, tree: &str, files: &[Conflict]) -> Result<String> {
    let dir = repo.kuni_dir();
    std::fs::create_dir_all(&dir).map_err(Error::io("creating", &dir))?;
    let index = dir.join("merge.index");
    let _ = std::fs::remove_file(&index);
    let env = [("GIT_INDEX_FILE", index.as_path())];
    let run = |args: &[&str]| -> Result<String> {
        let out = repo.output_with(args, None, &env)?;
        if !out.status.success() {
            return Err(err(
                "git-failed",
                format!(
                    "git {} failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    run(&["read-tree", tree])?;
    for c in files {
        match &c.resolved {
            Some((_, Some(blob))) => {
                run(&[
                    "update-index",
                    "--add",
                    "--cacheinfo",
                    &format!("{},{blob},{}", c.mode, c.path),
                ])?;
            }
            Some((_, None)) => {
                run(&["update-index", "--force-remove", "--", &c.path])?;
            }
            None => return Err(err("sync-conflict", format!("{} is not resolved yet", c.name()))),
        }
    }
    let tree = run(&["write-tree"])?;
    let _ = std::fs::remove_file(&index);
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_named_by_section() {
        let marked = "---\ntitle: x\n---\n\n## 要点\n\nA\n\n## 薬事制度\n\n<<<<<<< ours\n私の文\n=======\n彼らの文\n>>>>>>> theirs\n\n## 留意点\n\nB\n";
        assert_eq!(conflicted_sections(marked), vec!["薬事制度"]);
        let front = "---\n<<<<<<< ours\ntitle: x\n=======\ntitle: y\n>>>>>>> theirs\n---\n\n## 要点\n";
        assert_eq!(
            conflicted_sections(front),
            vec![crate::publish::diff::FRONT_MATTER]
        );
        assert!(conflicted_sections("## a\n\nclean\n").is_empty());
    }

    #[test]
    fn each_conflict_is_settled_by_its_sections_choice() {
        let marked = "## 要点\n\n<<<<<<< ours\nA mine\n=======\nA theirs\n>>>>>>> theirs\n\n## 薬事制度\n\n<<<<<<< ours\nB mine\n=======\nB theirs\n>>>>>>> theirs\nend\n";
        assert_eq!(conflicted_sections(marked), vec!["要点", "薬事制度"]);
        let text = settle_sections(marked, |s| {
            Some(if s == "要点" {
                Choice::Theirs
            } else {
                Choice::Mine
            })
        })
        .expect("all chosen");
        assert_eq!(text, "## 要点\n\nA theirs\n\n## 薬事制度\n\nB mine\nend\n");
        let missing = settle_sections(marked, |s| (s == "要点").then_some(Choice::Mine));
        assert_eq!(missing, Err("薬事制度".to_string()));
    }

    #[test]
    fn marker_lines_are_found() {
        assert_eq!(marker_line(b"a\n<<<<<<< HEAD\nb\n"), Some(2));
        assert_eq!(marker_line(b"a\n======= not a marker\n"), None);
    }
}
