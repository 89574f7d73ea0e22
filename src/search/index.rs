//! The on-disk index of a library: where it lives, when it is rebuilt, how it is kept fresh.
//!
//! The index is derived data in the user's cache directory, one per library folder. It is
//! rebuilt from scratch when it is missing, unreadable, of an older schema or built with a
//! different analysis (morphology on/off); otherwise only reports whose content changed are
//! re-indexed. A report's content is fingerprinted by hashing its front matter and body, so
//! a touched-but-unchanged file costs nothing.

use super::morph::Morphology;
use super::schema::{self, BIGRAM, Fields, MORPH, SCHEMA_VERSION};
use super::{Progress, bigram::BigramTokenizer};
use crate::doc::sections;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

const STATE_FILE: &str = "kuni-index.json";
/// Memory for the indexing threads, in bytes (tantivy's minimum is 15 MB per thread).
const WRITER_MEMORY: usize = 64 * 1024 * 1024;
/// The same for re-indexing one report (one thread).
const UPDATE_MEMORY: usize = 20 * 1024 * 1024;
/// One report's update merges segments only when the index has this many.
const MERGE_AFTER_SEGMENTS: usize = 16;

/// What the index knows about the library it was built from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct State {
    schema: u32,
    morphology: bool,
    library: PathBuf,
    /// Report id → content fingerprint.
    reports: BTreeMap<String, u64>,
    sections: u64,
}

/// What a refresh did.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RefreshStats {
    /// True when the index was (re)built from scratch.
    pub rebuilt: bool,
    /// Why it was rebuilt, if it was.
    pub rebuild_reason: Option<String>,
    /// Reports added or re-indexed.
    pub indexed: usize,
    /// Reports removed.
    pub removed: usize,
    /// Reports already up to date.
    pub unchanged: usize,
    /// Section documents now in the index.
    pub sections: u64,
    /// Bytes of report text indexed in this refresh.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
}

/// A library's search index, open for searching and updating.
pub struct SearchIndex {
    dir: PathBuf,
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    pub(super) morph: Option<Arc<Morphology>>,
    state: State,
    pending_rebuild: Option<String>,
}

/// The folder holding indexes: `$KUNI_CACHE_DIR`, else the user's cache dir + `kuni`.
pub fn cache_root() -> PathBuf {
    std::env::var_os("KUNI_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("kuni")))
        .unwrap_or_else(|| std::env::temp_dir().join("kuni-cache"))
}

/// FNV-1a: a stable 64-bit hash (the std hasher may change between releases).
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The fast-field key of a report id.
pub(super) fn report_key(id: &str) -> u64 {
    fnv1a(&[id.as_bytes()])
}

fn fingerprint(r: &Report) -> u64 {
    let meta = serde_json::to_vec(&r.meta).unwrap_or_default();
    fnv1a(&[r.id.as_bytes(), &meta, r.body.as_bytes()])
}

fn tantivy_err(op: &'static str, dir: &Path) -> impl FnOnce(tantivy::TantivyError) -> Error {
    let dir = dir.to_path_buf();
    move |e| Error::Index {
        op,
        dir,
        message: e.to_string(),
    }
}

impl SearchIndex {
    /// Opens (or creates) the index of the library at `library_root` under `cache_root`.
    /// Nothing is indexed yet: call [`SearchIndex::refresh`].
    pub fn open(
        library_root: &Path,
        cache_root: &Path,
        morph: Option<Arc<Morphology>>,
    ) -> Result<SearchIndex> {
        let library = library_root
            .canonicalize()
            .map_err(Error::io("opening", library_root))?;
        let key = fnv1a(&[library.to_string_lossy().as_bytes()]);
        let dir = cache_root.join(format!("index-{key:016x}"));
        let (schema, fields) = schema::build();
        let wanted_morph = morph.is_some();
        let existing = std::fs::read(dir.join(STATE_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<State>(&b).ok());
        let reason = match &existing {
            None if dir.exists() => Some("the index's state file is missing or damaged".to_string()),
            None => Some("there is no index yet".to_string()),
            Some(s) if s.schema != SCHEMA_VERSION => Some(format!(
                "the index has schema {} and this Kuni uses {SCHEMA_VERSION}",
                s.schema
            )),
            Some(s) if s.morphology != wanted_morph => Some(if wanted_morph {
                "morphological analysis is now available".to_string()
            } else {
                "morphological analysis is no longer available".to_string()
            }),
            Some(_) => None,
        };
        // Any failure to open an existing index (damaged files, a document count that
        // disagrees with the state file) means it cannot be trusted: rebuild it.
        let trusted = match (reason, existing) {
            (None, Some(state)) => match Self::open_existing(&dir, &schema, morph.as_ref(), &state) {
                Ok((index, reader)) => Ok((index, reader, state)),
                Err(why) => Err(why),
            },
            (Some(reason), _) => Err(reason),
            (None, None) => Err("there is no index yet".to_string()),
        };
        let (index, reader, state, pending_rebuild) = match trusted {
            Ok((index, reader, state)) => (index, reader, state, None),
            Err(reason) => {
                let index = Self::create(&dir, schema)?;
                Self::register_tokenizers(&index, morph.as_ref());
                let reader = Self::reader(&index, &dir)?;
                (index, reader, State::default(), Some(reason))
            }
        };
        Ok(SearchIndex {
            state: State {
                library,
                morphology: wanted_morph,
                schema: SCHEMA_VERSION,
                ..state
            },
            dir,
            index,
            reader,
            fields,
            morph,
            pending_rebuild,
        })
    }

    fn open_existing(
        dir: &Path,
        schema: &tantivy::schema::Schema,
        morph: Option<&Arc<Morphology>>,
        state: &State,
    ) -> Result<(Index, IndexReader), String> {
        let index = Index::open_in_dir(dir).map_err(|e| format!("the index files cannot be opened ({e})"))?;
        if index.schema() != *schema {
            return Err("the index files have another schema".to_string());
        }
        Self::register_tokenizers(&index, morph);
        let reader = Self::reader(&index, dir).map_err(|e| format!("the index cannot be read ({e})"))?;
        if reader.searcher().num_docs() != state.sections {
            return Err("the index does not match its state file".to_string());
        }
        Ok((index, reader))
    }

    fn reader(index: &Index, dir: &Path) -> Result<IndexReader> {
        index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err("opening a reader on", dir))
    }

    fn create(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(Error::io("removing the old index", dir))?;
        }
        std::fs::create_dir_all(dir).map_err(Error::io("creating", dir))?;
        Index::create_in_dir(dir, schema).map_err(tantivy_err("creating the index in", dir))
    }

    fn register_tokenizers(index: &Index, morph: Option<&Arc<Morphology>>) {
        index
            .tokenizers()
            .register(BIGRAM, TextAnalyzer::from(BigramTokenizer));
        // Without a dictionary the morphological fields are never written or queried;
        // registering the bigram analysis under the name keeps tantivy's lookups total.
        match morph {
            Some(m) => index
                .tokenizers()
                .register(MORPH, TextAnalyzer::from(m.tokenizer())),
            None => index
                .tokenizers()
                .register(MORPH, TextAnalyzer::from(BigramTokenizer)),
        }
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when morphological analysis is used.
    pub fn morphology(&self) -> bool {
        self.morph.is_some()
    }

    /// Number of section documents.
    pub fn sections(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of segments (each save adds one until an update merges them).
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Brings the index up to date with `library`: indexes new and changed reports, removes
    /// gone ones. Reports `(done, total)` through `progress`; stops early when `cancel` is set
    /// (the index then holds what was committed before).
    pub fn refresh(
        &mut self,
        library: &Library,
        progress: &dyn Fn(Progress),
        cancel: &AtomicBool,
    ) -> Result<RefreshStats> {
        let total = library.reports().count();
        self.refresh_from(library.reports(), total, progress, cancel)
    }

    /// [`SearchIndex::refresh`] reading the library folder one file at a time
    /// ([`Library::scan`]), so memory stays that of one report and the writer's buffers
    /// however large the library: what the CLI and the app's start use.
    pub fn refresh_folder(
        &mut self,
        root: &Path,
        today: chrono::NaiveDate,
        progress: &dyn Fn(Progress),
        cancel: &AtomicBool,
    ) -> Result<RefreshStats> {
        let scan = Library::scan(root, today)?;
        let total = scan.len();
        self.refresh_from(scan.filter_map(|e| e.report), total, progress, cancel)
    }

    /// The refresh over `reports` (about `total` of them, for the progress): a report whose
    /// fingerprint the index holds is skipped, the others are (re-)indexed, and the ones the
    /// index holds but `reports` did not give are removed. The writer opens at the first
    /// change, so an up-to-date index costs one pass over the reports.
    fn refresh_from<R: std::borrow::Borrow<Report>>(
        &mut self,
        reports: impl Iterator<Item = R>,
        total: usize,
        progress: &dyn Fn(Progress),
        cancel: &AtomicBool,
    ) -> Result<RefreshStats> {
        let start = Instant::now();
        let mut stats = RefreshStats {
            rebuilt: self.pending_rebuild.is_some(),
            rebuild_reason: self.pending_rebuild.take(),
            ..Default::default()
        };
        let mut writer: Option<IndexWriter> = None;
        let mut seen = std::collections::HashSet::new();
        let mut cancelled = false;
        for (n, report) in reports.enumerate() {
            if cancel.load(Ordering::Relaxed) {
                cancelled = true;
                break;
            }
            let report = report.borrow();
            seen.insert(report.id.clone());
            let fp = fingerprint(report);
            if self.state.reports.get(&report.id) == Some(&fp) {
                stats.unchanged += 1;
            } else {
                let w = match writer.take() {
                    Some(w) => w,
                    None => self.writer()?,
                };
                w.delete_term(Term::from_field_text(self.fields.report, &report.id));
                stats.bytes += self.add_report(&w, report)?;
                writer = Some(w);
                self.state.reports.insert(report.id.clone(), fp);
                stats.indexed += 1;
                // Only real work is reported: an up-to-date pass over thousands of files
                // sends the window no stream of events.
                progress(Progress {
                    done: n + 1,
                    total: total.max(n + 1),
                });
            }
        }
        // A cancelled pass has not seen every report: it removes nothing.
        let removed: Vec<String> = if cancelled {
            Vec::new()
        } else {
            self.state
                .reports
                .keys()
                .filter(|id| !seen.contains(id.as_str()))
                .cloned()
                .collect()
        };
        if !removed.is_empty() && writer.is_none() {
            writer = Some(self.writer()?);
        }
        if let Some(w) = writer {
            for id in &removed {
                w.delete_term(Term::from_field_text(self.fields.report, id));
                self.state.reports.remove(id);
            }
            stats.removed = removed.len();
            self.commit(w)?;
        }
        stats.sections = self.sections();
        stats.elapsed = start.elapsed();
        Ok(stats)
    }

    /// Re-indexes one report (after a save): only its sections are touched.
    pub fn update_report(&mut self, report: &Report) -> Result<()> {
        let fp = fingerprint(report);
        if self.state.reports.get(&report.id) == Some(&fp) {
            return Ok(());
        }
        // A report's few sections: one thread, and a segment of their own with no merge to
        // wait for (a save must be found at once; the next refresh merges with the default
        // policy) unless small segments have piled up.
        let writer = self.writer_with(1, UPDATE_MEMORY)?;
        if self.segments() < MERGE_AFTER_SEGMENTS {
            writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        }
        writer.delete_term(Term::from_field_text(self.fields.report, &report.id));
        self.add_report(&writer, report)?;
        self.state.reports.insert(report.id.clone(), fp);
        self.commit(writer)
    }

    /// Removes one report's sections.
    pub fn remove_report(&mut self, id: &str) -> Result<()> {
        if !self.state.reports.contains_key(id) {
            return Ok(());
        }
        let writer = self.writer_with(1, UPDATE_MEMORY)?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        writer.delete_term(Term::from_field_text(self.fields.report, id));
        self.state.reports.remove(id);
        self.commit(writer)
    }

    fn writer(&self) -> Result<IndexWriter> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        self.writer_with(threads, WRITER_MEMORY)
    }

    fn writer_with(&self, threads: usize, memory: usize) -> Result<IndexWriter> {
        self.index
            .writer_with_num_threads(threads, memory)
            .map_err(tantivy_err("opening a writer on", &self.dir))
    }

    fn commit(&mut self, mut writer: IndexWriter) -> Result<()> {
        writer.commit().map_err(tantivy_err("committing to", &self.dir))?;
        writer
            .wait_merging_threads()
            .map_err(tantivy_err("merging segments of", &self.dir))?;
        self.reader
            .reload()
            .map_err(tantivy_err("reloading", &self.dir))?;
        self.state.sections = self.reader.searcher().num_docs();
        self.save_state()
    }

    /// Writes the state file atomically, after the commit it describes.
    fn save_state(&self) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(&self.state).unwrap_or_default();
        crate::save::write_atomic(&self.dir.join(STATE_FILE), &bytes)
    }

    /// Adds a report's sections; returns the bytes of text indexed.
    fn add_report(&self, writer: &IndexWriter, r: &Report) -> Result<u64> {
        let f = &self.fields;
        let m = &r.meta;
        let mut bytes = 0;
        for (order, s) in sections(&r.doc).into_iter().enumerate() {
            let heading = if s.level == 0 {
                m.title.clone()
            } else {
                s.title.clone()
            };
            let mut doc = TantivyDocument::default();
            doc.add_text(f.report, &r.id);
            doc.add_text(f.country, &m.country);
            doc.add_text(f.region, &m.region);
            doc.add_text(f.language, m.language.code());
            doc.add_text(f.status, m.status.code());
            doc.add_text(f.report_title, &m.title);
            doc.add_text(f.updated, m.updated.to_string());
            doc.add_u64(f.order, order as u64);
            doc.add_u64(f.report_key, report_key(&r.id));
            doc.add_text(f.anchor, &s.id);
            doc.add_text(f.path, s.path.join("\u{241F}"));
            doc.add_text(f.body, &s.text);
            doc.add_text(f.body_bigram, &s.text);
            doc.add_text(f.heading_bigram, &heading);
            doc.add_text(f.title_bigram, &m.title);
            if self.morph.is_some() {
                doc.add_text(f.body_morph, &s.text);
                doc.add_text(f.heading_morph, &heading);
                doc.add_text(f.title_morph, &m.title);
            }
            bytes += s.text.len() as u64;
            writer
                .add_document(doc)
                .map_err(tantivy_err("adding to", &self.dir))?;
        }
        Ok(bytes)
    }
}
