//! Fault injection: a process killed while saving, a full disk, a read-only folder, a
//! damaged or locked search index. Each fault is real (SIGKILL, a tmpfs with a size limit,
//! a read-only bind mount, bytes scribbled over index files), not simulated in-process.

use crate::child::*;
use crate::common::*;
use kuni::save::{save_if_unchanged, sha256_hex, write_atomic};
use kuni::settings::Settings;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Two versions of a report, big enough (about half a megabyte) that a save takes a while and a kill
/// lands in the middle of one, and different all the way through, so any mixture, any
/// truncation and an empty file all differ from both.
fn versions() -> (Vec<u8>, Vec<u8>) {
    let base = valid_text();
    let make = |tag: &str, fill: &str| {
        let mut t = base.replace("輸入依存が高い。", &format!("{tag} 版の本文。"));
        for i in 0..9_000 {
            t.push_str(&format!("{fill}{i:05} {tag}\n"));
        }
        t.push_str(&format!("END OF VERSION {tag}\n"));
        t.into_bytes()
    };
    (
        make("A", "旧版の行。あいうえおかきくけこ"),
        make("B", "新版の行、さしすせそたちつてと。"),
    )
}

/// Settings files of different lengths, so a mixture or truncation is noticed.
fn settings_versions() -> (Settings, Settings) {
    let a = Settings {
        organisation: Some("旧".repeat(200_000)),
        ..Settings::default()
    };
    let b = Settings {
        organisation: Some("新しい組織".repeat(70_000)),
        author: Some("作成者".into()),
        ..Settings::default()
    };
    (a, b)
}

/// The child process of the crash tests: saves in a loop until it is killed.
/// `KUNI_FAULT_MODE` is `report` (save_if_unchanged), `settings` (Settings::save_to) or
/// `naive` (std::fs::write, to prove the test notices a torn file).
#[test]
#[ignore = "child process of the crash tests; they start it"]
fn fault_child_save_loop() {
    let Some(path) = std::env::var_os("KUNI_FAULT_FILE").map(PathBuf::from) else {
        return;
    };
    let mode = std::env::var("KUNI_FAULT_MODE").unwrap_or_default();
    let (a, b) = versions();
    let (sa, sb) = settings_versions();
    // Tell the parent when the loop starts and when each save ends: its kill times count
    // from these, not from a process start or a save that takes much longer on a loaded
    // machine.
    let say = |line: &str| {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    say(READY);
    for n in 0u64.. {
        if n > 0 {
            say(SAVED);
        }
        match mode.as_str() {
            // The editor's path (compare, then write) and the bare writer, alternately: the
            // bare one spends more of its time between creating and renaming the temporary
            // file, where a kill is most dangerous.
            "report" if n % 2 == 0 => {
                let on_disk = fs::read(&path).expect("read");
                let next = if on_disk == a { &b } else { &a };
                let text = std::str::from_utf8(next).expect("utf-8");
                save_if_unchanged(&path, text, &sha256_hex(&on_disk)).expect("save");
            }
            "report" => {
                let on_disk = fs::read(&path).expect("read");
                write_atomic(&path, if on_disk == a { &b } else { &a }).expect("save");
            }
            "settings" => {
                let next = if n % 2 == 0 { &sb } else { &sa };
                next.save_to(&path).expect("save settings");
            }
            "naive" => fs::write(&path, if n % 2 == 0 { &b } else { &a }).expect("write"),
            other => panic!("unknown KUNI_FAULT_MODE {other:?}"),
        }
    }
}

/// The lines the save loop prints when it starts saving and when it finished a save.
const READY: &str = "KUNI-FAULT-LOOP-READY";
const SAVED: &str = "KUNI-FAULT-LOOP-SAVED";

/// When a round's kill is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kill {
    /// After 0–2 finished saves, at a random moment within the next one's expected length:
    /// lands anywhere, before, inside or between saves, at any speed of the machine.
    AtRandom,
    /// As soon as a temporary file appears: aims at the moment between creating it and
    /// renaming it over the file, the one an atomic save must survive.
    WhileSaving,
}

/// A small xorshift generator: random kill times without a dependency; the seed is printed
/// so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("KUNI_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("kill times from KUNI_FAULT_SEED={seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[derive(Debug, Default)]
struct Outcome {
    rounds: usize,
    old: usize,
    new: usize,
    torn: Vec<String>,
    killed_mid_save: usize,
}

/// Starts the save loop in `mode` on `file` (holding `first` to begin with), waits until it
/// says it is saving, kills it with SIGKILL and classifies what is left on disk; again and
/// again until at least `enough` kills landed while a temporary file existed (the dangerous
/// moment) and both versions were seen, or `max_rounds` is reached. With `aim`, every other
/// round kills the moment a temporary file appears ([`Kill::WhileSaving`]), the others at a
/// random moment; nothing depends on how fast the machine starts a process or writes a file.
fn kill_while_saving(
    mode: &str,
    file: &Path,
    first: &[u8],
    second: &[u8],
    enough: usize,
    max_rounds: usize,
    aim: bool,
) -> Outcome {
    let dir = file.parent().expect("folder");
    let mut rng = Rng::new();
    let mut outcome = Outcome::default();
    fs::write(file, first).expect("write first version");
    for round in 0..max_rounds {
        if outcome.killed_mid_save >= enough && outcome.old > 0 && outcome.new > 0 {
            break;
        }
        outcome.rounds += 1;
        let kill = if aim && round % 2 == 1 {
            Kill::WhileSaving
        } else {
            Kill::AtRandom
        };
        let mut child = helper(
            "faults::fault_child_save_loop",
            &[
                ("KUNI_FAULT_FILE", file.to_str().expect("utf-8 path")),
                ("KUNI_FAULT_MODE", mode),
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the save loop");
        let mut progress = Progress::follow(&mut child);
        progress.wait_for(0, round);
        match kill {
            Kill::AtRandom => {
                let saves = rng.below(3) as usize;
                let took = progress.wait_for(saves, round);
                let micros = took.as_micros().clamp(1_000, 2_000_000) as u64;
                std::thread::sleep(Duration::from_micros(rng.below(micros + micros / 2)));
            }
            Kill::WhileSaving => {
                let deadline = Instant::now() + Duration::from_secs(20);
                while !has_temporary_file(dir) && Instant::now() < deadline {
                    std::thread::yield_now();
                }
            }
        }
        child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
        let status = child.wait().expect("wait");
        assert!(
            status.code().is_none(),
            "round {round}: the child ended by itself: {status}"
        );
        let now = fs::read(file).expect("the file still exists");
        if now == first {
            outcome.old += 1;
        } else if now == second {
            outcome.new += 1;
        } else {
            outcome.torn.push(format!(
                "round {round} ({kill:?}): {} bytes, neither version ({} or {} bytes)",
                now.len(),
                first.len(),
                second.len()
            ));
            fs::write(file, first).expect("reset");
        }
        // A temporary file left by the kill proves it landed during a save; clear it.
        for e in fs::read_dir(dir).expect("dir") {
            let p = e.expect("entry").path();
            if is_temporary(&p) {
                outcome.killed_mid_save += 1;
                fs::remove_file(p).expect("remove leftover");
            }
        }
    }
    outcome
}

/// What the save loop said so far: the time of its start and of each finished save.
struct Progress {
    said: std::sync::mpsc::Receiver<Instant>,
    seen: Vec<Instant>,
}

impl Progress {
    /// Follows the child's output (the test harness prints its own lines first); the channel
    /// closes when the child ends.
    fn follow(child: &mut std::process::Child) -> Progress {
        use std::io::BufRead;
        let out = child.stdout.take().expect("piped stdout");
        let (tx, said) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // libtest prints `test NAME ... ` without a newline before the test's own output.
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if (line.ends_with(READY) || line == SAVED) && tx.send(Instant::now()).is_err() {
                    break;
                }
            }
        });
        Progress {
            said,
            seen: Vec::new(),
        }
    }

    /// Waits until the loop started (`saves` = 0) or finished `saves` saves; gives how long
    /// the last of them took. Fails the test if the child ends or is silent for a minute.
    fn wait_for(&mut self, saves: usize, round: usize) -> Duration {
        while self.seen.len() <= saves {
            match self.said.recv_timeout(Duration::from_secs(60)) {
                Ok(at) => self.seen.push(at),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    panic!("round {round}: the save loop said nothing for a minute")
                }
                Err(_) => panic!("round {round}: the save loop ended by itself"),
            }
        }
        match saves {
            0 => Duration::ZERO,
            n => self.seen[n] - self.seen[n - 1],
        }
    }
}

/// A hidden name: the temporary files of `write_atomic` (the library scan skips them).
fn is_temporary(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn has_temporary_file(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| is_temporary(&e.path())))
}

#[test]
fn a_report_killed_mid_save_is_always_the_whole_old_or_the_whole_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("vn.ja.md");
    let (a, b) = versions();
    let outcome = kill_while_saving("report", &file, &a, &b, 10, 400, true);
    eprintln!("{outcome:?}");
    assert!(outcome.torn.is_empty(), "torn files: {:#?}", outcome.torn);
    assert!(
        outcome.killed_mid_save >= 10,
        "too few kills landed during a save: {outcome:?}"
    );
    assert!(
        outcome.old > 0 && outcome.new > 0,
        "both versions must be seen: {outcome:?}"
    );
    // Whatever survived still reads as a report (the library skips the leftovers anyway).
    let library = kuni::Library::open(dir.path(), today()).expect("library");
    assert_eq!(library.entries.len(), 1);
    assert!(library.entries[0].report.is_some());
}

#[test]
fn settings_killed_mid_save_are_always_the_whole_old_or_the_whole_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("settings.json");
    let (sa, sb) = settings_versions();
    sa.save_to(&file).expect("save");
    let a = fs::read(&file).expect("read");
    sb.save_to(&file).expect("save");
    let b = fs::read(&file).expect("read");
    let outcome = kill_while_saving("settings", &file, &a, &b, 10, 400, true);
    eprintln!("{outcome:?}");
    assert!(outcome.torn.is_empty(), "torn files: {:#?}", outcome.torn);
    assert!(
        outcome.killed_mid_save >= 10,
        "too few kills landed during a save: {outcome:?}"
    );
    assert!(
        outcome.old > 0 && outcome.new > 0,
        "both versions must be seen: {outcome:?}"
    );
    assert_eq!(
        Settings::load_from(&file).1,
        None,
        "the settings load without a warning"
    );
}

/// The same harness notices a torn file when the writer is not atomic, so the two tests
/// above would fail if `write_atomic` wrote in place.
#[test]
fn the_crash_harness_catches_a_writer_that_is_not_atomic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("vn.ja.md");
    let (a, b) = versions();
    let outcome = kill_while_saving("naive", &file, &a, &b, usize::MAX, 40, false); // all 40 rounds
    eprintln!("naive writer: {outcome:?}");
    assert!(
        !outcome.torn.is_empty(),
        "40 kills never caught std::fs::write half-way: the harness is not sensitive: {outcome:?}"
    );
}

/// The child of the full-disk and read-only tests: one save of a report and of the settings
/// in `KUNI_FAULT_DIR`, both of which must fail and leave the files as they were.
#[test]
#[ignore = "child process of the full-disk and read-only tests; they start it"]
fn fault_child_save_must_fail() {
    let Some(dir) = std::env::var_os("KUNI_FAULT_DIR").map(PathBuf::from) else {
        return;
    };
    let report = dir.join("vn.ja.md");
    let settings = dir.join("settings.json");
    let old_report = fs::read(&report).expect("read report");
    let old_settings = fs::read(&settings).expect("read settings");
    let (_, big) = versions();
    let text = std::str::from_utf8(&big).expect("utf-8");
    let err = save_if_unchanged(&report, text, &sha256_hex(&old_report)).expect_err("saving must fail");
    println!("report: {err}");
    let (_, big_settings) = settings_versions();
    let err = big_settings
        .save_to(&settings)
        .expect_err("saving settings must fail");
    println!("settings: {err}");
    assert_eq!(fs::read(&report).expect("read"), old_report, "report unchanged");
    assert_eq!(
        fs::read(&settings).expect("read"),
        old_settings,
        "settings unchanged"
    );
    let names: Vec<String> = fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left behind: {names:?}");
    println!("CHILD-OK");
}

/// A folder holding a report and settings, for the full-disk and read-only children.
fn small_library(dir: &Path) {
    fs::write(dir.join("vn.ja.md"), valid_text()).expect("write report");
    Settings {
        organisation: Some("国際展開支援チーム".into()),
        ..Settings::default()
    }
    .save_to(&dir.join("settings.json"))
    .expect("write settings");
}

fn assert_child_failed_cleanly(out: &std::process::Output, dir: &Path, cause: &str) {
    let stdout = text(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("CHILD-OK"),
        "child failed: {}\n{stdout}\n{}",
        out.status,
        text(&out.stderr)
    );
    let report_line = format!("report: saving {}: {cause}", dir.join("vn.ja.md").display());
    assert!(
        stdout.contains(&report_line),
        "expected `{report_line}` in:\n{stdout}"
    );
    assert!(stdout.contains("the file on disk was left as it was"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "settings: saving {}",
            dir.join("settings.json").display()
        )),
        "{stdout}"
    );
}

#[test]
fn a_full_disk_fails_the_save_with_a_clear_message_and_keeps_the_old_file() {
    if !namespaces_or_skip("full disk") {
        return;
    }
    // A 256 KB tmpfs in a private mount namespace (it vanishes with the child): the report
    // and settings fit, the half-megabyte new version does not.
    let dir = tempfile::tempdir().expect("tempdir");
    let mount = dir.path().join("disk");
    fs::create_dir(&mount).expect("mkdir");
    let seed = dir.path().join("seed");
    fs::create_dir(&seed).expect("mkdir");
    small_library(&seed);
    let setup = format!(
        "mount -t tmpfs -o size=256k tmpfs {m} && cp {s}/vn.ja.md {s}/settings.json {m}/",
        m = sh_quote(&mount.display().to_string()),
        s = sh_quote(&seed.display().to_string())
    );
    let child = helper(
        "faults::fault_child_save_must_fail",
        &[("KUNI_FAULT_DIR", mount.to_str().expect("utf-8"))],
    );
    let out = run_within(in_namespace(&["-m"], &setup, &child), Duration::from_secs(60));
    assert_child_failed_cleanly(&out, &mount, "No space left on device");
}

#[test]
fn a_read_only_folder_fails_the_save_with_a_clear_message_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("mkdir");
    small_library(&lib);
    let child = helper(
        "faults::fault_child_save_must_fail",
        &[("KUNI_FAULT_DIR", lib.to_str().expect("utf-8"))],
    );
    if is_root() {
        // Permission bits do not stop root: a read-only bind mount does (EROFS), as a
        // read-only share or a locked USB stick would.
        let l = sh_quote(&lib.display().to_string());
        let setup = format!("mount --bind {l} {l} && mount -o remount,ro,bind {l}");
        let out = run_within(in_namespace(&["-m"], &setup, &child), Duration::from_secs(60));
        assert_child_failed_cleanly(&out, &lib, "Read-only file system");
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&lib, fs::Permissions::from_mode(0o555)).expect("chmod");
        let out = run_within(child, Duration::from_secs(60));
        fs::set_permissions(&lib, fs::Permissions::from_mode(0o755)).expect("chmod back");
        assert_child_failed_cleanly(&out, &lib, "Permission denied");
    }
    // Outside the namespace the folder was writable all along: saving works again.
    write_atomic(&lib.join("vn.ja.md"), b"after").expect("save after");
}

// ---------------------------------------------------------------------------------------
// The search index: damaged, truncated, deleted or locked; `kuni search` repairs it.

struct IndexCase {
    lib: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl IndexCase {
    fn new() -> IndexCase {
        let lib = tempfile::tempdir().expect("tempdir");
        fs::write(lib.path().join("vn.ja.md"), valid_text()).expect("write");
        let th = valid_text()
            .replace("country: VN", "country: TH")
            .replace("輸入依存が高い。", "届出制度の話。");
        fs::write(lib.path().join("th.ja.md"), th).expect("write");
        IndexCase {
            lib,
            cache: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn kuni(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = kuni_in(self.cache.path());
        cmd.arg("--library").arg(self.lib.path()).args(args);
        run_within(cmd, Duration::from_secs(120))
    }

    /// `kuni search --json QUERY`: the ids found (the command must succeed).
    fn search(&self, query: &str) -> Vec<String> {
        let out = self.kuni(&["search", "--json", query]);
        assert!(out.status.success(), "search failed: {}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["reports"]
            .as_array()
            .expect("reports")
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_string())
            .collect()
    }

    fn index_dir(&self) -> PathBuf {
        let dirs: Vec<PathBuf> = fs::read_dir(self.cache.path())
            .expect("cache")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(dirs.len(), 1, "one index folder: {dirs:?}");
        dirs[0].clone()
    }

    fn files(&self) -> Vec<PathBuf> {
        fs::read_dir(self.index_dir())
            .expect("index dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect()
    }

    /// Damages the index with `damage`, then checks the next search repairs it.
    fn repairs(&self, what: &str, damage: impl Fn(&IndexCase)) {
        assert_eq!(self.search("届出制度"), vec!["th.ja"], "{what}: before");
        damage(self);
        let start = Instant::now();
        assert_eq!(
            self.search("届出制度"),
            vec!["th.ja"],
            "{what}: first search after"
        );
        assert_eq!(
            self.search("輸入依存"),
            vec!["vn.ja"],
            "{what}: second search after"
        );
        let out = self.kuni(&["index"]);
        assert!(out.status.success(), "{what}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("0 reports indexed, 0 removed, 2 unchanged"),
            "{what}: the repaired index is trusted afterwards: {}",
            text(&out.stdout)
        );
        eprintln!("{what}: repaired in {:?}", start.elapsed());
    }
}

#[test]
fn a_deleted_truncated_or_scribbled_index_is_rebuilt_by_the_next_search() {
    let case = IndexCase::new();
    case.repairs("index folder deleted", |c| {
        fs::remove_dir_all(c.index_dir()).expect("rm")
    });
    case.repairs("every file deleted", |c| {
        for f in c.files() {
            fs::remove_file(f).expect("rm");
        }
    });
    case.repairs("meta.json deleted", |c| {
        fs::remove_file(c.index_dir().join("meta.json")).expect("rm")
    });
    case.repairs("every file truncated to half", |c| {
        for f in c.files() {
            let len = fs::metadata(&f).expect("meta").len();
            fs::File::options()
                .write(true)
                .open(&f)
                .expect("open")
                .set_len(len / 2)
                .expect("truncate");
        }
    });
    case.repairs("every file emptied", |c| {
        for f in c.files() {
            fs::write(f, b"").expect("empty");
        }
    });
    case.repairs("every file scribbled over", |c| {
        for (n, f) in c.files().into_iter().enumerate() {
            let mut bytes = fs::read(&f).expect("read");
            for (i, b) in bytes.iter_mut().enumerate() {
                if (i + n) % 7 == 0 {
                    *b = b.wrapping_mul(31).wrapping_add(17);
                }
            }
            fs::write(f, bytes).expect("scribble");
        }
    });
    case.repairs("state file replaced by garbage", |c| {
        fs::write(c.index_dir().join("kuni-index.json"), b"\x00\xff{{not json").expect("write")
    });
}

#[test]
fn stale_lock_files_from_a_crashed_writer_do_not_block_indexing() {
    let case = IndexCase::new();
    // tantivy's lock files, as left by a process killed while it held them.
    case.repairs("stale lock files", |c| {
        for name in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
            fs::write(c.index_dir().join(name), b"12345").expect("lock");
        }
    });
    // With the locks still there, a changed report is re-indexed (the writer could lock).
    let th = case.lib.path().join("th.ja.md");
    let changed = fs::read_to_string(&th)
        .expect("read")
        .replace("届出制度の話。", "新しい語彙カタログ。");
    fs::write(&th, changed).expect("write");
    assert_eq!(case.search("カタログ"), vec!["th.ja"]);
    assert!(case.search("届出制度").is_empty());
}
