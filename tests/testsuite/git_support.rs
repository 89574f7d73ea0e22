//! A team in temporary folders: one bare repository (the shared folder) and clones of it,
//! each run as a different person. Git's identity comes from the environment and the user's
//! own configuration files are ignored, so the tests do not depend on the machine.

use crate::child::{kuni_in, run_within};
use crate::common::fixture;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// The environment of person `who`, for git and for kuni (which runs git).
pub fn as_person(cmd: &mut Command, who: &str) {
    let email = format!("{who}@example.org");
    cmd.env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", &email)
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", &email)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

/// Runs git in `dir` as `who`; panics with git's words when it fails.
pub fn git(dir: &Path, who: &str, args: &[&str]) -> String {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(args);
    as_person(&mut cmd, who);
    let out = cmd.output().expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One shared repository and its clones.
pub struct Team {
    pub dir: tempfile::TempDir,
}

impl Team {
    /// A bare repository `shared.git` holding a library of two reports (vn.ja from the test
    /// fixtures, th.ja from the bundled library) with Kuni's .gitignore, pushed by `lead`.
    pub fn new() -> Team {
        let team = Team {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let root = team.dir.path();
        git(
            root,
            "lead",
            &["init", "-q", "--bare", "-b", "main", "shared.git"],
        );
        let seed = root.join("seed");
        std::fs::create_dir_all(&seed).expect("mkdir");
        git(&seed, "lead", &["init", "-q", "-b", "main"]);
        std::fs::copy(fixture("valid/vn.ja.md"), seed.join("vn.ja.md")).expect("copy");
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/th.ja.md");
        std::fs::copy(bundled, seed.join("th.ja.md")).expect("copy");
        let out = team.kuni("lead", &seed, &["init-git"]);
        assert!(out.status.success(), "{}", stderr(&out));
        git(&seed, "lead", &["remote", "add", "origin", "../shared.git"]);
        let out = team.kuni("lead", &seed, &["sync"]);
        assert!(out.status.success(), "{}", stderr(&out));
        team
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new clone `name` of the shared repository (its remote a relative path, so a copy of
    /// the whole team folder still works).
    pub fn clone(&self, name: &str) -> PathBuf {
        git(self.dir.path(), name, &["clone", "-q", "shared.git", name]);
        let dir = self.path(name);
        git(&dir, name, &["remote", "set-url", "origin", "../shared.git"]);
        dir
    }

    /// Runs kuni as `who` on the library `lib`.
    pub fn kuni(&self, who: &str, lib: &Path, args: &[&str]) -> Output {
        kuni_as(who, lib, &self.path("cache"), args)
    }
}

/// Runs kuni as `who` on the library `lib` (a hang fails the test).
pub fn kuni_as(who: &str, lib: &Path, cache: &Path, args: &[&str]) -> Output {
    let mut cmd = kuni_in(cache);
    as_person(&mut cmd, who);
    cmd.arg("--library").arg(lib).args(args);
    run_within(cmd, Duration::from_secs(180))
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Both streams, for messages and assertions.
pub fn said(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Replaces exactly one occurrence of `from` in the file.
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` once in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// Whether a text has a line that is a Git conflict marker.
pub fn has_markers(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======")
}

/// The sentences the tests edit, one per section of vn.ja.
pub const MARKET: &str = "輸入依存が高い。";
pub const ENTRY: &str = "- [ ] ラベルを準備する";
