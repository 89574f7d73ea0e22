//! Writing files so that a crash, a full disk or a concurrent editor never loses text.
//!
//! Every file Kuni writes goes through [`write_atomic`]: the bytes go to a temporary file in
//! the same folder, are flushed to the disk, and only then renamed over the target. A rename
//! within one file system is atomic, so a reader (or the next start after a power cut) sees
//! either the complete old file or the complete new one, never a mixture.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The lowercase hex SHA-256 of `bytes`. Used as a file's version when it was loaded, to
/// notice that someone else changed it since, and in delivery manifests.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// How the bytes reach the temporary file. The real one writes them; tests substitute a
/// writer that fails part-way (a full disk) to prove the target is left untouched.
pub type Writer<'a> = &'a mut dyn FnMut(&mut File, &[u8]) -> std::io::Result<()>;

/// Replaces `path` with `bytes` atomically (see the module documentation).
///
/// When `path` is a symbolic link, the file it points to is replaced and the link kept.
/// On failure the error names `path` (not the temporary file, which is removed) and says
/// that the file on disk was left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the writing step supplied by the caller.
pub fn write_atomic_with(path: &Path, bytes: &[u8], writer: Writer<'_>) -> Result<()> {
    // Renaming over a link would replace the link and leave the real file stale.
    let resolved;
    let path = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = fs::canonicalize(path).map_err(Error::io("resolving the link", path))?;
        resolved.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temporary_path(path);
    let unchanged = |op: &'static str| {
        move |e: std::io::Error| Error::Io {
            op,
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), format!("{e}; the file on disk was left as it was")),
        }
    };
    let result = (|| {
        let mut file = File::create(&tmp).map_err(unchanged("saving"))?;
        writer(&mut file, bytes).map_err(unchanged("saving"))?;
        file.sync_all().map_err(unchanged("saving"))?;
        drop(file);
        keep_permissions(path, &tmp);
        fs::rename(&tmp, path).map_err(unchanged("replacing"))?;
        // The rename itself lives in the folder; flushing the folder makes it durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A hidden name beside `path`, unique within this process, that the library scan skips
/// (it starts with a dot).
fn temporary_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.kuni-{}-{n}.tmp", std::process::id()))
}

/// Removes the temporary files [`write_atomic`] left in `dir` when a process was killed
/// mid-save (they are hidden and never read, but should not pile up). A temporary file of a
/// process that is still running is left alone, so a concurrent save is never disturbed;
/// where that cannot be known (no `/proc`), only files older than a day are removed.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(listing) = fs::read_dir(dir) else { return };
    for item in listing.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let Some(pid) = temporary_owner(&name) else {
            continue;
        };
        let stale = if Path::new("/proc/self").exists() {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            item.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600)
        };
        if stale {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// The process id in a temporary file name made by [`temporary_path`].
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".kuni-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// A replaced file keeps the permissions of the one it replaces (a read-only report stays so).
fn keep_permissions(old: &Path, new: &Path) {
    if let Ok(meta) = fs::metadata(old) {
        let _ = fs::set_permissions(new, meta.permissions());
    }
}

/// Saves `text` to `path`, but only if the file still has the content whose
/// [`sha256_hex`] is `loaded_version` (what the editor loaded); returns the new version.
///
/// When the file changed on disk in between, nothing is written and
/// [`Error::Conflict`] says so, so the caller can ask the user what to keep.
pub fn save_if_unchanged(path: &Path, text: &str, loaded_version: &str) -> Result<String> {
    let on_disk = match fs::read(path) {
        Ok(bytes) => Some(sha256_hex(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("reading", path)(e)),
    };
    if on_disk.as_deref() != Some(loaded_version) {
        return Err(Error::Conflict(path.to_path_buf()));
    }
    write_atomic(path, text.as_bytes())?;
    Ok(sha256_hex(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        fs::write(&path, "old").expect("write");
        write_atomic(&path, "新しい".as_bytes()).expect("save");
        assert_eq!(fs::read_to_string(&path).expect("read"), "新しい");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("e").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.md")]);
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        fs::write(&path, "old content").expect("write");
        let mut disk_full = |file: &mut File, bytes: &[u8]| {
            file.write_all(&bytes[..3])?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        };
        let err = write_atomic_with(&path, b"new content", &mut disk_full).expect_err("must fail");
        assert_eq!(err.code(), "io");
        let message = err.to_string();
        assert!(message.contains("No space left"), "{message}");
        assert!(
            message.starts_with(&format!("saving {}:", path.display())),
            "names the report, not the temporary file: {message}"
        );
        assert!(message.contains("left as it was"), "{message}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old content");
        assert_eq!(
            fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "temporary file removed"
        );
    }

    #[test]
    fn refuses_to_overwrite_a_file_changed_since_loading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        fs::write(&path, "loaded").expect("write");
        let loaded = sha256_hex(b"loaded");
        fs::write(&path, "changed elsewhere").expect("write");
        let err = save_if_unchanged(&path, "mine", &loaded).expect_err("conflict");
        assert_eq!(err.code(), "conflict");
        assert_eq!(fs::read_to_string(&path).expect("read"), "changed elsewhere");
        let theirs = sha256_hex(b"changed elsewhere");
        let new = save_if_unchanged(&path, "mine", &theirs).expect("save");
        assert_eq!(new, sha256_hex(b"mine"));
        assert_eq!(fs::read_to_string(&path).expect("read"), "mine");
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_replaces_the_linked_file_and_keeps_the_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write_atomic(&link, b"new").expect("save");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dead = dir.path().join(".v3.md.kuni-999999999-0.tmp");
        let live = dir
            .path()
            .join(format!(".v3.md.kuni-{}-7.tmp", std::process::id()));
        let other = dir.path().join(".notes.tmp");
        for p in [&dead, &live, &other] {
            fs::write(p, "x").expect("write");
        }
        assert_eq!(temporary_owner(".a.md.kuni-12-3.tmp"), Some(12));
        assert_eq!(temporary_owner(".notes.tmp"), None);
        remove_stale_temporaries(dir.path());
        assert!(!dead.exists(), "a dead process's file is removed");
        assert!(
            live.exists() && other.exists(),
            "a live process's file and other files stay"
        );
    }

    #[test]
    fn sha256_matches_a_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
