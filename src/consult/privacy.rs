//! Personal data that must never be in a consultation record: a record lives in the library,
//! which is synced to every member of the team and may be published (its FAQ), so the
//! enquirer is kept as a profile (size, sector, exports) and any contact detail goes to a file
//! outside the library, named by an opaque key. These patterns catch what slips in anyway.

use crate::problem::Location;
use regex::Regex;
use std::sync::OnceLock;

/// What was found, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Line and column in the file.
    pub at: Location,
    /// What it looks like (`a mail address`).
    pub what: &'static str,
    /// The text found.
    pub text: String,
}

fn patterns() -> &'static [(Regex, &'static str)] {
    static P: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    P.get_or_init(|| {
        [
            (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", "a mail address"),
            (r"\+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{1,4}[\s-]?\d{3,4}", "a telephone number"),
            (r"(?:^|[^\d-])(0\d{1,4}-\d{1,4}-\d{3,4})(?:$|[^\d-])", "a telephone number"),
            (r"(?:^|\D)(0[5-9]0\d{8}|0\d{9})(?:$|\D)", "a telephone number"),
            (
                // A name beside the word, not a particle: 「株式会社など」 and 「タイの株式会社」 are words.
                r"(?:株式会社|有限会社|合同会社|合資会社|（株）|\(株\))\s?[^\s\p{Hiragana}、。，,.「」『』()（）:：][^\s、。，,.「」『』()（）:：]{0,19}|[^\s、。，,.「」『』()（）:：]{0,19}[^\s\p{Hiragana}、。，,.「」『』()（）:：](?:株式会社|有限会社|合同会社|合資会社|（株）|\(株\))",
                "a company name",
            ),
            (r"\b[A-Z][A-Za-z0-9&-]+(?: [A-Z][A-Za-z0-9&-]+)* (?:Co\., ?Ltd\.?|Inc\.|Corporation|K\.K\.|GmbH)", "a company name"),
        ]
        .into_iter()
        .map(|(re, what)| (Regex::new(re).expect("pattern"), what))
        .collect()
    })
}

/// Every match in `text` (the whole file, line numbers from 1).
pub fn find(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (re, what) in patterns() {
        for c in re.captures_iter(text) {
            let m = c.get(1).unwrap_or_else(|| c.get(0).expect("match"));
            let before = &text[..m.start()];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            out.push(Finding {
                at: Location::new(line, column),
                what,
                text: m.as_str().to_string(),
            });
        }
    }
    out.sort_by_key(|f| (f.at.line, f.at.column));
    out.dedup_by(|a, b| a.at == b.at);
    out
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn contact_details_and_company_names_are_found_where_they_are() {
        let text = "質問\n担当: yamada.taro@example.co.jp まで\n電話 03-1234-5678、携帯 09012345678\n+66 2 590 7000\n株式会社山田製作所の製品\nAcme Medical Co., Ltd. asked";
        let f = find(text);
        let what: Vec<(usize, &str, &str)> = f.iter().map(|f| (f.at.line, f.what, f.text.as_str())).collect();
        assert_eq!(
            what,
            vec![
                (2, "a mail address", "yamada.taro@example.co.jp"),
                (3, "a telephone number", "03-1234-5678"),
                (3, "a telephone number", "09012345678"),
                (4, "a telephone number", "+66 2 590 7000"),
                (5, "a company name", "株式会社山田製作所の製品"),
                (6, "a company name", "Acme Medical Co., Ltd."),
            ]
        );
        assert_eq!(f[0].at.column, 5);
    }

    #[test]
    fn dates_decrees_and_generic_words_are_not_personal_data() {
        let text = "2026-04-10 に受付。政令 98/2021/ND-CP と通達 05/2022/TT-BYT。仏暦2562年。現地法人（株式会社など）が申請者。タイの株式会社に当たる法人。クラス 2〜4、手数料 53,000 バーツ。ISO 13485:2016。";
        assert_eq!(find(text), vec![]);
    }
}
