//! Signing options shared by `publish`, `deliver`, `site` and `sign`; `kuni sign`; and
//! `kuni verify`, which checks manifests and signatures.

use super::table::{cells, pad};
use anyhow::Context;
use kuni::publish::signing::{self, FolderCheck, Signing};
use kuni::sign::{Identity, SignRequest, SignatureCheck, Trust};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How to sign (all optional: without a key nothing is signed).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SignArgs {
    /// Sign with the key and certificates of this PKCS#12 file (.p12/.pfx); the password comes
    /// from $KUNI_SIGN_PASSWORD or is asked on the terminal.
    #[arg(long, value_name = "FILE.p12", conflicts_with = "sign_cert")]
    pub sign_p12: Option<PathBuf>,
    /// Sign with this PEM certificate (with --sign-key).
    #[arg(long, value_name = "CERT.pem", requires = "sign_key")]
    pub sign_cert: Option<PathBuf>,
    /// The PEM private key of --sign-cert (unencrypted; keep it readable by you alone).
    #[arg(long, value_name = "KEY.pem", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// PEM certificates of the issuers, included in the signature.
    #[arg(long, value_name = "CHAIN.pem", requires = "sign_cert")]
    pub sign_chain: Option<PathBuf>,
    /// Time-stamp the signatures at this RFC 3161 service (PAdES B-T). The only network
    /// connection Kuni makes, and only with this option.
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
}

impl SignArgs {
    /// The signing identity, when a key was given; warnings about it go to stderr.
    pub fn load(&self) -> anyhow::Result<Option<Signing>> {
        let identity = if let Some(p12) = &self.sign_p12 {
            let password = password(p12)?;
            Identity::from_pkcs12(p12, &password)?
        } else if let (Some(cert), Some(key)) = (&self.sign_cert, &self.sign_key) {
            Identity::from_pem(cert, key, self.sign_chain.as_deref())?
        } else {
            if self.tsa.is_some() {
                anyhow::bail!("--tsa needs a key to sign with (--sign-p12 or --sign-cert/--sign-key)");
            }
            return Ok(None);
        };
        for w in &identity.warnings {
            eprintln!("kuni: warning: {w}");
        }
        Ok(Some(Signing {
            identity,
            tsa: self.tsa.clone(),
        }))
    }
}

/// The PKCS#12 password: $KUNI_SIGN_PASSWORD, or asked without echo on the terminal. Never
/// stored or printed.
fn password(p12: &Path) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("KUNI_SIGN_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the password of {} is needed: set KUNI_SIGN_PASSWORD or run kuni on a terminal",
            p12.display()
        );
    }
    rpassword::prompt_password(format!("password of {}: ", p12.display())).context("reading the password")
}

/// Signs `dir`'s PDFs and manifest when a key was given, and says so.
pub fn sign_folder_if_asked(dir: &Path, signing: Option<&Signing>) -> anyhow::Result<()> {
    let Some(signing) = signing else {
        return Ok(());
    };
    let done = signing::sign_folder(dir, signing)
        .with_context(|| format!("signing the files in {}", dir.display()))?;
    println!(
        "signed {} PDF{} and {} as {}",
        done.signed.len(),
        if done.signed.len() == 1 { "" } else { "s" },
        kuni::sign::MANIFEST_SIGNATURE_NAME,
        signing.identity.subject()
    );
    Ok(())
}

/// `kuni sign FILE.pdf --out SIGNED.pdf`
pub fn sign(file: &Path, out: &Path, args: &SignArgs) -> anyhow::Result<ExitCode> {
    let signing = args
        .load()?
        .context("give a key to sign with: --sign-p12 FILE or --sign-cert CERT --sign-key KEY")?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    if !bytes.starts_with(b"%PDF-") {
        anyhow::bail!("{} is not a PDF", file.display());
    }
    let request = SignRequest {
        time: chrono::Utc::now(),
        tsa: signing.tsa.as_deref(),
        description: "電子署名",
    };
    let signed = kuni::sign::sign_pdf(&bytes, &signing.identity, &request)
        .with_context(|| format!("signing {}", file.display()))?;
    kuni::save::write_atomic(out, &signed).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {} ({} bytes, signed by {})",
        out.display(),
        signed.len(),
        signing.identity.subject()
    );
    Ok(ExitCode::SUCCESS)
}

/// `kuni verify DIR|FILE.pdf [--trust CA.pem]… [--json]`
pub fn verify(target: &Path, trust_files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let trust = if trust_files.is_empty() {
        Trust::system()
    } else {
        Trust::from_files(trust_files)?
    };
    if target.is_file() {
        let bytes = std::fs::read(target).with_context(|| format!("reading {}", target.display()))?;
        let checks = kuni::sign::verify_pdf(&bytes, &trust);
        let ok = !checks.is_empty() && checks.iter().all(SignatureCheck::ok);
        if json {
            println!("{}", serde_json::to_string_pretty(&checks)?);
        } else if checks.is_empty() {
            println!("{}: no signature", target.display());
        } else {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            print_table(&checks.iter().map(|c| (name.clone(), c)).collect::<Vec<_>>());
        }
        return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let check = signing::verify_folder(target, &trust)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&check)?);
    } else {
        print_folder(target, &check);
    }
    Ok(if check.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_folder(dir: &Path, check: &FolderCheck) {
    let v = &check.manifest;
    for p in &v.problems {
        println!("{}: {}", dir.join(&p.path).display(), p.message);
    }
    let mut rows: Vec<(String, &SignatureCheck)> = Vec::new();
    if let Some(m) = &check.manifest_signature {
        rows.push((kuni::sign::MANIFEST_SIGNATURE_NAME.to_string(), m));
    }
    for f in &check.pdfs {
        rows.extend(f.signatures.iter().map(|s| (f.path.clone(), s)));
    }
    if !rows.is_empty() {
        print_table(&rows);
        let unsigned: Vec<&str> = check
            .pdfs
            .iter()
            .filter(|f| f.signatures.is_empty())
            .map(|f| f.path.as_str())
            .collect();
        if !unsigned.is_empty() {
            println!("not signed: {}", unsigned.join(", "));
        }
    }
    if check.ok() {
        let signatures = rows.len();
        println!(
            "ok: {} files match {}{}",
            v.ok,
            dir.join(kuni::publish::manifest::MANIFEST_NAME).display(),
            if signatures > 0 {
                format!("; {signatures} signatures valid and trusted")
            } else {
                String::new()
            }
        );
    } else {
        eprintln!(
            "{} of {} listed files are intact; {} problems",
            v.ok,
            v.listed,
            v.problems.len() + rows.iter().filter(|(_, c)| !c.ok()).count()
        );
    }
}

/// FILE, SIGNER, SIGNED AT, RESULT: one line a signature, then its problems indented.
/// Columns are padded by display width (a kanji takes two cells).
fn print_table(rows: &[(String, &SignatureCheck)]) {
    let signer = |c: &SignatureCheck| c.signer.clone().unwrap_or_else(|| "?".into());
    let w_file = rows.iter().map(|r| cells(&r.0)).max().unwrap_or(0).max(4);
    let w_signer = rows.iter().map(|r| cells(&signer(r.1))).max().unwrap_or(0).max(6);
    println!(
        "{}  {}  {:<20}  RESULT",
        pad("FILE", w_file),
        pad("SIGNER", w_signer),
        "SIGNED AT"
    );
    for (file, c) in rows {
        let result = if c.ok() {
            match &c.time_stamp {
                Some(t) => format!("valid (time stamp {t})"),
                None => "valid".into(),
            }
        } else if c.problems.is_empty() {
            format!(
                "changed after signing: {} bytes appended (an incremental update)",
                c.appended_bytes
            )
        } else {
            "INVALID".into()
        };
        println!(
            "{}  {}  {:<20}  {result}",
            pad(file, w_file),
            pad(&signer(c), w_signer),
            c.signed_at.as_deref().unwrap_or("?")
        );
        for p in &c.problems {
            println!("    {p}");
        }
        if c.appended_bytes > 0 && !c.problems.is_empty() {
            println!(
                "    {} bytes were appended after the signed range (an incremental update)",
                c.appended_bytes
            );
        }
    }
}
