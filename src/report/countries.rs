//! ISO 3166-1 alpha-2 country codes: the 249 officially assigned ones, and the few
//! exceptionally reserved ones a report may deliberately cover (the European Union).

/// Officially assigned ISO 3166-1 alpha-2 codes, sorted, so lookups can binary-search.
const ALPHA2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Exceptionally reserved alpha-2 codes that Kuni accepts on purpose. ISO keeps `EU` for the
/// European Union at the Union's request; a report on the Union-level rules (MDR, IVDR) is
/// filed under it. Nothing else is accepted: `UK` (reserved too) stays an error, the United
/// Kingdom is `GB`.
const RESERVED_ACCEPTED: &[&str] = &["EU"];

/// True when `code` is an officially assigned alpha-2 code, written in upper case.
pub fn is_alpha2(code: &str) -> bool {
    ALPHA2.binary_search(&code).is_ok()
}

/// True when a report may name `code` as its `country`: an officially assigned code, or one
/// of the deliberate exceptions in [`RESERVED_ACCEPTED`].
pub fn is_report_code(code: &str) -> bool {
    is_alpha2(code) || RESERVED_ACCEPTED.contains(&code)
}

/// Japanese names of the countries the program covers (and the Union), for file names and
/// headings.
/// Other countries fall back to their code.
pub fn japanese_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "AE" => "アラブ首長国連邦",
        "AU" => "オーストラリア",
        "BD" => "バングラデシュ",
        "BR" => "ブラジル",
        "CA" => "カナダ",
        "CN" => "中国",
        "DE" => "ドイツ",
        "EG" => "エジプト",
        "EU" => "欧州連合",
        "GB" => "英国",
        "GH" => "ガーナ",
        "ID" => "インドネシア",
        "IN" => "インド",
        "KE" => "ケニア",
        "KH" => "カンボジア",
        "KR" => "韓国",
        "LA" => "ラオス",
        "MM" => "ミャンマー",
        "MX" => "メキシコ",
        "MY" => "マレーシア",
        "NG" => "ナイジェリア",
        "PH" => "フィリピン",
        "SA" => "サウジアラビア",
        "SG" => "シンガポール",
        "TH" => "タイ",
        "TR" => "トルコ",
        "TW" => "台湾",
        "US" => "米国",
        "VN" => "ベトナム",
        "ZA" => "南アフリカ",
        _ => return None,
    })
}

/// English names of the countries the program covers. Other countries fall back to their code.
pub fn english_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "AE" => "United Arab Emirates",
        "AU" => "Australia",
        "BD" => "Bangladesh",
        "BR" => "Brazil",
        "CA" => "Canada",
        "CN" => "China",
        "DE" => "Germany",
        "EG" => "Egypt",
        "EU" => "European Union",
        "GB" => "United Kingdom",
        "GH" => "Ghana",
        "ID" => "Indonesia",
        "IN" => "India",
        "KE" => "Kenya",
        "KH" => "Cambodia",
        "KR" => "South Korea",
        "LA" => "Laos",
        "MM" => "Myanmar",
        "MX" => "Mexico",
        "MY" => "Malaysia",
        "NG" => "Nigeria",
        "PH" => "Philippines",
        "SA" => "Saudi Arabia",
        "SG" => "Singapore",
        "TH" => "Thailand",
        "TR" => "Türkiye",
        "TW" => "Taiwan",
        "US" => "United States",
        "VN" => "Vietnam",
        "ZA" => "South Africa",
        _ => return None,
    })
}

/// The country's name for a reader of `language`, or its code when Kuni knows no name.
pub fn name(code: &str, language: super::Language) -> String {
    match language {
        super::Language::Ja => japanese_name(code),
        super::Language::En => english_name(code),
    }
    .map_or_else(|| code.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_unique_and_complete() {
        assert!(
            ALPHA2.windows(2).all(|w| w[0] < w[1]),
            "ALPHA2 must stay sorted for binary search"
        );
        assert_eq!(ALPHA2.len(), 249);
    }

    #[test]
    fn knows_codes_and_rejects_others() {
        for code in ["VN", "TH", "IN", "ZA", "AE", "JP"] {
            assert!(is_alpha2(code), "{code}");
        }
        for code in ["XX", "vn", "UK", "EU", "V", "VNM", ""] {
            assert!(!is_alpha2(code), "{code}");
        }
    }

    #[test]
    fn reports_may_name_the_union_but_no_other_reserved_code() {
        assert!(is_report_code("EU"));
        assert!(is_report_code("GB"));
        for code in ["UK", "EZ", "UN", "eu", "XX"] {
            assert!(!is_report_code(code), "{code}");
        }
        assert_eq!(name("EU", crate::report::Language::Ja), "欧州連合");
        assert_eq!(name("GB", crate::report::Language::Ja), "英国");
        assert_eq!(name("GB", crate::report::Language::En), "United Kingdom");
    }

    #[test]
    fn every_named_country_has_both_names_and_a_code_reports_accept() {
        for code in ALPHA2.iter().chain(RESERVED_ACCEPTED) {
            assert_eq!(
                japanese_name(code).is_some(),
                english_name(code).is_some(),
                "{code} has a name in one language only"
            );
            if japanese_name(code).is_some() {
                assert!(is_report_code(code), "{code}");
            }
        }
    }
}
