//! ISO 3166-1 alpha-2 country codes (the 249 officially assigned ones).

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

/// True when `code` is an officially assigned alpha-2 code, written in upper case.
pub fn is_alpha2(code: &str) -> bool {
    ALPHA2.binary_search(&code).is_ok()
}

/// Japanese names of the countries the program covers, for file names and headings.
/// Other countries fall back to their code.
pub fn japanese_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "AE" => "アラブ首長国連邦",
        "BD" => "バングラデシュ",
        "EG" => "エジプト",
        "GH" => "ガーナ",
        "ID" => "インドネシア",
        "IN" => "インド",
        "KE" => "ケニア",
        "KH" => "カンボジア",
        "LA" => "ラオス",
        "MM" => "ミャンマー",
        "MY" => "マレーシア",
        "NG" => "ナイジェリア",
        "PH" => "フィリピン",
        "SA" => "サウジアラビア",
        "SG" => "シンガポール",
        "TH" => "タイ",
        "TR" => "トルコ",
        "VN" => "ベトナム",
        "ZA" => "南アフリカ",
        _ => return None,
    })
}

/// English names of the countries the program covers. Other countries fall back to their code.
pub fn english_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "AE" => "United Arab Emirates",
        "BD" => "Bangladesh",
        "EG" => "Egypt",
        "GH" => "Ghana",
        "ID" => "Indonesia",
        "IN" => "India",
        "KE" => "Kenya",
        "KH" => "Cambodia",
        "LA" => "Laos",
        "MM" => "Myanmar",
        "MY" => "Malaysia",
        "NG" => "Nigeria",
        "PH" => "Philippines",
        "SA" => "Saudi Arabia",
        "SG" => "Singapore",
        "TH" => "Thailand",
        "TR" => "Türkiye",
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
}
