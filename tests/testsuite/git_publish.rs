//! Publishing in a library kept in Git: a version is a commit and a tag, and two people can
//! never both publish the same version — refused before publishing when the remote can be
//! reached, refused at the push when it could not.

use crate::git_support::*;
use std::path::Path;

fn publish(team: &Team, who: &str, lib: &Path, note: &str) -> std::process::Output {
    team.kuni(who, lib, &["publish", "vn.ja", "--note", note])
}

fn ok(out: std::process::Output, what: &str) -> String {
    assert!(out.status.success(), "{what}: {}", said(&out));
    said(&out)
}

/// The object a tag of the shared repository points to (the tag object itself).
fn shared_tag(team: &Team, tag: &str) -> String {
    git(
        &team.path("shared.git"),
        "x",
        &["rev-parse", &format!("refs/tags/{tag}")],
    )
    .trim()
    .to_string()
}

#[test]
fn a_version_is_a_tagged_commit_and_the_second_publisher_online_is_refused() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    let said_a = ok(publish(&team, "alice", &a, "市場動向を更新"), "alice publishes");
    assert!(said_a.contains("tagged vn.ja/v3"), "{said_a}");
    // The commit holds the report, its snapshot and the manifest; the PDF is ignored.
    let files = git(
        &a,
        "alice",
        &["show", "--name-only", "--format=", "vn.ja/v3^{commit}"],
    );
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(
        files,
        vec![".deliverables/manifest.json", ".history/vn.ja/v3.md", "vn.ja.md"]
    );
    let tag = git(&a, "alice", &["tag", "-n9", "-l", "vn.ja/v3"]);
    assert!(tag.contains("市場動向を更新"), "the tag carries the note: {tag}");
    let who = git(
        &a,
        "alice",
        &[
            "for-each-ref",
            "--format=%(objecttype) %(taggername)",
            "refs/tags/vn.ja/v3",
        ],
    );
    assert_eq!(who.trim(), "tag alice", "annotated, by Alice");
    ok(team.kuni("alice", &a, &["sync"]), "alice syncs");
    let v3 = shared_tag(&team, "vn.ja/v3");

    // Bob, online, has not synced: refused, nothing written.
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    let before = read(&b.join("vn.ja.md"));
    let refused = publish(&team, "bob", &b, "ボブの版");
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    let err = stderr(&refused);
    assert!(
        err.contains("already has vn.ja v3") && err.contains("alice"),
        "{err}"
    );
    assert!(err.contains("kuni sync"), "{err}");
    assert_eq!(read(&b.join("vn.ja.md")), before);
    assert!(!b.join(".history/vn.ja/v3.md").exists());

    // After syncing, Bob publishes the next version.
    ok(team.kuni("bob", &b, &["sync"]), "bob syncs");
    let said_b = ok(
        publish(&team, "bob", &b, "ラベルの項目を更新"),
        "bob publishes v4",
    );
    assert!(said_b.contains("published vn.ja v4"), "{said_b}");
    let pushed = ok(team.kuni("bob", &b, &["sync"]), "bob pushes");
    assert!(pushed.contains("vn.ja/v4"), "{pushed}");
    assert_eq!(shared_tag(&team, "vn.ja/v3"), v3, "v3 untouched");
    shared_tag(&team, "vn.ja/v4");

    // Who made each version and each change, from Git.
    ok(team.kuni("alice", &a, &["sync"]), "alice gets v4");
    let history = ok(team.kuni("alice", &a, &["history", "vn.ja"]), "history");
    assert!(history.contains("published by alice"), "{history}");
    assert!(history.contains("published by bob"), "{history}");
    assert!(
        history.contains("bob: Kuni sync: vn.ja"),
        "Bob's change before v4: {history}"
    );
    let json = team.kuni("alice", &a, &["history", "vn.ja", "--json"]);
    assert!(json.status.success(), "{}", said(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(v["git"]["versions"][0]["version"], 4);
    assert_eq!(v["git"]["versions"][0]["by"], "bob");
}

#[test]
fn a_newer_commit_of_the_report_on_the_remote_refuses_publishing() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    ok(team.kuni("alice", &a, &["sync"]), "alice syncs an edit");
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    let refused = publish(&team, "bob", &b, "ボブの版");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("changes to vn.ja that are not here yet"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("alice"), "{}", stderr(&refused));
}

#[test]
fn offline_both_publish_and_the_push_refuses_the_colliding_tag_without_overwriting() {
    let team = Team::new();
    let (a, b) = (team.clone("alice"), team.clone("bob"));
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    ok(publish(&team, "alice", &a, "アリスの v3"), "alice publishes");
    ok(team.kuni("alice", &a, &["sync"]), "alice syncs");
    let v3 = shared_tag(&team, "vn.ja/v3");
    let main = git(&team.path("shared.git"), "x", &["rev-parse", "main"]);

    // Bob is offline: the shared folder is not mounted.
    std::fs::rename(team.path("shared.git"), team.path("away.git")).expect("unmount");
    edit_file(&b.join("vn.ja.md"), ENTRY, "- [ ] ベトナム語のラベルを準備する");
    let offline = publish(&team, "bob", &b, "ボブの v3");
    let said_off = ok(offline, "bob publishes offline");
    assert!(said_off.contains("published vn.ja v3"), "{said_off}");
    assert!(said_off.contains("without checking the remote"), "{said_off}");
    let down = team.kuni("bob", &b, &["sync"]);
    assert_eq!(down.status.code(), Some(1));
    assert!(stderr(&down).contains("cannot be reached"), "{}", stderr(&down));
    std::fs::rename(team.path("away.git"), team.path("shared.git")).expect("mount");

    // Back online: the push is refused, clearly, and nothing on the remote changes.
    let refused = team.kuni("bob", &b, &["sync"]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    let err = stderr(&refused);
    assert!(
        err.contains("vn.ja/v3 was also published") && err.contains("alice"),
        "{err}"
    );
    assert!(err.contains("no tag was overwritten"), "{err}");
    assert!(err.contains("kuni sync --withdraw vn.ja/v3"), "{err}");
    assert_eq!(shared_tag(&team, "vn.ja/v3"), v3);
    assert_eq!(git(&team.path("shared.git"), "x", &["rev-parse", "main"]), main);

    // Bob withdraws his local v3; the front matter (both wrote a v3 changelog entry)
    // conflicts, he takes Alice's, and his text is published as v4.
    let w = team.kuni("bob", &b, &["sync", "--withdraw", "vn.ja/v3"]);
    let w_said = said(&w);
    assert_eq!(w.status.code(), Some(1), "{w_said}");
    assert!(w_said.contains("in: front matter"), "{w_said}");
    assert!(
        !b.join(".history/vn.ja/v3.md").exists(),
        "Bob's own v3 snapshot is gone"
    );
    ok(
        team.kuni("bob", &b, &["sync", "--resolve", "vn.ja", "--theirs"]),
        "bob takes theirs",
    );
    assert_eq!(shared_tag(&team, "vn.ja/v3"), v3, "Alice's v3 stays");
    let text = read(&b.join("vn.ja.md"));
    assert!(!has_markers(&text));
    assert!(
        text.contains("国内生産は少ない。") && text.contains("ベトナム語のラベル"),
        "{text}"
    );
    assert_eq!(
        read(&b.join(".history/vn.ja/v3.md")),
        git(
            &team.path("shared.git"),
            "x",
            &["show", "vn.ja/v3:.history/vn.ja/v3.md"]
        ),
        "Bob has Alice's v3 snapshot"
    );
    let said_b = ok(publish(&team, "bob", &b, "ボブの変更"), "bob publishes v4");
    assert!(said_b.contains("published vn.ja v4"), "{said_b}");
    ok(team.kuni("bob", &b, &["sync"]), "bob pushes v4");
    assert_eq!(shared_tag(&team, "vn.ja/v3"), v3);
    shared_tag(&team, "vn.ja/v4");
}

#[test]
fn a_version_published_but_not_tagged_is_committed_and_tagged_by_the_next_sync() {
    // As if a publish had been killed after writing its files, before its commit and tag:
    // publishing with git out of reach writes the version like a library without Git.
    let team = Team::new();
    let a = team.clone("alice");
    edit_file(&a.join("vn.ja.md"), MARKET, "輸入依存が高い。国内生産は少ない。");
    let mut cmd = crate::child::kuni_in(&team.path("cache"));
    as_person(&mut cmd, "alice");
    cmd.env("GIT_DIR", team.path("no-such-git-dir"))
        .arg("--library")
        .arg(&a)
        .args(["publish", "vn.ja", "--note", "タグなしの版"]);
    let out = crate::child::run_within(cmd, std::time::Duration::from_secs(180));
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains("tagged"), "{}", said(&out));
    assert!(git(&a, "alice", &["tag", "-l"]).trim().is_empty());

    let synced = ok(team.kuni("alice", &a, &["sync"]), "alice syncs");
    assert!(synced.contains("tagged vn.ja/v3"), "{synced}");
    assert!(synced.contains("with vn.ja/v3"), "pushed with its tag: {synced}");
    let tag = git(&team.path("shared.git"), "x", &["tag", "-n9", "-l", "vn.ja/v3"]);
    assert!(
        tag.contains("タグなしの版"),
        "the tag carries the note from the changelog: {tag}"
    );
    let files = git(
        &a,
        "alice",
        &["show", "--name-only", "--format=", "vn.ja/v3^{commit}"],
    );
    assert!(
        files.contains(".history/vn.ja/v3.md"),
        "tagged where the snapshot was added: {files}"
    );
}
