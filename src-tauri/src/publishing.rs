//! Publishing from the app: the diff before publishing, publish itself, the history view
//! (open or compare any two versions), and the hand-over set and website. Each command calls
//! one engine function of `kuni::publish` or `kuni::site`.

use crate::error::CommandError;
use crate::state::{AppState, check_id};
use kuni::publish::{Delivery, Diff, History, Progress, Published, Version};
use kuni::site::SiteSummary;
use kuni::view::Preview;
use tauri::ipc::Channel;

/// `v3` → a published version, `draft` → the working file.
fn parse_version(s: &str) -> Result<Version, CommandError> {
    if s == "draft" {
        return Ok(Version::Draft);
    }
    s.strip_prefix('v')
        .and_then(|n| n.parse().ok())
        .map(Version::Published)
        .ok_or_else(|| {
            CommandError::new(
                "invalid-argument",
                format!("`{s}` is not a version (v1, v2, …, or draft)"),
            )
        })
}

/// What changed in `id` between two versions: by default the last published one and the
/// working file (what a publish would release).
#[tauri::command(async)]
pub fn diff_versions(
    id: String,
    from: Option<String>,
    to: Option<String>,
    state: tauri::State<'_, AppState>,
) -> Result<Diff, CommandError> {
    check_id(&id)?;
    let from = from.as_deref().map(parse_version).transpose()?;
    let to = to.as_deref().map(parse_version).transpose()?;
    Ok(kuni::publish::diff(&state.open_library()?, &id, from, to)?)
}

/// The published versions of `id`, with dates and notes, and the working file's state.
#[tauri::command(async)]
pub fn report_history(id: String, state: tauri::State<'_, AppState>) -> Result<History, CommandError> {
    check_id(&id)?;
    Ok(kuni::publish::history(&state.open_library()?, &id)?)
}

/// A published version of `id`, rendered like the preview.
#[tauri::command(async)]
pub fn open_version(
    id: String,
    version: u32,
    state: tauri::State<'_, AppState>,
) -> Result<Preview, CommandError> {
    check_id(&id)?;
    let root = state.library_root()?;
    let text = kuni::publish::history::read_snapshot(&root, &id, version)?;
    let path = root.join(format!("{id}.md"));
    Ok(kuni::view::preview(&path, &text, kuni::today()))
}

/// Publishes `id` with the revision note: version, changelog, snapshot, PDF and manifest,
/// all or nothing. The deliverables go to the library's `.deliverables` folder. With a
/// signing certificate in the settings, `password` opens it (it is read before anything is
/// written, and kept nowhere) and the PDF and manifest are signed.
#[tauri::command(async)]
pub fn publish_report(
    id: String,
    note: String,
    password: Option<String>,
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Published, CommandError> {
    check_id(&id)?;
    if note.trim().is_empty() {
        return Err(CommandError::new(
            "invalid-argument",
            "a revision note is needed (it goes into the changelog)",
        ));
    }
    let root = state.library_root()?;
    let settings = kuni::settings::Settings::load().0;
    let signing = settings.signing(password.as_deref())?;
    let opts = kuni::publish::PublishOptions {
        note: note.trim().to_string(),
        export: settings.export_options(),
        ..Default::default()
    };
    let send = |p: &Progress| {
        let _ = events.send(p.clone());
    };
    // In a library kept in Git this also refuses a version the remote already has, and
    // commits and tags the new one.
    let (mut published, _git) = kuni::git::publish::publish(&root, &id, &opts, &send, &state.export_cancel)?;
    crate::editing::reindex(&state, &root);
    if let Some(signing) = &signing {
        kuni::publish::signing::sign_folder(&published.out_dir, signing)?;
        published.signed_by = Some(signing.identity.subject());
    }
    Ok(published)
}

/// Checks a delivered folder: its manifest, `manifest.json.p7s` and every PDF's signatures,
/// against the settings' trusted certificates (else the system's store), as `kuni verify`.
#[tauri::command(async)]
pub fn verify_delivery(dir: String) -> Result<kuni::publish::signing::FolderCheck, CommandError> {
    let trust = kuni::settings::Settings::load().0.trust()?;
    Ok(kuni::publish::signing::verify_folder(
        std::path::Path::new(&dir),
        &trust,
    )?)
}

/// Runs a library-wide job (delivery, site) into `<export folder>/<folder>` with the
/// settings' PDF options, streaming its progress to the window; then signs the folder when
/// `signing` is given.
fn run_library_job<T>(
    state: &AppState,
    events: &Channel<Progress>,
    folder: &str,
    job: impl FnOnce(
        &kuni::Library,
        &std::path::Path,
        &kuni::pdf::ExportOptions,
        kuni::publish::OnProgress<'_>,
        &std::sync::atomic::AtomicBool,
    ) -> kuni::Result<T>,
    signing: Option<&kuni::publish::signing::Signing>,
) -> Result<T, CommandError> {
    crate::jobs::exclusive(state, || {
        let dir = crate::jobs::export_dir().join(folder);
        let options = kuni::settings::Settings::load().0.export_options();
        let send = |p: &Progress| {
            let _ = events.send(p.clone());
        };
        let done = job(
            &state.open_library()?,
            &dir,
            &options,
            &send,
            &state.export_cancel,
        )?;
        if let Some(signing) = signing {
            kuni::publish::signing::sign_folder(&dir, signing)?;
        }
        Ok(done)
    })
}

/// The hand-over set of every published report in `formats` (PDFs, .docx or both), the
/// index PDF and the manifest, in `<export folder>/delivery-DATE`; signed (PDFs and
/// manifest) when the settings name a certificate, which `password` opens.
#[tauri::command(async)]
pub fn deliver_all(
    formats: Vec<kuni::formats::Format>,
    password: Option<String>,
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Delivery, CommandError> {
    if formats.is_empty() {
        return Err(CommandError::new(
            "invalid-argument",
            "choose at least one format",
        ));
    }
    let folder = format!("delivery-{}", kuni::today());
    let signing = kuni::settings::Settings::load().0.signing(password.as_deref())?;
    let mut delivery = run_library_job(
        &state,
        &events,
        &folder,
        |library, dir, opts, progress, cancel| {
            kuni::publish::deliver_formats(library, dir, opts, &formats, progress, cancel)
        },
        signing.as_ref(),
    )?;
    if let Some(s) = &signing {
        // The manifest now lists the signed files.
        delivery.files = kuni::publish::Manifest::read(&delivery.dir)?
            .map(|m| m.files)
            .unwrap_or_default();
        delivery.signed_by = Some(s.identity.subject());
    }
    Ok(delivery)
}

/// The static website of the published reports in `<export folder>/site`.
#[tauri::command(async)]
pub fn build_site(
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<SiteSummary, CommandError> {
    run_library_job(&state, &events, "site", kuni::site::build, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_v_numbers_or_draft() {
        assert_eq!(parse_version("v3").ok(), Some(Version::Published(3)));
        assert_eq!(parse_version("draft").ok(), Some(Version::Draft));
        for bad in ["3", "v", "vx", "latest", "v-1"] {
            assert_eq!(
                parse_version(bad).map_err(|e| e.code),
                Err("invalid-argument"),
                "{bad}"
            );
        }
    }
}
