//! A publish killed with SIGKILL at any moment: afterwards (once the next command has settled
//! what the crash left) the library holds either the state before the publish or the complete
//! published version — never a report without its snapshot, a snapshot that differs from the
//! report, or a manifest naming a file that is not there as listed.

use crate::child::{kuni_in, run_within};
use crate::common::fixture;
use kuni::publish::manifest::Manifest;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ROUNDS: u32 = 40;

fn fresh_library(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::copy(fixture("valid/vn.ja.md"), dir.join("vn.ja.md")).expect("copy fixture");
}

fn publish_cmd(lib: &Path, cache: &Path) -> std::process::Command {
    let mut cmd = kuni_in(cache);
    cmd.args(["--library".as_ref(), lib.as_os_str()])
        .args(["publish", "vn.ja", "--note", "強制終了の試験"]);
    cmd
}

/// Every file the manifest lists exists with the listed size and SHA-256.
fn assert_manifest_consistent(deliverables: &Path) {
    let Some(manifest) = Manifest::read(deliverables).expect("manifest readable (it is written atomically)")
    else {
        return;
    };
    for f in &manifest.files {
        let bytes = std::fs::read(deliverables.join(&f.path)).expect("a listed file exists");
        assert_eq!(bytes.len() as u64, f.size, "{}", f.path);
        assert_eq!(kuni::save::sha256_hex(&bytes), f.sha256, "{}", f.path);
    }
}

#[test]
fn a_publish_killed_at_any_moment_leaves_the_old_state_or_the_whole_new_version() {
    let work = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read(fixture("valid/vn.ja.md")).expect("fixture");

    // How long one publish takes here, to spread the kills over it.
    let lib = work.path().join("timing");
    fresh_library(&lib);
    let start = Instant::now();
    let out = run_within(
        publish_cmd(&lib, &work.path().join("cache-t")),
        Duration::from_secs(120),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = start.elapsed();

    let (mut old, mut new) = (0, 0);
    for round in 0..ROUNDS {
        let lib = work.path().join(format!("lib{round}"));
        let cache = work.path().join(format!("cache{round}"));
        fresh_library(&lib);
        let mut child = publish_cmd(&lib, &cache)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kuni publish");
        // From the first quarter (typesetting) to well past the usual end, where the writes
        // happen: half the kills fall on each side of the usual finishing time.
        std::thread::sleep(full.mul_f64(0.25 + 2.0 * f64::from(round) / f64::from(ROUNDS)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // The next command reading the history settles what the crash left.
        let mut history = kuni_in(&cache);
        history
            .args(["--library".as_ref(), lib.as_os_str()])
            .args(["history", "vn.ja"]);
        let out = run_within(history, Duration::from_secs(60));
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        let report = std::fs::read(lib.join("vn.ja.md")).expect("the report is always there");
        let snapshot = lib.join(".history/vn.ja/v3.md");
        if report == original {
            assert!(
                !snapshot.exists(),
                "round {round}: a snapshot for a publish that did not happen"
            );
            old += 1;
        } else {
            let text = String::from_utf8(report.clone()).expect("UTF-8");
            assert!(
                text.contains("status: published") && text.contains("強制終了の試験"),
                "round {round}: a half-edited report:\n{text}"
            );
            let kept = std::fs::read(&snapshot)
                .unwrap_or_else(|_| panic!("round {round}: published report without its snapshot"));
            assert_eq!(
                kept, report,
                "round {round}: the snapshot differs from the published report"
            );
            new += 1;
        }
        let leftovers: Vec<_> = std::fs::read_dir(lib.join(".history/vn.ja"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .filter(|n| n.to_string_lossy().contains("pending"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            leftovers.is_empty(),
            "round {round}: pending snapshot or temporary file left: {leftovers:?}"
        );
        assert_manifest_consistent(&lib.join(".deliverables"));
    }
    eprintln!(
        "publish kill test: {ROUNDS} rounds over {full:?}: {old} left as before, {new} completely published"
    );
    assert!(
        old > 0 && new > 0,
        "kills must land both before and after the publish completed ({old} old, {new} new)"
    );
}
