//! A sync killed with SIGKILL at any moment: every report is either its text before the
//! sync or the fully merged text (never half-merged, never marked up), and the next
//! `kuni sync` finishes the job: the clone and the shared repository end fully synced.

use crate::git_support::*;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ROUNDS: u32 = 24;

/// Copies a folder tree (the team: bare repository and clones), keeping nothing shared.
fn copy_tree(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .expect("cp");
    assert!(status.success());
}

#[test]
fn a_sync_killed_at_any_moment_leaves_each_report_old_or_merged_and_the_next_sync_finishes() {
    // The template: Alice has pushed edits of both reports; Bob edited vn.ja elsewhere and
    // has not synced.
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    let th = read(&a.join("th.ja.md"));
    std::fs::write(a.join("th.ja.md"), format!("{th}\n追記：アリスの変更。\n")).expect("write");
    let out = team.kuni("alice", &a, &["sync"]);
    assert!(out.status.success(), "{}", said(&out));
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    let before: Vec<(String, String)> = ["vn.ja.md", "th.ja.md"]
        .iter()
        .map(|f| (f.to_string(), read(&b.join(f))))
        .collect();

    // A full sync of a copy, for the merged texts and the time it takes.
    let work = tempfile::tempdir().expect("tempdir");
    let timing = work.path().join("timing");
    copy_tree(team.dir.path(), &timing);
    let cache = work.path().join("cache");
    let start = Instant::now();
    let out = kuni_as("bob", &timing.join("bob"), &cache, &["sync"]);
    let full = start.elapsed();
    assert!(out.status.success(), "{}", said(&out));
    let merged: Vec<(String, String)> = ["vn.ja.md", "th.ja.md"]
        .iter()
        .map(|f| (f.to_string(), read(&timing.join("bob").join(f))))
        .collect();
    assert!(merged[0].1.contains("国内生産は少ない。") && merged[0].1.contains("ベトナム語のラベル"));

    let (mut untouched, mut partly, mut whole) = (0, 0, 0);
    for round in 0..ROUNDS {
        let root = work.path().join(format!("round{round}"));
        copy_tree(team.dir.path(), &root);
        let lib = root.join("bob");
        let mut cmd = crate::child::kuni_in(&cache);
        as_person(&mut cmd, "bob");
        let mut child = cmd
            .arg("--library")
            .arg(&lib)
            .arg("sync")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kuni sync");
        std::thread::sleep(full.mul_f64(1.1 * f64::from(round) / f64::from(ROUNDS)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Let a git the kill orphaned finish, as a user would before trying again.
        std::thread::sleep(Duration::from_millis(50));

        let mut new_files = 0;
        for ((file, old), (_, new)) in before.iter().zip(&merged) {
            let now = read(&lib.join(file));
            assert!(!has_markers(&now), "round {round}: markers in {file}");
            assert!(
                now == *old || now == *new,
                "round {round}: {file} is neither as before nor merged:\n{now}"
            );
            new_files += usize::from(now == *new && old != new);
        }
        match new_files {
            0 => untouched += 1,
            2 => whole += 1,
            _ => partly += 1,
        }

        let out = kuni_as("bob", &lib, &cache, &["sync"]);
        assert!(
            out.status.success(),
            "round {round}: the next sync recovers: {}",
            said(&out)
        );
        for (file, new) in &merged {
            assert_eq!(
                read(&lib.join(file)),
                *new,
                "round {round}: {file} after the next sync"
            );
        }
        let status = git(&lib, "bob", &["status", "--porcelain"]);
        assert!(status.is_empty(), "round {round}: clean after recovery: {status}");
        let head = git(&lib, "bob", &["rev-parse", "HEAD"]);
        let shared = git(&root.join("shared.git"), "bob", &["rev-parse", "main"]);
        assert_eq!(head, shared, "round {round}: pushed");
        assert!(
            !lib.join(".git/kuni/sync.json").exists(),
            "round {round}: state cleared"
        );
    }
    eprintln!(
        "sync kill test: {ROUNDS} rounds over {full:?}: {untouched} before the merge reached the files, {partly} part-way (finished by the next sync), {whole} fully merged"
    );
    assert!(
        untouched > 0 && whole > 0,
        "kills must land before and after ({untouched}, {whole})"
    );
}
