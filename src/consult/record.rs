//! A consultation record's front matter as typed data, read with every problem located.
//! docs/consultations.md describes the format.

use crate::problem::{Location, Problems};
use chrono::NaiveDate;
use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;
use serde::Serialize;

/// The topics a consultation can be filed under (a fixed list, so the yearly figures add up).
pub const TOPICS: [&str; 9] = [
    "登録経路",
    "分類",
    "現地代理人",
    "表示",
    "市販後",
    "償還・調達",
    "市場",
    "福祉用具",
    "その他",
];

/// Company size bands of the enquirer's profile (no name is ever kept).
pub const SIZES: [&str; 4] = ["小規模", "中小企業", "中堅企業", "大企業"];

/// Where a consultation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ConsultStatus"))]
pub enum Status {
    /// Received, not answered yet.
    #[serde(rename = "受付")]
    Received,
    /// Answered.
    #[serde(rename = "回答済")]
    Answered,
    /// Answered, but a section the answer cites changed since: to look at again.
    #[serde(rename = "要再確認")]
    Recheck,
    /// Closed.
    #[serde(rename = "終了")]
    Closed,
}

impl Status {
    /// Every status, in the order of the work.
    pub const ALL: [Status; 4] = [
        Status::Received,
        Status::Answered,
        Status::Recheck,
        Status::Closed,
    ];

    /// The word in the file.
    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "受付",
            Status::Answered => "回答済",
            Status::Recheck => "要再確認",
            Status::Closed => "終了",
        }
    }

    /// Parses the word in the file.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.label() == s)
    }

    /// True once an answer was given (its citations can go stale).
    pub fn answered(self) -> bool {
        matches!(self, Status::Answered | Status::Recheck | Status::Closed)
    }
}

/// The enquirer, as a profile only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Enquirer {
    /// One of [`SIZES`].
    pub size: Option<String>,
    /// The sector in a few words (医療機器製造, 福祉用具販売).
    pub sector: Option<String>,
    /// Whether the company already exports.
    pub exports: Option<bool>,
}

/// A report section an answer rests on, at the version it was answered against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cite {
    /// The report's id (`th.ja`).
    pub report: String,
    /// The section's anchor (`薬事制度`, `表示`).
    pub section: String,
    /// The structured field the answer quotes (`label_language`), when it rests on one: the
    /// yearly update then puts that field first.
    pub field: Option<String>,
    /// The published version the answer read.
    pub version: u32,
    /// Where the citation is in the record's file.
    #[serde(skip)]
    #[cfg_attr(test, ts(skip))]
    pub at: Location,
}

/// A consultation's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Meta {
    /// `2026-0042`.
    pub id: String,
    /// The day the question came in.
    pub received: NaiveDate,
    /// The day it was answered, once it was.
    pub answered: Option<NaiveDate>,
    /// ISO codes of the countries asked about.
    pub countries: Vec<String>,
    /// Topics from [`TOPICS`].
    pub topics: Vec<String>,
    /// Who asked, as a profile.
    pub enquirer: Enquirer,
    /// Where it stands.
    pub status: Status,
    /// Who handled it.
    pub staff: Vec<String>,
    /// The report sections the answer rests on.
    pub cites: Vec<Cite>,
    /// Published on the website as an anonymised question and answer.
    pub public: bool,
    /// The opaque key of the contact details kept outside the library, if any.
    pub contact: Option<String>,
    /// A record written to show the format (the bundled examples), not a real consultation.
    pub example: bool,
}

/// Reads the front matter `yaml` whose first line is file line `first_line`.
pub fn read(yaml: &str, first_line: usize, p: &mut Problems) -> Option<Meta> {
    let at = |node: &Node| -> Location {
        node.span().start().map_or(Location::new(first_line, 1), |m| {
            Location::new(m.line() + first_line - 1, m.column())
        })
    };
    let root = match marked_yaml::parse_yaml(0, yaml) {
        Ok(n) => n,
        Err(e) => {
            p.error(
                Location::new(first_line, 1),
                "yaml-syntax",
                format!("the front matter is not valid YAML: {e}"),
            );
            return None;
        }
    };
    let Some(map) = root.as_mapping() else {
        p.error(
            Location::new(first_line, 1),
            "yaml-syntax",
            "the front matter must be a mapping of fields",
        );
        return None;
    };
    let whole = Location::new(first_line, 1);
    let known = [
        "id",
        "received",
        "answered",
        "countries",
        "topics",
        "enquirer",
        "status",
        "staff",
        "cites",
        "public",
        "contact",
        "example",
    ];
    for (k, v) in map.iter() {
        if !known.contains(&k.as_str()) {
            p.warning(
                at(v),
                "unknown-field",
                format!(
                    "unknown field `{}` (docs/consultations.md lists the fields)",
                    k.as_str()
                ),
            );
        }
    }
    let text = |key: &str, p: &mut Problems| -> Option<String> {
        let Some(node) = map.get_node(key) else {
            p.error(whole, "missing-field", format!("missing required field `{key}`"));
            return None;
        };
        match node.as_scalar() {
            Some(s) if !s.as_str().trim().is_empty() => Some(s.as_str().trim().to_string()),
            _ => {
                p.error(at(node), "wrong-type", format!("`{key}` must be a text"));
                None
            }
        }
    };
    let date = |key: &str, node: &Node, p: &mut Problems| -> Option<NaiveDate> {
        let parsed = node
            .as_scalar()
            .and_then(|s| NaiveDate::parse_from_str(s.as_str(), "%Y-%m-%d").ok());
        if parsed.is_none() {
            p.error(
                at(node),
                "invalid-date",
                format!("`{key}` must be a date written YYYY-MM-DD"),
            );
        }
        parsed
    };
    let list = |key: &str, p: &mut Problems| -> Vec<(String, Location)> {
        match map.get_node(key) {
            None => Vec::new(),
            Some(Node::Sequence(seq)) => seq
                .iter()
                .filter_map(|n| match n.as_scalar() {
                    Some(s) => Some((s.as_str().trim().to_string(), at(n))),
                    None => {
                        p.error(
                            at(n),
                            "wrong-type",
                            format!("each entry of `{key}` must be a text"),
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                p.error(at(other), "wrong-type", format!("`{key}` must be a list (`[…]`)"));
                Vec::new()
            }
        }
    };

    let id = text("id", p);
    if let Some(id) = &id
        && !valid_id(id)
    {
        p.error(
            at(map.get_node("id").expect("id")),
            "invalid-id",
            format!("`id: {id}` must be the year and a number, like 2026-0042"),
        );
    }
    let received = match map.get_node("received") {
        Some(n) => date("received", n, p),
        None => {
            p.error(whole, "missing-field", "missing required field `received`");
            None
        }
    };
    let answered = map.get_node("answered").and_then(|n| date("answered", n, p));
    if let (Some(r), Some(a)) = (received, answered)
        && a < r
    {
        p.error(
            at(map.get_node("answered").expect("answered")),
            "answered-before-received",
            format!("`answered: {a}` is before `received: {r}`"),
        );
    }
    let countries: Vec<String> = list("countries", p)
        .into_iter()
        .filter_map(|(c, loc)| {
            if crate::report::countries::is_alpha2(&c) {
                Some(c)
            } else {
                p.error(
                    loc,
                    "unknown-country",
                    format!("`{c}` in `countries` is not an ISO 3166-1 alpha-2 code (TH, VN, US …)"),
                );
                None
            }
        })
        .collect();
    if countries.is_empty() && map.get_node("countries").is_none() {
        p.error(
            whole,
            "missing-field",
            "missing required field `countries` (the countries asked about)",
        );
    }
    let topics: Vec<String> = list("topics", p)
        .into_iter()
        .filter_map(|(t, loc)| {
            if TOPICS.contains(&t.as_str()) {
                Some(t)
            } else {
                p.error(
                    loc,
                    "unknown-topic",
                    format!("`{t}` is not a topic; use one of {}", TOPICS.join("、")),
                );
                None
            }
        })
        .collect();
    if map.get_node("topics").is_none() {
        p.error(whole, "missing-field", "missing required field `topics`");
    }
    let status = text("status", p).and_then(|s| {
        let parsed = Status::parse(&s);
        if parsed.is_none() {
            p.error(
                at(map.get_node("status").expect("status")),
                "unknown-status",
                format!("`status: {s}` must be one of 受付, 回答済, 要再確認, 終了"),
            );
        }
        parsed
    });
    if let (Some(s), None) = (status, answered)
        && s.answered()
    {
        p.error(
            at(map.get_node("status").expect("status")),
            "missing-field",
            format!(
                "`status: {}` needs the day it was answered (`answered: YYYY-MM-DD`)",
                s.label()
            ),
        );
    }
    let enquirer = map
        .get_node("enquirer")
        .map(|n| enquirer(n, &at, p))
        .unwrap_or_default();
    let staff = list("staff", p).into_iter().map(|(s, _)| s).collect();
    let cites = match map.get_node("cites") {
        None => Vec::new(),
        Some(Node::Sequence(seq)) => seq.iter().filter_map(|n| cite(n, &at, p)).collect(),
        Some(other) => {
            p.error(
                at(other),
                "wrong-type",
                "`cites` must be a list of `{ report, section, version }`",
            );
            Vec::new()
        }
    };
    let flag = |key: &str, p: &mut Problems| -> bool {
        match map.get_node(key) {
            None => false,
            Some(n) => match n.as_scalar().map(|s| s.as_str()) {
                Some("true") => true,
                Some("false") => false,
                _ => {
                    p.error(at(n), "wrong-type", format!("`{key}` must be true or false"));
                    false
                }
            },
        }
    };
    let public = flag("public", p);
    let example = flag("example", p);
    let contact = map
        .get_node("contact")
        .and_then(|n| n.as_scalar())
        .map(|s| s.as_str().to_string());
    Some(Meta {
        id: id?,
        received: received?,
        answered,
        countries,
        topics,
        enquirer,
        status: status?,
        staff,
        cites,
        public,
        contact,
        example,
    })
}

/// `2026-0042`: a year and a number of up to six digits.
fn valid_id(id: &str) -> bool {
    let Some((year, n)) = id.split_once('-') else {
        return false;
    };
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && (1..=6).contains(&n.len())
        && n.bytes().all(|b| b.is_ascii_digit())
}

fn enquirer(node: &Node, at: &dyn Fn(&Node) -> Location, p: &mut Problems) -> Enquirer {
    let Some(map) = node.as_mapping() else {
        p.error(
            at(node),
            "wrong-type",
            "`enquirer` must be a mapping `{ size, sector, exports }`",
        );
        return Enquirer::default();
    };
    let mut out = Enquirer::default();
    for (k, v) in map.iter() {
        let value = v.as_scalar().map(|s| s.as_str().trim().to_string());
        match (k.as_str(), value) {
            ("size", Some(s)) if SIZES.contains(&s.as_str()) => out.size = Some(s),
            ("size", _) => p.error(at(v), "unknown-size", format!("`enquirer.size` must be one of {}", SIZES.join("、"))),
            ("sector", Some(s)) => out.sector = Some(s),
            ("exports", Some(s)) if s == "true" || s == "false" => out.exports = Some(s == "true"),
            ("exports", _) => p.error(at(v), "wrong-type", "`enquirer.exports` must be true or false"),
            (other, _) => p.error(
                at(v),
                "personal-data",
                format!("`enquirer.{other}` is not part of the profile: a record keeps only size, sector and exports, never a name or contact (see docs/consultations.md)"),
            ),
        }
    }
    out
}

fn cite(node: &Node, at: &dyn Fn(&Node) -> Location, p: &mut Problems) -> Option<Cite> {
    let Some(map): Option<&MarkedMappingNode> = node.as_mapping() else {
        p.error(
            at(node),
            "wrong-type",
            "each entry of `cites` must be `{ report, section, version }`",
        );
        return None;
    };
    let get = |k: &str| {
        map.get_node(k)
            .and_then(|n| n.as_scalar())
            .map(|s| s.as_str().trim().to_string())
    };
    let (Some(report), Some(section), Some(version)) = (get("report"), get("section"), get("version")) else {
        p.error(
            at(node),
            "missing-field",
            "a citation needs `report`, `section` and `version`",
        );
        return None;
    };
    let Ok(version) = version.parse::<u32>() else {
        p.error(
            at(node),
            "wrong-type",
            format!("`version: {version}` must be a version number"),
        );
        return None;
    };
    Some(Cite {
        report,
        section: section.trim_start_matches('#').to_string(),
        field: get("field").filter(|f| !f.is_empty()),
        version,
        at: at(node),
    })
}
