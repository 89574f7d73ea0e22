//! Signing and verifying, with certificates made by openssl (tests/sign/make-certs.sh) and
//! checked by three independent verifiers: poppler's pdfsig (NSS), pyHanko and Kuni itself;
//! the manifest's detached signature by `openssl cms -verify`.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The test certificates, made once per test run.
pub(crate) fn certs() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kuni-sign-certs-{}", std::process::id()));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sign/make-certs.sh");
        let out = Command::new(script)
            .arg(&dir)
            .output()
            .expect("run make-certs.sh");
        assert!(
            out.status.success(),
            "make-certs.sh: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn cert(name: &str) -> String {
    certs().join(name).to_str().expect("utf-8 path").to_string()
}

/// `kuni ARGS` with the tests' date, no settings, its own cache and the test key's password.
fn kuni_command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuni"));
    cmd.args(args)
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", test_cache_dir())
        .env("KUNI_SIGN_PASSWORD", "secret")
        .env_remove("KUNI_LIBRARY");
    cmd
}

fn kuni(args: &[&str]) -> Output {
    kuni_command(args).output().expect("kuni runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An unsigned PDF of the fixture report, exported once.
fn unsigned_pdf(dir: &Path) -> PathBuf {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = PDF.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("vn.pdf");
        let o = kuni(&[
            "--library",
            fixture("valid").to_str().expect("utf-8"),
            "export",
            "vn.ja",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        std::fs::read(out).expect("pdf")
    });
    let path = dir.join("vn.pdf");
    std::fs::write(&path, bytes).expect("write");
    path
}

fn sign_rsa(input: &Path, output: &Path) {
    let o = kuni(&[
        "sign",
        input.to_str().expect("utf-8"),
        "--out",
        output.to_str().expect("utf-8"),
        "--sign-cert",
        &cert("rsa.pem"),
        "--sign-key",
        &cert("rsa.key"),
        "--sign-chain",
        &cert("ca.pem"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

/// pdfsig's report with an NSS database trusting the test CA. Its exit code is 0 even for a
/// digest mismatch, so callers read the text.
fn pdfsig(pdf: &Path) -> String {
    let db = certs().join("nss");
    if !db.join("cert9.db").exists() {
        std::fs::create_dir_all(&db).expect("mkdir");
        let sql = format!("sql:{}", db.display());
        let made = Command::new("certutil")
            .args(["-N", "-d", &sql, "--empty-password"])
            .output()
            .expect("certutil (libnss3-tools)");
        assert!(made.status.success(), "{}", text(&made));
        let added = Command::new("certutil")
            .args(["-A", "-d", &sql, "-n", "ca", "-t", "C,C,C", "-i", &cert("ca.pem")])
            .output()
            .expect("certutil");
        assert!(added.status.success(), "{}", text(&added));
    }
    let o = Command::new("pdfsig")
        .args(["-nssdir", &format!("sql:{}", db.display())])
        .arg(pdf)
        .output()
        .expect("pdfsig (poppler-utils)");
    text(&o)
}

/// pyHanko's validation: (exit code, output).
fn pyhanko(pdf: &Path) -> (i32, String) {
    let o = Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--trust",
            &cert("ca.pem"),
            "--trust-replace",
            "--no-revocation-check",
            "--pretty-print",
        ])
        .arg(pdf)
        .output()
        .expect("pyhanko (PyPI pyhanko-cli, installed by scripts/setup.sh)");
    (o.status.code().unwrap_or(-1), text(&o))
}

/// `openssl cms -verify` of a folder's manifest.json.p7s against the test CA.
fn openssl_cms_verify(dir: &Path) -> Output {
    Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
            "-CAfile",
            &cert("ca.pem"),
            "-in",
        ])
        .arg(dir.join("manifest.json.p7s"))
        .arg("-content")
        .arg(dir.join("manifest.json"))
        .output()
        .expect("openssl")
}

fn verify(target: &Path, trust: &str) -> Output {
    kuni(&["verify", target.to_str().expect("utf-8"), "--trust", &cert(trust)])
}

#[test]
fn an_rsa_signature_is_valid_for_pdfsig_pyhanko_and_kuni_and_keeps_the_unsigned_bytes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let unsigned = unsigned_pdf(tmp.path());
    let signed = tmp.path().join("signed.pdf");
    sign_rsa(&unsigned, &signed);
    let before = std::fs::read(&unsigned).expect("unsigned");
    let after = std::fs::read(&signed).expect("signed");
    assert!(
        after.len() > before.len() && after.starts_with(&before),
        "the unsigned file is an exact prefix"
    );

    let report = pdfsig(&signed);
    for expected in [
        "Signature is Valid.",
        "Certificate is Trusted.",
        "Total document signed",
        "ETSI.CAdES.detached",
        "国際展開支援チーム",
    ] {
        assert!(report.contains(expected), "pdfsig lacks `{expected}`:\n{report}");
    }
    let (code, out) = pyhanko(&signed);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("The signer's certificate is trusted.") && out.contains("cryptographically sound"),
        "{out}"
    );
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&signed)
        .output()
        .expect("qpdf");
    assert!(qpdf.status.success(), "{}", text(&qpdf));

    let ok = verify(&signed, "ca.pem");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let table = text(&ok);
    assert!(
        table.starts_with("FILE")
            && table.contains("CN=国際展開支援チーム, O=Kuni Tests, C=JP")
            && table.contains("  valid"),
        "{table}"
    );
}

/// The local time-stamp service (tests/sign/tsa-server.py), over https with `tls`, and its port.
fn time_stamp_server(tls: bool) -> (std::process::Child, String) {
    let mut cmd = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sign/tsa-server.py"));
    cmd.arg(certs());
    if tls {
        cmd.arg("--tls");
    }
    let mut server = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the local time-stamp server");
    let port = crate::common::first_line(&mut server);
    (server, port)
}

/// An https time-stamp service whose certificate comes from a root the system store was told
/// to trust (SSL_CERT_FILE, as an organisation's inspection root would be installed): the
/// time stamp is fetched through the same client as source checks. Without that root, the
/// TLS failure is named.
#[test]
fn a_time_stamp_over_https_trusts_the_systems_roots() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let unsigned = unsigned_pdf(tmp.path());
    let signed = tmp.path().join("bt-https.pdf");
    let (mut server, port) = time_stamp_server(true);
    let tsa = format!("https://localhost:{port}/");
    let sign = |trust: &str| {
        kuni_command(&[
            "sign",
            unsigned.to_str().expect("utf-8"),
            "--out",
            signed.to_str().expect("utf-8"),
            "--sign-p12",
            &cert("ec.p12"),
            "--tsa",
            &tsa,
        ])
        .env("SSL_CERT_FILE", trust)
        .env_remove("SSL_CERT_DIR")
        .output()
        .expect("kuni")
    };
    let untrusted = sign(&cert("other-ca.pem"));
    let trusted = sign(&cert("ca.pem"));
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(untrusted.status.code(), Some(1), "{}", text(&untrusted));
    assert!(text(&untrusted).contains("TLS"), "{}", text(&untrusted));
    assert!(trusted.status.success(), "{}", text(&trusted));
    let ok = verify(&signed, "ca.pem");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(text(&ok).contains("valid (time stamp 20"), "{}", text(&ok));
}

#[test]
fn an_ecdsa_signature_from_pkcs12_with_a_time_stamp_is_b_t() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let unsigned = unsigned_pdf(tmp.path());
    let signed = tmp.path().join("bt.pdf");
    let (mut server, port) = time_stamp_server(false);
    let tsa = format!("http://127.0.0.1:{port}/");
    let o = kuni(&[
        "sign",
        unsigned.to_str().expect("utf-8"),
        "--out",
        signed.to_str().expect("utf-8"),
        "--sign-p12",
        &cert("ec.p12"),
        "--tsa",
        &tsa,
    ]);
    let _ = server.kill();
    let _ = server.wait();
    assert!(o.status.success(), "{}", text(&o));
    let (code, out) = pyhanko(&signed);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("sha256_ecdsa"), "{out}");
    assert!(
        out.contains("Signature timestamp token:")
            && out.contains("The timestamp token is cryptographically sound."),
        "{out}"
    );
    let ok = verify(&signed, "ca.pem");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(text(&ok).contains("valid (time stamp 20"), "{}", text(&ok));

    let wrong = Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args([
            "sign",
            unsigned.to_str().expect("utf-8"),
            "--out",
            "/dev/null",
            "--sign-p12",
            &cert("ec.p12"),
        ])
        .env("KUNI_SIGN_PASSWORD", "not the password")
        .output()
        .expect("kuni");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong).contains("wrong password"), "{}", text(&wrong));
    assert!(
        !text(&wrong).contains("not the password"),
        "the password is never printed"
    );
}

#[test]
fn tampering_an_appended_update_and_untrusted_or_expired_certificates_are_caught() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let unsigned = unsigned_pdf(tmp.path());
    let signed = tmp.path().join("signed.pdf");
    sign_rsa(&unsigned, &signed);
    let bytes = std::fs::read(&signed).expect("signed");

    // One flipped byte inside the signed range (in the first page's content).
    let flipped = tmp.path().join("flipped.pdf");
    let mut changed = bytes.clone();
    changed[bytes.len() / 3] ^= 0x01;
    std::fs::write(&flipped, &changed).expect("write");
    let bad = verify(&flipped, "ca.pem");
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("digest mismatch"), "{}", text(&bad));
    assert!(
        pdfsig(&flipped).contains("Digest Mismatch"),
        "{}",
        pdfsig(&flipped)
    );
    assert_ne!(pyhanko(&flipped).0, 0);

    // An update appended after signing (pyHanko adds a field as an incremental update).
    let appended = tmp.path().join("appended.pdf");
    let o = Command::new("pyhanko")
        .args(["sign", "addfields", "--field", "1/10,10,20,20/Later"])
        .arg(&signed)
        .arg(&appended)
        .output()
        .expect("pyhanko addfields");
    assert!(o.status.success(), "{}", text(&o));
    let later = verify(&appended, "ca.pem");
    assert_eq!(later.status.code(), Some(1));
    assert!(
        text(&later).contains("changed after signing") && text(&later).contains("bytes appended"),
        "{}",
        text(&later)
    );

    // A signer of another CA, and one whose certificate had expired at the signing time.
    for (name, key, expected) in [
        ("other.pem", "other.key", "does not lead to a trusted certificate"),
        ("expired.pem", "expired.key", "was not valid at the signing time"),
    ] {
        let out = tmp.path().join(format!("{name}.pdf"));
        let o = kuni(&[
            "sign",
            unsigned.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--sign-cert",
            &cert(name),
            "--sign-key",
            &cert(key),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let v = verify(&out, "ca.pem");
        assert_eq!(v.status.code(), Some(1), "{name}");
        assert!(text(&v).contains(expected), "{name}: {}", text(&v));
    }
    // An unsigned PDF is no proof of anything.
    let none = verify(&unsigned, "ca.pem");
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none).contains("no signature"));
}

#[test]
fn a_signed_delivery_has_signed_pdfs_and_a_manifest_signature_that_openssl_accepts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::fs::copy(fixture("valid/vn.ja.md"), lib.join("vn.ja.md")).expect("copy");
    let lib_arg = lib.to_str().expect("utf-8");
    let rsa = [
        "--sign-cert",
        &cert("rsa.pem"),
        "--sign-key",
        &cert("rsa.key"),
        "--sign-chain",
        &cert("ca.pem"),
    ];
    let o = kuni(
        &[
            &["--library", lib_arg, "publish", "vn.ja", "--note", "署名のテスト"][..],
            &rsa,
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("signed 1 PDF and manifest.json.p7s"),
        "{}",
        text(&o)
    );

    let out = tmp.path().join("delivery");
    let out_arg = out.to_str().expect("utf-8");
    let o = kuni(&[&["--library", lib_arg, "deliver", "--out-dir", out_arg][..], &rsa].concat());
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("signed 2 PDFs"), "{}", text(&o));

    let cms = openssl_cms_verify(&out);
    assert!(cms.status.success(), "{}", text(&cms));
    assert!(text(&cms).contains("Verification successful"), "{}", text(&cms));

    let ok = verify(&out, "ca.pem");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(
        text(&ok).contains("ok: 2 files match") && text(&ok).contains("3 signatures valid and trusted"),
        "{}",
        text(&ok)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&kuni(&["verify", out_arg, "--trust", &cert("ca.pem"), "--json"]).stdout)
            .expect("json");
    assert_eq!(json["pdfs"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["manifest_signature"]["problems"], serde_json::json!([]));

    // A changed manifest: its signature no longer matches (and openssl agrees).
    let manifest = out.join("manifest.json");
    let original = std::fs::read(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        String::from_utf8_lossy(&original).replacen("\"size\"", "\"size\" ", 1),
    )
    .expect("write");
    let bad = verify(&out, "ca.pem");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("manifest.json.p7s") && text(&bad).contains("digest mismatch"),
        "{}",
        text(&bad)
    );
    let cms_again = openssl_cms_verify(&out);
    assert!(
        !cms_again.status.success(),
        "openssl refuses the changed manifest too"
    );
    std::fs::write(&manifest, &original).expect("restore");

    // A missing file.
    let pdf = out.join(format!("VN_ベトナム_v3_{TODAY}.pdf"));
    std::fs::remove_file(&pdf).expect("remove");
    let missing = verify(&out, "ca.pem");
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing).contains("listed in the manifest but missing"),
        "{}",
        text(&missing)
    );
}

#[test]
fn a_signed_site_gets_a_manifest_of_its_files_and_a_key_readable_by_others_is_warned_about() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::fs::copy(fixture("valid/vn.ja.md"), lib.join("vn.ja.md")).expect("copy");
    let lib_arg = lib.to_str().expect("utf-8");
    let o = kuni(&[
        "--library",
        lib_arg,
        "publish",
        "vn.ja",
        "--note",
        "サイト署名のテスト",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    // A copy of the key that everyone may read.
    let open_key = tmp.path().join("open.key");
    std::fs::copy(certs().join("rsa.key"), &open_key).expect("copy key");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&open_key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let site = tmp.path().join("site");
    let o = kuni(&[
        "--library",
        lib_arg,
        "site",
        "--out",
        site.to_str().expect("utf-8"),
        "--sign-cert",
        &cert("rsa.pem"),
        "--sign-key",
        open_key.to_str().expect("utf-8"),
        "--sign-chain",
        &cert("ca.pem"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("can be read by other users (mode 644)"),
        "{}",
        text(&o)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("manifest.json")).expect("manifest")).expect("json");
    let paths: Vec<&str> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"index.html") && paths.iter().any(|p| p.ends_with(".pdf")),
        "{paths:?}"
    );
    assert!(openssl_cms_verify(&site).status.success());
    let ok = verify(&site, "ca.pem");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    // A page changed after signing is caught.
    std::fs::write(site.join("index.html"), "<p>changed</p>").expect("write");
    let bad = verify(&site, "ca.pem");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("index.html: changed since delivery"),
        "{}",
        text(&bad)
    );
}
