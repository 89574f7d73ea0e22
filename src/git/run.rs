//! Running the `git` command in a library's work tree.

use super::err;
use crate::error::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A library inside a Git work tree.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The library folder.
    pub root: PathBuf,
    /// The work tree's top folder (the library or a folder above it).
    pub top: PathBuf,
    /// The library's path inside the work tree, `/`-separated, "" or ending in `/`.
    pub prefix: String,
    /// The `.git` folder (absolute).
    pub git_dir: PathBuf,
}

/// Runs git with `args` in `dir`; paths in its output are never quoted.
pub(crate) fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "core.quotePath=false"])
        .stdin(Stdio::null());
    cmd
}

impl Repo {
    /// Kuni's folder inside `.git` (the sync's state file, the texts of conflicts).
    pub fn kuni_dir(&self) -> PathBuf {
        self.git_dir.join("kuni")
    }

    /// A git command run at the work tree's top.
    pub(crate) fn cmd(&self) -> Command {
        command(&self.top)
    }

    /// Runs git and returns its output, whatever its exit status.
    pub(crate) fn output(&self, args: &[&str]) -> Result<Output> {
        self.output_with(args, None, &[])
    }

    /// [`Repo::output`] with bytes on stdin and extra environment variables.
    pub(crate) fn output_with(
        &self,
        args: &[&str],
        input: Option<&[u8]>,
        env: &[(&str, &Path)],
    ) -> Result<Output> {
        let mut cmd = self.cmd();
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        if input.is_some() {
            cmd.stdin(Stdio::piped());
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| err("git-missing", format!("cannot run git: {e}")))?;
        if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin
                .write_all(bytes)
                .map_err(|e| err("git-failed", format!("writing to git {}: {e}", args.join(" "))))?;
        }
        child
            .wait_with_output()
            .map_err(|e| err("git-failed", format!("waiting for git {}: {e}", args.join(" "))))
    }

    /// Runs git; its stdout when it succeeds, else an error quoting what git said.
    pub(crate) fn git(&self, args: &[&str]) -> Result<String> {
        let out = self.output(args)?;
        checked(args, out).map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// [`Repo::git`] returning raw bytes (file contents).
    pub(crate) fn git_bytes(&self, args: &[&str]) -> Result<Vec<u8>> {
        checked(args, self.output(args)?)
    }

    /// [`Repo::git`] with input, trimmed (object ids).
    pub(crate) fn git_input(&self, args: &[&str], input: &[u8]) -> Result<String> {
        let out = self.output_with(args, Some(input), &[])?;
        checked(args, out).map(|b| String::from_utf8_lossy(&b).trim().to_string())
    }

    /// Whether git succeeds (a question such as "is this an ancestor").
    pub(crate) fn succeeds(&self, args: &[&str]) -> Result<bool> {
        Ok(self.output(args)?.status.success())
    }

    /// The commit a revision names, or `None` when it names nothing.
    pub(crate) fn rev(&self, rev: &str) -> Result<Option<String>> {
        let out = self.output(&["rev-parse", "-q", "--verify", &format!("{rev}^{{commit}}")])?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// The blob of `path` (relative to the top) in `commit`, with its mode; `None` if absent.
    pub(crate) fn blob(&self, commit: &str, path: &str) -> Result<Option<(String, String)>> {
        let out = self.git(&["ls-tree", "-z", commit, "--", path])?;
        // `<mode> blob <id>\t<path>\0`
        Ok(out.split('\0').find_map(|entry| {
            let (meta, p) = entry.split_once('\t')?;
            let mut parts = meta.split(' ');
            let mode = parts.next()?;
            let kind = parts.next()?;
            let id = parts.next()?;
            (p == path && kind == "blob").then(|| (id.to_string(), mode.to_string()))
        }))
    }

    /// The bytes of a blob.
    pub(crate) fn cat(&self, blob: &str) -> Result<Vec<u8>> {
        self.git_bytes(&["cat-file", "blob", blob])
    }

    /// Stores `bytes` as a blob and returns its id.
    pub(crate) fn store(&self, bytes: &[u8]) -> Result<String> {
        self.git_input(&["hash-object", "-w", "--stdin"], bytes)
    }

    /// The current branch, or an error when HEAD is detached.
    pub(crate) fn branch(&self) -> Result<String> {
        let out = self.output(&["symbolic-ref", "-q", "--short", "HEAD"])?;
        if !out.status.success() {
            return Err(err(
                "detached-head",
                "the library's Git work tree is not on a branch (detached HEAD); check out a branch with git first",
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// A path of the library as git names it (relative to the top).
    pub(crate) fn path_of(&self, in_library: &str) -> String {
        format!("{}{in_library}", self.prefix)
    }

    /// A path git named (relative to the top) as a path inside the library, if it is one.
    pub(crate) fn in_library<'a>(&self, git_path: &'a str) -> Option<&'a str> {
        git_path.strip_prefix(self.prefix.as_str())
    }

    /// Waits (up to 10 s) for another git to release the index, so a git left running by a
    /// killed Kuni finishes first; then refuses clearly instead of failing half-way.
    pub(crate) fn wait_for_index(&self) -> Result<()> {
        let lock = self.git_dir.join("index.lock");
        for _ in 0..100 {
            if !lock.exists() {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(err(
            "git-busy",
            format!(
                "another Git command is working in this library ({} exists); wait for it, or remove that file if no git is running",
                lock.display()
            ),
        ))
    }
}

/// Turns a failed git run into an error quoting git's own words.
fn checked(args: &[&str], out: Output) -> Result<Vec<u8>> {
    if out.status.success() {
        return Ok(out.stdout);
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = said.trim();
    if said.contains("Please tell me who you are") || said.contains("empty ident name") {
        return Err(err(
            "git-identity",
            "Git does not know who you are, and every change is signed with a name: run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`",
        ));
    }
    Err(err(
        "git-failed",
        format!("git {} failed: {said}", args.join(" ")),
    ))
}
