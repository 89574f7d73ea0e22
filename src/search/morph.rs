//! Morphological analysis: lindera with the IPADIC dictionary, in decompose mode (compounds
//! are split, so 関西国際空港 yields 関西 / 国際 / 空港).
//!
//! The dictionary is built from the MeCab IPADIC sources of Debian's `mecab-ipadic` package
//! by [`build_dictionary`] (the set-up runs `kuni dictionary build`) and loaded at run time
//! from [`dictionary_dir`]. When it is missing, search works on the bigram field alone.

use super::normalize::normalize;
use super::tokens::VecTokenStream;
use lindera::dictionary::{DictionaryBuilder, Metadata, load_fs_dictionary_with_options};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::tokenizer::{Token, Tokenizer};

/// Where Debian's `mecab-ipadic` package puts the dictionary sources.
pub const DEBIAN_IPADIC_SOURCES: &str = "/usr/share/mecab/dic/ipadic";

/// lindera's description of the IPADIC CSV layout (as lindera-ipadic ships it), except that
/// the encoding is EUC-JP: that is how the MeCab sources are distributed.
const IPADIC_METADATA: &str = r#"{
  "name": "ipadic",
  "encoding": "EUC-JP",
  "default_word_cost": -10000,
  "default_left_context_id": 0,
  "default_right_context_id": 0,
  "default_field_value": "*",
  "flexible_csv": true,
  "skip_invalid_cost_or_id": false,
  "normalize_details": true,
  "dictionary_schema": {
    "fields": [
      "surface", "left_context_id", "right_context_id", "cost",
      "part_of_speech", "part_of_speech_subcategory_1",
      "part_of_speech_subcategory_2", "part_of_speech_subcategory_3",
      "conjugation_form", "conjugation_type", "base_form",
      "reading", "pronunciation"
    ]
  },
  "user_dictionary_schema": { "fields": ["surface", "part_of_speech", "reading"] }
}"#;

/// Where the Debian package installs the dictionary it carries.
pub const SYSTEM_DICTIONARY: &str = "/usr/share/kuni/ipadic";

/// The built dictionary's folder: `$KUNI_DICT_DIR`, else `ipadic` in the user's data dir +
/// `kuni` when it has been built there, else the installed package's copy when there is one.
pub fn dictionary_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KUNI_DICT_DIR") {
        return Some(PathBuf::from(dir));
    }
    let user = dirs::data_dir().map(|d| d.join("kuni").join("ipadic"));
    let system = Path::new(SYSTEM_DICTIONARY);
    match user {
        Some(u) if u.join("matrix.mtx").is_file() || !system.join("matrix.mtx").is_file() => Some(u),
        _ => Some(system.to_path_buf()),
    }
}

/// Builds the dictionary from MeCab IPADIC sources (`source`: the CSVs and .def files) into `out`.
pub fn build_dictionary(source: &Path, out: &Path) -> Result<(), String> {
    if !source.join("matrix.def").is_file() {
        return Err(format!(
            "{} does not hold the IPADIC sources (matrix.def is missing): install Debian's mecab-ipadic package",
            source.display()
        ));
    }
    let metadata =
        Metadata::load(IPADIC_METADATA.as_bytes()).map_err(|e| format!("dictionary metadata: {e}"))?;
    // Build beside the destination and move it into place, so an interrupted build never
    // leaves a half-written dictionary where the loader looks.
    let building = out.with_extension("building");
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir_all(&building).map_err(|e| format!("creating {}: {e}", building.display()))?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(source, &building)
        .map_err(|e| format!("building the dictionary from {}: {e}", source.display()))?;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("replacing {}: {e}", out.display()))?;
    }
    std::fs::rename(&building, out).map_err(|e| format!("moving the dictionary to {}: {e}", out.display()))
}

/// A loaded dictionary and segmenter.
pub struct Morphology {
    segmenter: Segmenter,
}

/// Parts of speech that carry no meaning of their own for search: particles, auxiliary verbs,
/// symbols. They are indexed, but a query does not require them.
const FUNCTION_WORDS: &[&str] = &["助詞", "助動詞", "記号", "フィラー"];

impl Morphology {
    /// Loads the dictionary built in `dir`.
    pub fn load(dir: &Path) -> Result<Morphology, String> {
        if !dir.is_dir() {
            return Err(format!("no dictionary at {}", dir.display()));
        }
        let dictionary = load_fs_dictionary_with_options(dir, true)
            .map_err(|e| format!("loading the dictionary at {}: {e}", dir.display()))?;
        Ok(Morphology {
            segmenter: Segmenter::new(Mode::Decompose(Penalty::default()), dictionary, None),
        })
    }

    /// Morphemes of `input` (normalised first), offsets in `input`; symbols and spaces dropped.
    /// Each token also says whether it is a content word.
    fn analyse(&self, input: &str) -> Vec<(Token, bool)> {
        let norm = normalize(input);
        let Ok(mut segmented) = self.segmenter.segment(Cow::Borrowed(norm.text.as_str())) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(segmented.len());
        for (position, t) in segmented.iter_mut().enumerate() {
            let surface = fold_long_vowel(t.surface.as_ref());
            if surface.trim().is_empty() {
                continue;
            }
            let pos = t.details().first().map(|s| s.to_string()).unwrap_or_default();
            if pos == "記号" && !surface.chars().any(char::is_alphanumeric) {
                continue;
            }
            let content = !FUNCTION_WORDS.contains(&pos.as_str());
            let (offset_from, offset_to) = norm.original_range(t.byte_start, t.byte_end);
            out.push((
                Token {
                    offset_from,
                    offset_to,
                    position,
                    text: surface,
                    position_length: 1,
                },
                content,
            ));
        }
        out
    }

    /// Tokens for the index.
    pub fn tokens(&self, input: &str) -> Vec<Token> {
        self.analyse(input).into_iter().map(|(t, _)| t).collect()
    }

    /// The content words of a query (particles and symbols left out), normalised.
    pub fn content_words(&self, input: &str) -> Vec<String> {
        self.analyse(input)
            .into_iter()
            .filter(|(_, c)| *c)
            .map(|(t, _)| t.text)
            .collect()
    }

    /// A tantivy tokenizer sharing this dictionary.
    pub fn tokenizer(self: &Arc<Self>) -> MorphTokenizer {
        MorphTokenizer(Arc::clone(self))
    }
}

/// Drops the trailing ー of a katakana morpheme of 4+ characters. Normalisation already folds
/// it at the end of a katakana run; per morpheme it also folds inside compounds
/// (コミュニティークリニック → コミュニティ + クリニック).
fn fold_long_vowel(surface: &str) -> String {
    let katakana = surface
        .chars()
        .all(|c| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー'));
    match surface.strip_suffix('ー') {
        Some(stem) if katakana && surface.chars().count() >= 4 => stem.to_string(),
        _ => surface.to_string(),
    }
}

/// [`Morphology::tokens`] as a tantivy tokenizer.
#[derive(Clone)]
pub struct MorphTokenizer(Arc<Morphology>);

impl Tokenizer for MorphTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.0.tokens(text))
    }
}
