//! Fonts: loading, coverage and fallback.
//!
//! Defaults are BIZ UD Mincho (body), BIZ UD Gothic regular and bold (headings, tables, code)
//! from Debian's fonts-morisawa-bizud-* packages, then Noto and DejaVu faces for scripts and
//! symbols BIZ UD does not cover (Thai in the Thailand reports, Khmer, Myanmar, Bengali,
//! Devanagari, Arabic). Any TrueType/OpenType file can replace them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Which face a piece of text wants; fallback faces fill in missing characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Body text (明朝).
    Body,
    /// Sans text: tables, captions, header and footer (ゴシック).
    Sans,
    /// Bold sans: headings and strong text.
    Bold,
    /// Code (BIZ UDGothic's half-width forms are fixed-width).
    Mono,
}

/// Font files to use. Unset roles use the Debian defaults.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct FontConfig {
    /// Body face.
    pub body: Option<PathBuf>,
    /// Sans face.
    pub sans: Option<PathBuf>,
    /// Bold face.
    pub bold: Option<PathBuf>,
    /// Code face.
    pub mono: Option<PathBuf>,
    /// Faces tried, in order, for characters the role's face lacks.
    pub fallbacks: Option<Vec<PathBuf>>,
}

const MINCHO: &str = "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf";
const GOTHIC: &str = "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf";
const GOTHIC_BOLD: &str = "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf";
// English editions: the proportional (P) faces, whose Latin letters are not fixed-pitch.
const P_MINCHO: &str = "/usr/share/fonts/truetype/bizud-mincho/BIZUDPMincho-Regular.ttf";
const P_GOTHIC: &str = "/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Regular.ttf";
const P_GOTHIC_BOLD: &str = "/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Bold.ttf";
const FALLBACKS: &[&str] = &[
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMyanmar-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
];

/// One loaded face.
pub struct Face {
    /// The face, for shaping and metrics (the bytes live for the whole process).
    pub face: rustybuzz::Face<'static>,
    /// The font file's bytes.
    pub data: &'static [u8],
    /// Units per em.
    pub upem: f32,
    /// PostScript or family name, for messages.
    pub name: String,
    /// Shaping plans by direction and script. Making a plan reads the font's layout tables
    /// and costs more than shaping a short run, so each face makes one per script and keeps
    /// it (both layout threads share them).
    plans: std::sync::Mutex<Vec<PlanFor>>,
}

/// A shaping plan and what it was made for.
type PlanFor = (
    rustybuzz::Direction,
    Option<rustybuzz::Script>,
    std::sync::Arc<rustybuzz::ShapePlan>,
);

impl Face {
    /// Shapes `buffer` (its direction and script guessed from the text) with this face's
    /// plan for them, made on first use.
    pub fn shape(&self, mut buffer: rustybuzz::UnicodeBuffer) -> rustybuzz::GlyphBuffer {
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        let plan = {
            let mut plans = self
                .plans
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match plans
                .iter()
                .find(|(d, s, _)| *d == direction && *s == Some(script))
            {
                Some((_, _, plan)) => plan.clone(),
                None => {
                    let plan = std::sync::Arc::new(rustybuzz::ShapePlan::new(
                        &self.face,
                        direction,
                        Some(script),
                        None,
                        &[],
                    ));
                    plans.push((direction, Some(script), plan.clone()));
                    plan
                }
            }
        };
        rustybuzz::shape_with_plan(&self.face, &plan, buffer)
    }

    /// True when the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The advance the PDF viewer will use for `gid` (from hmtx), in em.
    pub fn hmtx_advance_em(&self, gid: u16) -> f32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(0.0, |a| f32::from(a) / self.upem)
    }
}

/// Font bytes are read once per process and kept: shaping faces borrow them, and a report
/// export reuses them. (A handful of files; memory is bounded by the configured fonts.)
fn load_bytes(path: &Path) -> Result<&'static [u8], String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, &'static [u8]>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = map.get(path) {
        return Ok(b);
    }
    let leaked: &'static [u8] = match map_file(path) {
        Some(b) => b,
        None => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read font {}: {e}", path.display()))?;
            Box::leak(bytes.into_boxed_slice())
        }
    };
    map.insert(path.to_path_buf(), leaked);
    Ok(leaked)
}

/// The font file mapped into memory (through tantivy's safe memory-mapped files, which the
/// search index uses anyway): shaping and subsetting read only some tables of a 5 MB
/// BIZ UD face, so only those pages become resident, which keeps an export's peak memory
/// down. `None` when the file cannot be mapped; the caller then reads it.
fn map_file(path: &Path) -> Option<&'static [u8]> {
    use tantivy::directory::{Directory, MmapDirectory};
    let dir = MmapDirectory::open(path.parent()?).ok()?;
    let bytes = dir
        .open_read(Path::new(path.file_name()?))
        .ok()?
        .read_bytes()
        .ok()?;
    let kept: &'static tantivy::directory::OwnedBytes = Box::leak(Box::new(bytes));
    Some(kept.as_slice())
}

fn load_face(path: &Path) -> Result<Face, String> {
    let data = load_bytes(path)?;
    let face = rustybuzz::Face::from_slice(data, 0)
        .ok_or_else(|| format!("{} is not a TrueType/OpenType font", path.display()))?;
    let name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::FULL_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    Ok(Face {
        upem: face.units_per_em() as f32,
        face,
        data,
        name,
        plans: std::sync::Mutex::new(Vec::new()),
    })
}

/// The faces of one export: the four roles then the fallbacks. Indexes are font ids.
pub struct Fonts {
    /// All faces; roles first.
    pub faces: Vec<Face>,
    roles: HashMap<Role, usize>,
    /// Faces for Latin letters and digits in Japanese text: BIZ UD's fixed half-width Latin
    /// looks typewritten, so a default role face gets its BIZ UDP twin (same design,
    /// proportional Latin) for Latin; Japanese stays in the full-width face.
    latin: HashMap<Role, usize>,
    fallbacks: Vec<usize>,
}

impl Fonts {
    /// Loads the configured faces (`proportional` picks the BIZ UDP defaults, for English
    /// editions). A missing role face is an error (the PDF needs it); a missing fallback is
    /// skipped with a warning.
    pub fn load(
        config: &FontConfig,
        proportional: bool,
        warnings: &mut Vec<String>,
    ) -> Result<Fonts, String> {
        let pick = |p: &Option<PathBuf>, default: &str| p.clone().unwrap_or_else(|| PathBuf::from(default));
        let (body, sans, bold) = if proportional {
            (P_MINCHO, P_GOTHIC, P_GOTHIC_BOLD)
        } else {
            (MINCHO, GOTHIC, GOTHIC_BOLD)
        };
        let mut faces = Vec::new();
        let mut roles = HashMap::new();
        let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
        for (role, path) in [
            (Role::Body, pick(&config.body, body)),
            (Role::Sans, pick(&config.sans, sans)),
            (Role::Bold, pick(&config.bold, bold)),
            (Role::Mono, pick(&config.mono, GOTHIC)),
        ] {
            let idx = match by_path.get(&path) {
                Some(&i) => i,
                None => {
                    faces.push(load_face(&path).map_err(|e| {
                        format!("{e} (install fonts-morisawa-bizud-gothic and -mincho, or set the font in settings)")
                    })?);
                    by_path.insert(path, faces.len() - 1);
                    faces.len() - 1
                }
            };
            roles.insert(role, idx);
        }
        let mut latin = HashMap::new();
        if !proportional {
            for (role, configured, twin) in [
                (Role::Body, &config.body, P_MINCHO),
                (Role::Sans, &config.sans, P_GOTHIC),
                (Role::Bold, &config.bold, P_GOTHIC_BOLD),
            ] {
                if configured.is_some() {
                    continue; // the user chose this face: use it for everything
                }
                let path = PathBuf::from(twin);
                let idx = match by_path.get(&path) {
                    Some(&i) => Some(i),
                    None => load_face(&path).ok().map(|f| {
                        faces.push(f);
                        by_path.insert(path, faces.len() - 1);
                        faces.len() - 1
                    }),
                };
                if let Some(i) = idx {
                    latin.insert(role, i);
                }
            }
        }
        let fallback_paths: Vec<PathBuf> = config
            .fallbacks
            .clone()
            .unwrap_or_else(|| FALLBACKS.iter().map(PathBuf::from).collect());
        let mut fallbacks = Vec::new();
        for path in fallback_paths {
            if let Some(&i) = by_path.get(&path) {
                fallbacks.push(i);
                continue;
            }
            match load_face(&path) {
                Ok(face) => {
                    faces.push(face);
                    by_path.insert(path, faces.len() - 1);
                    fallbacks.push(faces.len() - 1);
                }
                Err(e) if config.fallbacks.is_some() => warnings.push(format!("fallback font skipped: {e}")),
                Err(_) => {} // an optional default that is not installed
            }
        }
        Ok(Fonts {
            faces,
            roles,
            latin,
            fallbacks,
        })
    }

    /// The face index for a role.
    pub fn role(&self, role: Role) -> usize {
        self.roles[&role]
    }

    /// The face to draw `c` with in `role`: the role's face if it has the glyph, else the
    /// first fallback that has it, else `None`.
    pub fn face_for(&self, role: Role, c: char) -> Option<usize> {
        if is_latin(c)
            && let Some(&twin) = self.latin.get(&role)
            && self.faces[twin].covers(c)
        {
            return Some(twin);
        }
        let primary = self.role(role);
        if c.is_whitespace() || self.faces[primary].covers(c) {
            return Some(primary);
        }
        // Other role faces first (BIZ UD Gothic may have what Mincho lacks), then fallbacks.
        [Role::Sans, Role::Body, Role::Bold]
            .iter()
            .map(|r| self.role(*r))
            .chain(self.fallbacks.iter().copied())
            .find(|&i| self.faces[i].covers(c))
    }
}

/// Characters set in the proportional twin: ASCII and Latin letters (with the space between
/// Latin words). Full-width forms and Japanese punctuation stay in the role's face.
fn is_latin(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xC0..=0x24F)
}

/// Characters of `report`'s body that no face of `config` has, with where each first
/// occurs: the PDF draws them as a stand-in (`kuni check` warns about them).
pub fn uncovered(report: &crate::Report, config: &FontConfig) -> Result<Vec<crate::Problem>, String> {
    let ja = report.meta.language == crate::report::Language::Ja;
    let mut ignored = Vec::new();
    let fonts = Fonts::load(config, !ja, &mut ignored)?;
    let mut p = crate::problem::Problems::new(&report.path);
    let mut seen = std::collections::HashSet::new();
    for (n, line) in report.body.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            if c.is_control() || c.is_whitespace() || seen.contains(&c) {
                continue;
            }
            if [Role::Body, Role::Sans, Role::Bold]
                .iter()
                .any(|r| fonts.face_for(*r, c).is_some())
            {
                continue;
            }
            seen.insert(c);
            p.warning(
                crate::problem::Location::new(report.body_line + n, col + 1),
                "missing-glyph",
                format!(
                    "no configured font has {c} (U+{:04X}): the PDF shows 〓 in its place (its text layer keeps {c}); add a font that has it in settings",
                    c as u32
                ),
            );
        }
    }
    Ok(p.into_sorted())
}
