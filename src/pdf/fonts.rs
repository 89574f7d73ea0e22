//! Fonts: loading, coverage and fallback.
//!
//! Defaults are BIZ UD Mincho (body), BIZ UD Gothic regular and bold (headings, tables, code)
//! from Debian's fonts-morisawa-bizud-* packages, then Noto and DejaVu faces for scripts and
//! symbols BIZ UD does not cover (Thai in the Thailand reports, Khmer, Myanmar, Bengali,
//! Devanagari, Arabic). Simplified Chinese characters that BIZ UD lacks (场, 审, 册 …) come
//! from Debian's Noto CJK SC faces (fonts-noto-cjk), serif for the 明朝 body and sans for the
//! rest, so a quoted Chinese term keeps the style of the text around it; runs set in them are
//! tagged `/Lang zh-Hans`. Any TrueType/OpenType file can replace them.

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
/// The Noto CJK collections' faces for simplified Chinese (index 2 of each `.ttc`: JP, KR,
/// SC, TC, HK), per role: tried after the BIZ UD faces and before the other fallbacks.
const CJK_SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const CJK_SANS: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const CJK_SANS_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
/// The SC face's index in each collection.
const CJK_SC: u32 = 2;
const CJK: [(Role, &str); 4] = [
    (Role::Body, CJK_SERIF),
    (Role::Sans, CJK_SANS),
    (Role::Mono, CJK_SANS),
    (Role::Bold, CJK_SANS_BOLD),
];
/// The language tag of text set in a [`CJK`] face (ISO 32000-1, 14.9.2).
pub const CJK_LANG: &str = "zh-Hans";
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
pub struct Face<'a> {
    /// The face, for shaping and metrics.
    pub face: rustybuzz::Face<'a>,
    /// The font file's bytes.
    pub data: &'a [u8],
    /// Units per em.
    pub upem: f32,
    /// PostScript or family name, for messages.
    pub name: String,
    /// The file, which names the face's shaping plans.
    path: PathBuf,
    /// The face's index in its file (0 unless the file is a collection).
    pub index: u32,
    /// The language of the text this face is a fallback for (`zh-Hans` for the Noto CJK SC
    /// faces), which the PDF tags; `None` for faces that set the document's language.
    pub lang: Option<&'static str>,
}

/// A shaping plan and what it was made for: the font file (and its length, should the file
/// be replaced), direction and script.
type PlanKey = (
    PathBuf,
    u32,
    usize,
    rustybuzz::Direction,
    Option<rustybuzz::Script>,
);

/// Shaping plans, kept for the whole process. Making a plan reads the font's layout tables
/// and costs more than shaping a short run, so each font makes one per script and every
/// later export (and both layout threads) reuse it; a plan holds no reference to the font.
fn plans() -> &'static Mutex<HashMap<PlanKey, std::sync::Arc<rustybuzz::ShapePlan>>> {
    static PLANS: OnceLock<Mutex<HashMap<PlanKey, std::sync::Arc<rustybuzz::ShapePlan>>>> = OnceLock::new();
    PLANS.get_or_init(|| Mutex::new(HashMap::new()))
}

impl Face<'_> {
    /// Shapes `buffer` (its direction and script guessed from the text) with this face's
    /// plan for them, made on first use.
    pub fn shape(&self, mut buffer: rustybuzz::UnicodeBuffer) -> rustybuzz::GlyphBuffer {
        buffer.guess_segment_properties();
        let key = (
            self.path.clone(),
            self.index,
            self.data.len(),
            buffer.direction(),
            Some(buffer.script()),
        );
        let plan = {
            let mut plans = plans().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            plans
                .entry(key)
                .or_insert_with_key(|(_, _, _, direction, script)| {
                    std::sync::Arc::new(rustybuzz::ShapePlan::new(
                        &self.face,
                        *direction,
                        *script,
                        None,
                        &[],
                    ))
                })
                .clone()
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

/// The font files of one export, mapped into memory (through tantivy's safe memory-mapped
/// files, which the search index uses anyway): shaping and subsetting read only some tables
/// of a 5 MB BIZ UD face, so only those pages become resident. The files are unmapped when
/// this is dropped, which an export does as soon as the subsets are made (the faces borrow
/// from it until then): what a long report's export keeps resident is then its own work.
pub struct FontFiles {
    proportional: bool,
    config: FontConfig,
    files: HashMap<PathBuf, Bytes>,
    /// Why a configured fallback could not be read.
    skipped: Vec<String>,
}

/// A file's bytes: mapped, or read when it cannot be mapped.
enum Bytes {
    Mapped(tantivy::directory::OwnedBytes),
    Read(Vec<u8>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Mapped(b) => b.as_slice(),
            Bytes::Read(v) => v,
        }
    }
}

fn open_file(path: &Path) -> Result<Bytes, String> {
    use tantivy::directory::{Directory, MmapDirectory};
    let mapped = (|| {
        let dir = MmapDirectory::open(path.parent()?).ok()?;
        dir.open_read(Path::new(path.file_name()?))
            .ok()?
            .read_bytes()
            .ok()
    })();
    match mapped {
        Some(b) => Ok(Bytes::Mapped(b)),
        None => std::fs::read(path)
            .map(Bytes::Read)
            .map_err(|e| format!("cannot read font {}: {e}", path.display())),
    }
}

impl FontFiles {
    /// Opens the configured faces (`proportional` picks the BIZ UDP defaults, for English
    /// editions). A missing role face is an error (the PDF needs it); a missing configured
    /// fallback is skipped with a warning when the faces are loaded.
    pub fn open(config: &FontConfig, proportional: bool) -> Result<FontFiles, String> {
        let mut files = HashMap::new();
        let mut skipped = Vec::new();
        let (roles, twins, fallbacks) = paths(config, proportional);
        let cjk = CJK.map(|(_, path)| PathBuf::from(path));
        for path in roles {
            if let std::collections::hash_map::Entry::Vacant(slot) = files.entry(path) {
                let bytes = open_file(slot.key()).map_err(|e| {
                    format!(
                        "{e} (install fonts-morisawa-bizud-gothic and -mincho, or set the font in settings)"
                    )
                })?;
                slot.insert(bytes);
            }
        }
        for (path, optional_default) in twins
            .into_iter()
            .chain(fallbacks)
            .map(|p| (p, config.fallbacks.is_none()))
            .chain(cjk.into_iter().map(|p| (p, true)))
        {
            if files.contains_key(&path) {
                continue;
            }
            match open_file(&path) {
                Ok(b) => {
                    files.insert(path, b);
                }
                Err(_) if optional_default => {} // a default that is not installed
                Err(e) => skipped.push(format!("fallback font skipped: {e}")),
            }
        }
        Ok(FontFiles {
            proportional,
            config: config.clone(),
            files,
            skipped,
        })
    }
}

/// The role faces' files (body, sans, bold, mono), the proportional twins used for Latin in
/// Japanese text (for roles left at their default), and the fallbacks.
fn paths(config: &FontConfig, proportional: bool) -> ([PathBuf; 4], Vec<PathBuf>, Vec<PathBuf>) {
    let pick = |p: &Option<PathBuf>, default: &str| p.clone().unwrap_or_else(|| PathBuf::from(default));
    let (body, sans, bold) = if proportional {
        (P_MINCHO, P_GOTHIC, P_GOTHIC_BOLD)
    } else {
        (MINCHO, GOTHIC, GOTHIC_BOLD)
    };
    let roles = [
        pick(&config.body, body),
        pick(&config.sans, sans),
        pick(&config.bold, bold),
        pick(&config.mono, GOTHIC),
    ];
    let twins = if proportional {
        Vec::new()
    } else {
        [
            (&config.body, P_MINCHO),
            (&config.sans, P_GOTHIC),
            (&config.bold, P_GOTHIC_BOLD),
        ]
        .into_iter()
        // A face the user chose is used for everything.
        .filter(|(configured, _)| configured.is_none())
        .map(|(_, twin)| PathBuf::from(twin))
        .collect()
    };
    let fallbacks = config
        .fallbacks
        .clone()
        .unwrap_or_else(|| FALLBACKS.iter().map(PathBuf::from).collect());
    (roles, twins, fallbacks)
}

fn load_face<'a>(path: &Path, index: u32, data: &'a [u8]) -> Result<Face<'a>, String> {
    let face = rustybuzz::Face::from_slice(data, index)
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
        path: path.to_path_buf(),
        index,
        lang: None,
    })
}

/// The faces of one export: the four roles then the fallbacks. Indexes are font ids.
pub struct Fonts<'a> {
    /// All faces; roles first.
    pub faces: Vec<Face<'a>>,
    roles: HashMap<Role, usize>,
    /// Faces for Latin letters and digits in Japanese text: BIZ UD's fixed half-width Latin
    /// looks typewritten, so a default role face gets its BIZ UDP twin (same design,
    /// proportional Latin) for Latin; Japanese stays in the full-width face.
    latin: HashMap<Role, usize>,
    /// The simplified-Chinese face per role (Noto CJK SC), where installed.
    cjk: HashMap<Role, usize>,
    fallbacks: Vec<usize>,
}

impl<'a> Fonts<'a> {
    /// The faces of `files`. A role face that is not a font is an error; a fallback that
    /// is not one is skipped (with a warning when the user configured it).
    pub fn load(files: &'a FontFiles, warnings: &mut Vec<String>) -> Result<Fonts<'a>, String> {
        let (role_paths, twins, fallback_paths) = paths(&files.config, files.proportional);
        warnings.extend(files.skipped.iter().cloned());
        let mut faces = Vec::new();
        let mut by_path: HashMap<(PathBuf, u32), usize> = HashMap::new();
        let mut add_at =
            |path: &PathBuf, index: u32, faces: &mut Vec<Face<'a>>| -> Result<Option<usize>, String> {
                if let Some(&i) = by_path.get(&(path.clone(), index)) {
                    return Ok(Some(i));
                }
                let Some(bytes) = files.files.get(path) else {
                    return Ok(None);
                };
                faces.push(load_face(path, index, bytes.as_slice())?);
                by_path.insert((path.clone(), index), faces.len() - 1);
                Ok(Some(faces.len() - 1))
            };
        let mut roles = HashMap::new();
        for (role, path) in [Role::Body, Role::Sans, Role::Bold, Role::Mono]
            .into_iter()
            .zip(&role_paths)
        {
            let i = add_at(path, 0, &mut faces)
                .and_then(|i| i.ok_or_else(|| format!("font {} was not opened", path.display())))
                .map_err(|e| {
                    format!(
                        "{e} (install fonts-morisawa-bizud-gothic and -mincho, or set the font in settings)"
                    )
                })?;
            roles.insert(role, i);
        }
        let mut latin = HashMap::new();
        let twin_roles = [
            (Role::Body, &files.config.body),
            (Role::Sans, &files.config.sans),
            (Role::Bold, &files.config.bold),
        ];
        let mut twins = twins.iter();
        for (role, configured) in twin_roles {
            if files.proportional || configured.is_some() {
                continue;
            }
            if let Some(path) = twins.next()
                && let Ok(Some(i)) = add_at(path, 0, &mut faces)
            {
                latin.insert(role, i);
            }
        }
        let mut cjk = HashMap::new();
        for (role, path) in CJK {
            if let Ok(Some(i)) = add_at(&PathBuf::from(path), CJK_SC, &mut faces) {
                faces[i].lang = Some(CJK_LANG);
                cjk.insert(role, i);
            }
        }
        let mut fallbacks = Vec::new();
        for path in &fallback_paths {
            match add_at(path, 0, &mut faces) {
                Ok(Some(i)) => fallbacks.push(i),
                Ok(None) => {}
                Err(e) if files.config.fallbacks.is_some() => {
                    warnings.push(format!("fallback font skipped: {e}"))
                }
                Err(_) => {}
            }
        }
        Ok(Fonts {
            faces,
            roles,
            latin,
            cjk,
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
        // Other role faces first (BIZ UD Gothic may have what Mincho lacks), then the role's
        // simplified-Chinese face, then the other fallbacks.
        [Role::Sans, Role::Body, Role::Bold]
            .iter()
            .map(|r| self.role(*r))
            .chain(self.cjk.get(&role).copied())
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
    let files = FontFiles::open(config, !ja)?;
    let fonts = Fonts::load(&files, &mut ignored)?;
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
