//! What is not a change: a page's "last updated" date, its copyright year, and whatever a
//! source's own `ignore` pattern names (a visitor counter, a news ticker). The comparable form
//! of a text has these removed; two fetches with the same comparable form are the same page.

use regex::Regex;
use std::sync::LazyLock;

/// A date as pages write it, after NFKC (so full-width digits and colons are ASCII).
const DATE: &str = r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?:令和|平成)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{4})";

/// Words that introduce a page's own update date, in the languages of the cited sites.
const UPDATED: &str = r"(?i:最終更新日?時?|更新日時?|掲載日|公開日|作成日|last\s+(?:updated|modified|reviewed|revised)(?:\s+on)?|page\s+updated|updated(?:\s+on)?|modified(?:\s+on)?|date\s+of\s+(?:last\s+)?(?:update|publication)|ngày\s+cập\s+nhật|cập\s+nhật(?:\s+lần\s+cuối)?|ปรับปรุงล่าสุด|อัปเดต(?:ล่าสุด)?|diperbarui|dikemaskini|tarikh\s+kemaskini)";

static DEFAULT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let updated = format!(
        r"{UPDATED}\s*(?::\s*)?{DATE}(?:\s*\(?[A-Za-z月火水木金土日]{{1,3}}\)?)?(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    );
    let copyright = r"(?i:(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–~〜]\s*)?\d{4})";
    [updated.as_str(), copyright]
        .iter()
        .map(|p| Regex::new(p).expect("the built-in noise patterns are valid"))
        .collect()
});

/// A title that says the page is missing (titles are short: any of these words will do).
static TITLE_NOT_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b404\b|not\s+found|cannot\s+be\s+found|見つかりません|お探しのページ|ไม่พบหน้า|không\s+tìm\s+thấy|tidak\s+(?:ditemukan|dijumpai)|introuvable")
        .expect("the built-in not-found pattern is valid")
});

/// Text that says the page is missing: whole phrases only, since a real page may well say
/// that something is "not found" in a register.
static TEXT_NOT_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b404\b.{0,20}not\s+found|page\s+(?:was\s+)?not\s+found|page\s+(?:you\s+requested\s+)?(?:cannot|could\s+not)\s+be\s+found|ページ(?:が|は)見つかりません|お探しのページ(?:は|が)(?:見つかりません|見つかりませんでした|存在しません)|ไม่พบหน้า|không\s+tìm\s+thấy\s+trang|halaman\s+tidak\s+(?:ditemukan|dijumpai)|page\s+introuvable")
        .expect("the built-in not-found pattern is valid")
});

/// The noise rules of one source: the built-in ones and its own pattern, if any.
#[derive(Debug, Clone)]
pub struct Noise {
    extra: Option<Regex>,
}

impl Noise {
    /// The rules with `ignore` (a regular expression) added. An invalid pattern is an error
    /// naming it, never silently dropped.
    pub fn new(ignore: Option<&str>) -> Result<Noise, String> {
        let extra = match ignore {
            Some(p) => Some(Regex::new(p).map_err(|e| format!("ignore pattern `{p}`: {e}"))?),
            None => None,
        };
        Ok(Noise { extra })
    }

    /// `text` without its noise, lines left empty dropped.
    pub fn comparable(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            let mut line = std::borrow::Cow::Borrowed(line);
            for re in DEFAULT.iter().chain(self.extra.as_ref()) {
                if re.is_match(&line) {
                    line = std::borrow::Cow::Owned(re.replace_all(&line, "").into_owned());
                }
            }
            let line = line.trim();
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// True for a page that answered 200 but says it does not exist: its title says so, or it is
/// short and its first lines do.
pub fn says_not_found(title: Option<&str>, text: &str) -> bool {
    if title.is_some_and(|t| TITLE_NOT_FOUND.is_match(t)) {
        return true;
    }
    if text.chars().count() > 1500 {
        return false;
    }
    let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
    TEXT_NOT_FOUND.is_match(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_dates_and_copyright_years_are_noise() {
        let noise = Noise::new(None).expect("no pattern");
        let a = "医療機器の登録には許可が必要です。\n最終更新日: 2025年4月1日\nLast updated on 3 March 2025\n© 2025 Ministry of Health\n";
        let b = "医療機器の登録には許可が必要です。\n最終更新日: 2026年11月30日\nLast updated on 12 November 2026\n© 2026 Ministry of Health\n";
        assert_eq!(noise.comparable(a), noise.comparable(b));
        assert!(noise.comparable(a).contains("Ministry of Health"));
        let c = "医療機器の登録には許可は不要です。\n最終更新日: 2026年11月30日\n";
        assert_ne!(noise.comparable(a), noise.comparable(c));
    }

    #[test]
    fn a_sources_own_pattern_is_noise_too() {
        let noise = Noise::new(Some(r"閲覧数 \d+")).expect("valid");
        assert_eq!(
            noise.comparable("本文\n閲覧数 1234\n"),
            noise.comparable("本文\n閲覧数 99\n")
        );
        assert!(Noise::new(Some("(")).is_err());
    }

    #[test]
    fn soft_not_found_pages_are_recognised() {
        assert!(says_not_found(Some("404 Not Found"), "whatever"));
        assert!(says_not_found(
            None,
            "お探しのページは見つかりませんでした。\nトップへ"
        ));
        assert!(!says_not_found(
            Some("Medical Device Regulations"),
            "Class A devices are not found in Annex II."
        ));
    }
}
