//! `kuni sync` between two clones of one bare repository, with real git.

use crate::git_support::*;
use std::path::Path;

fn sync(team: &Team, who: &str, lib: &Path) -> std::process::Output {
    team.kuni(who, lib, &["sync"])
}

fn synced(team: &Team, who: &str, lib: &Path) -> String {
    let out = sync(team, who, lib);
    assert!(out.status.success(), "{who}: {}", said(&out));
    said(&out)
}

#[test]
fn edits_of_different_reports_reach_both_clones_with_their_authors() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    let th = read(&b.join("th.ja.md"));
    std::fs::write(b.join("th.ja.md"), format!("{th}\n追記：ボブの変更。\n")).expect("write");

    let said_a = synced(&team, "alice", &a);
    assert!(said_a.contains("committed vn.ja"), "{said_a}");
    assert!(said_a.contains("pushed to origin"), "{said_a}");
    let said_b = synced(&team, "bob", &b);
    assert!(said_b.contains("received from origin: vn.ja.md"), "{said_b}");
    synced(&team, "alice", &a);

    for lib in [&a, &b] {
        assert!(read(&lib.join("vn.ja.md")).contains("国内生産は少ない。"));
        assert!(read(&lib.join("th.ja.md")).contains("ボブの変更"));
    }
    // The commit lists the report and is signed by the person from Git's configuration.
    let log = git(&a, "alice", &["log", "--format=%an|%s", "--", "vn.ja.md"]);
    assert!(
        log.lines().next().is_some_and(|l| l == "alice|Kuni sync: vn.ja"),
        "{log}"
    );
    let log = git(&a, "alice", &["log", "-1", "--format=%an|%s", "--", "th.ja.md"]);
    assert_eq!(log.trim(), "bob|Kuni sync: th.ja");
    // Nothing left to do: a second sync says so.
    let again = synced(&team, "bob", &b);
    assert!(again.contains("up to date with origin"), "{again}");
}

#[test]
fn the_same_report_edited_in_different_sections_merges_silently() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    synced(&team, "alice", &a);
    let out = synced(&team, "bob", &b);
    assert!(!out.contains("conflict"), "{out}");
    synced(&team, "alice", &a);
    for lib in [&a, &b] {
        let text = read(&lib.join("vn.ja.md"));
        assert!(
            text.contains("国内生産は少ない。") && text.contains("ベトナム語のラベル"),
            "{text}"
        );
        assert!(!has_markers(&text));
    }
    assert_eq!(read(&a.join("vn.ja.md")), read(&b.join("vn.ja.md")));
}

/// Alice and Bob change the same sentence; Alice syncs first. Bob also changes another
/// section, which must survive every resolution.
fn conflict(team: &Team) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が非常に高い（アリス）。");
    edit_file(&b.join("vn.ja.md"), MARKET, "輸入依存はやや高い（ボブ）。");
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    synced(team, "alice", &a);
    let before = read(&b.join("vn.ja.md"));
    let out = sync(team, "bob", &b);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("report vn.ja (vn.ja.md)"), "{err}");
    assert!(err.contains("in: 市場動向"), "the section is named: {err}");
    assert!(err.contains("kuni sync --resolve vn.ja --mine"), "{err}");
    assert!(err.contains("kuni sync --continue"), "{err}");
    // The library is as before the sync: Bob's text, no markers.
    assert_eq!(read(&b.join("vn.ja.md")), before);
    // Both texts are kept.
    let kept = b.join(".git/kuni/conflicts");
    assert!(read(&kept.join("vn.ja.mine.md")).contains("（ボブ）"));
    assert!(read(&kept.join("vn.ja.theirs.md")).contains("（アリス）"));
    // `kuni list` says a sync is waiting; another plain sync shows the conflict again.
    let list = team.kuni("bob", &b, &["list"]);
    assert!(
        stderr(&list).contains("waiting for conflicts"),
        "{}",
        stderr(&list)
    );
    let again = sync(team, "bob", &b);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("市場動向"));
    assert_eq!(read(&b.join("vn.ja.md")), before);
    (a, b, before)
}

fn finish(team: &Team, a: &Path, b: &Path) -> String {
    synced(team, "alice", a);
    let text = read(&b.join("vn.ja.md"));
    assert_eq!(
        read(&a.join("vn.ja.md")),
        text,
        "both clones end with the same text"
    );
    assert!(!has_markers(&text));
    assert!(text.contains("ベトナム語のラベル"), "Bob's other edit survives");
    assert!(!b.join(".git/kuni/sync.json").exists());
    text
}

#[test]
fn a_conflict_resolved_with_mine_keeps_my_sentence() {
    let team = Team::new();
    let (a, b, _) = conflict(&team);
    let out = team.kuni("bob", &b, &["sync", "--resolve", "vn.ja", "--mine"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(stdout(&out).contains("pushed to origin"), "{}", said(&out));
    let text = finish(&team, &a, &b);
    assert!(
        text.contains("（ボブ）") && !text.contains("（アリス）"),
        "{text}"
    );
    let msg = git(&b, "bob", &["log", "-1", "--format=%B", "HEAD"]);
    assert!(msg.contains("vn.ja: kept mine"), "{msg}");
}

#[test]
fn a_conflict_resolved_with_theirs_takes_their_sentence() {
    let team = Team::new();
    let (a, b, _) = conflict(&team);
    let out = team.kuni("bob", &b, &["sync", "--resolve", "vn.ja", "--theirs"]);
    assert!(out.status.success(), "{}", said(&out));
    let text = finish(&team, &a, &b);
    assert!(
        text.contains("（アリス）") && !text.contains("（ボブ）"),
        "{text}"
    );
}

#[test]
fn a_conflict_resolved_by_editing_takes_the_edited_text() {
    let team = Team::new();
    let (a, b, _) = conflict(&team);
    // A marker left in the file is refused, and nothing changes.
    edit_file(
        &b.join("vn.ja.md"),
        "輸入依存はやや高い（ボブ）。",
        "<<<<<<< mine\n輸入依存はやや高い（ボブ）。",
    );
    let refused = team.kuni("bob", &b, &["sync", "--continue"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("conflict marker"),
        "{}",
        stderr(&refused)
    );
    edit_file(
        &b.join("vn.ja.md"),
        "<<<<<<< mine\n輸入依存はやや高い（ボブ）。",
        "輸入依存は高い（アリスとボブ）。",
    );
    let out = team.kuni("bob", &b, &["sync", "--continue"]);
    assert!(out.status.success(), "{}", said(&out));
    let text = finish(&team, &a, &b);
    assert!(
        text.contains("（アリスとボブ）") && !text.contains("（ボブ）。") && !text.contains("（アリス）。"),
        "{text}"
    );
}

#[test]
fn resolving_without_a_conflict_is_refused() {
    let team = Team::new();
    let a = team.clone("alice");
    let out = team.kuni("alice", &a, &["sync", "--resolve", "vn.ja", "--mine"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no sync is waiting"), "{}", stderr(&out));
    let out = team.kuni("alice", &a, &["sync", "--resolve", "vn.ja"]);
    assert_eq!(out.status.code(), Some(2), "--resolve needs a side");
}

#[test]
fn a_git_library_without_a_remote_commits_and_says_there_is_nothing_to_push_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::copy(crate::common::fixture("valid/vn.ja.md"), lib.join("vn.ja.md")).expect("copy");
    let cache = dir.path().join("cache");
    let init = kuni_as("solo", &lib, &cache, &["init-git"]);
    assert!(init.status.success(), "{}", said(&init));
    assert!(read(&lib.join(".gitignore")).contains("/.deliverables/*.pdf"));
    assert!(read(&lib.join(".gitattributes")).contains("*.pdf binary"));
    // Running it again adds nothing.
    kuni_as("solo", &lib, &cache, &["init-git"]);
    assert_eq!(
        read(&lib.join(".gitignore"))
            .matches("/.deliverables/*.pdf")
            .count(),
        1
    );
    let list = kuni_as("solo", &lib, &cache, &["list"]);
    assert!(stderr(&list).contains("kept in Git"), "{}", stderr(&list));
    assert!(stderr(&list).contains("no remote"), "{}", stderr(&list));

    let out = kuni_as("solo", &lib, &cache, &["sync"]);
    assert!(out.status.success(), "{}", said(&out));
    let text = stdout(&out);
    assert!(text.contains("committed vn.ja"), "{text}");
    assert!(text.contains("nothing to push to"), "{text}");
    let log = git(&lib, "solo", &["log", "--format=%an|%s"]);
    assert_eq!(log.trim(), "solo|Kuni sync: vn.ja");
    let status = git(&lib, "solo", &["status", "--porcelain"]);
    assert!(status.is_empty(), "everything committed: {status}");
}

#[test]
fn a_library_outside_git_cannot_sync_and_lists_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        crate::common::fixture("valid/vn.ja.md"),
        dir.path().join("vn.ja.md"),
    )
    .expect("copy");
    let cache = dir.path().join("cache");
    let out = kuni_as("solo", dir.path(), &cache, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not kept in Git"), "{}", stderr(&out));
    let list = kuni_as("solo", dir.path(), &cache, &["list", "--json"]);
    assert!(list.status.success());
    assert!(!stderr(&list).contains("Git"));
    let v: serde_json::Value = serde_json::from_str(&stdout(&list)).expect("JSON");
    assert!(v["git"].is_null());
}

#[test]
fn conflicts_in_two_sections_are_settled_one_section_at_a_time() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が非常に高い（アリス）。");
    edit_file(
        &a.join("vn.ja.md"),
        ENTRY,
        "- [ ] ラベルを英語で準備する（アリス）",
    );
    edit_file(&b.join("vn.ja.md"), MARKET, "輸入依存はやや高い（ボブ）。");
    edit_file(
        &b.join("vn.ja.md"),
        ENTRY,
        "- [ ] ラベルをベトナム語で準備する（ボブ）",
    );
    synced(&team, "alice", &a);
    let before = read(&b.join("vn.ja.md"));
    let out = sync(&team, "bob", &b);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("in: 市場動向, 参入のポイント"),
        "{}",
        stderr(&out)
    );

    // One section chosen: still waiting, the library untouched.
    let one = team.kuni(
        "bob",
        &b,
        &["sync", "--resolve", "vn.ja", "--section", "市場動向", "--theirs"],
    );
    assert_eq!(one.status.code(), Some(1), "{}", said(&one));
    assert_eq!(read(&b.join("vn.ja.md")), before);
    let wrong = team.kuni(
        "bob",
        &b,
        &["sync", "--resolve", "vn.ja", "--section", "要点", "--mine"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("no conflict in the section `要点`"),
        "{}",
        stderr(&wrong)
    );
    // The other: done.
    let two = team.kuni(
        "bob",
        &b,
        &[
            "sync",
            "--resolve",
            "vn.ja",
            "--section",
            "参入のポイント",
            "--mine",
        ],
    );
    assert!(two.status.success(), "{}", said(&two));
    synced(&team, "alice", &a);
    let text = read(&b.join("vn.ja.md"));
    assert_eq!(read(&a.join("vn.ja.md")), text);
    assert!(!has_markers(&text));
    assert!(text.contains("輸入依存が非常に高い（アリス）。"), "{text}");
    assert!(text.contains("ラベルをベトナム語で準備する（ボブ）"), "{text}");
    assert!(
        !text.contains("（ボブ）。") && !text.contains("英語で準備する（アリス）"),
        "{text}"
    );
}

#[test]
fn a_library_made_a_repository_on_its_own_joins_the_shared_one() {
    let team = Team::new();
    let own = team.path("own");
    std::fs::create_dir_all(&own).expect("mkdir");
    let th = read(&team.path("seed").join("th.ja.md"));
    std::fs::write(
        own.join("th.ja.md"),
        format!("{th}\n追記：別の PC で始めた版。\n"),
    )
    .expect("write");
    std::fs::copy(crate::common::fixture("valid/vn.ja.md"), own.join("ke.ja.md")).expect("copy");
    let init = team.kuni("carol", &own, &["init-git"]);
    assert!(init.status.success(), "{}", said(&init));
    git(&own, "carol", &["remote", "add", "origin", "../shared.git"]);
    // Both histories added th.ja differently: a conflict, settled by taking mine.
    let out = sync(&team, "carol", &own);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(stderr(&out).contains("report th.ja"), "{}", stderr(&out));
    let out = team.kuni("carol", &own, &["sync", "--resolve", "th.ja", "--mine"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(own.join("vn.ja.md").exists(), "the shared reports arrive");
    assert!(read(&own.join("th.ja.md")).contains("別の PC で始めた版"));
    let a = team.clone("alice");
    assert!(a.join("ke.ja.md").exists(), "and the new one reaches the others");
}
