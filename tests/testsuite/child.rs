//! Running the `kuni` binary (or this test binary, as a helper) as a child process with a
//! time limit, and the Linux namespaces the fault and no-network tests use.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The `kuni` binary with the test environment: fixed date, no user config, a cache folder.
pub fn kuni_in(cache: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuni"));
    cmd.env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", cache)
        .env_remove("KUNI_LIBRARY");
    cmd
}

/// Runs `cmd` to completion, killing it and failing the test if it takes longer than `limit`
/// (a hang is a bug, the same as a panic).
pub fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Drain the pipes while waiting, so a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// True when this process runs as root (the tests then use mount and network namespaces).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Whether the namespace tests can run: as root they must (a failure to create a namespace
/// is then a test failure, not a skip); otherwise they are skipped with this reason.
pub fn namespaces_or_skip(test: &str) -> bool {
    if is_root() {
        return true;
    }
    eprintln!(
        "{test}: skipped: creating mount or network namespaces (unshare) needs root, and this test runs as another user"
    );
    false
}

/// This test binary, started again to run only the test `name` (an ignored helper that acts
/// as a child process), with `env` set.
pub fn helper(name: &str, env: &[(&str, &str)]) -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let mut cmd = Command::new(exe);
    cmd.args(["--exact", name, "--ignored", "--nocapture", "--test-threads=1"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// `cmd` wrapped so it runs as `sh -c SCRIPT` inside new namespaces (`unshare FLAGS`), the
/// script ending by running the original command.
pub fn in_namespace(flags: &[&str], setup: &str, cmd: &Command) -> Command {
    let mut line = String::from(setup);
    line.push_str(" && exec");
    line.push_str(&format!(" {}", sh_quote(&cmd.get_program().to_string_lossy())));
    for a in cmd.get_args() {
        line.push_str(&format!(" {}", sh_quote(&a.to_string_lossy())));
    }
    let mut wrapped = Command::new("unshare");
    wrapped.args(flags).args(["sh", "-c", &line]);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    wrapped
}

pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
