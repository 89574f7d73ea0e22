//! YAML front matter → [`FrontMatter`], recording every problem with its line and column.
//!
//! The YAML is loaded with marked-yaml, which keeps a position for every node, refuses
//! anchors and aliases (so an alias bomb is a plain error, not a memory blow-up) and can
//! refuse duplicate keys. We then walk the nodes ourselves instead of going through serde,
//! so that one pass reports *all* missing or wrong fields, each at its own position.

mod indicators;
mod quotes;
mod values;

use super::citations::{FieldAt, Positions, SourceAt};
use super::countries;
use super::schema::*;
use crate::problem::{Location, Problems};
use chrono::NaiveDate;
use marked_yaml::types::MarkedMappingNode;
use marked_yaml::{LoadError, LoaderOptions, Node, Span};
use std::cell::RefCell;

/// What the reader needs to know beyond the YAML itself.
pub struct Context<'a> {
    /// The file line the YAML starts on.
    pub first_line: usize,
    /// The date checks compare against (future dates, staleness).
    pub today: NaiveDate,
    /// The report id from the file name, e.g. `vn.ja`.
    pub id: &'a str,
}

const TOP_FIELDS: &[&str] = &[
    "title",
    "country",
    "language",
    "region",
    "version",
    "status",
    "updated",
    "published",
    "authors",
    "regulation",
    "indicators",
    "sources",
    "changelog",
];

const REGULATION_FIELDS: &[&str] = &[
    "regulator",
    "main_law",
    "risk_classes",
    "routes",
    "local_representative",
    "label_language",
    "reliance",
    "review_time",
    "validity",
    "assistive_products",
];

/// Parses `yaml` and checks each value where it stands (so every problem has its line).
/// Returns `None` when the front matter is too broken to give a complete [`FrontMatter`];
/// every reason is in `problems` either way. The positions of the structured fields and
/// sources come back too, for the checks that also need the body (`citations.rs`).
pub fn parse(yaml: &str, cx: &Context, problems: &mut Problems) -> (Option<FrontMatter>, Positions) {
    let reader = Reader {
        line_offset: cx.first_line - 1,
        today: cx.today,
        source_refs: RefCell::new(Vec::new()),
        positions: RefCell::new(Positions::default()),
    };
    let fm = reader.read(yaml, cx, problems);
    let mut positions = reader.positions.into_inner();
    positions.cited = reader
        .source_refs
        .into_inner()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    (fm, positions)
}

impl Reader {
    fn read(&self, yaml: &str, cx: &Context, problems: &mut Problems) -> Option<FrontMatter> {
        let first_line = cx.first_line;
        let reader = self;
        if yaml.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        }) {
            problems.error(
            Location::new(first_line, 1),
            "empty-front-matter",
            "the front matter is empty: it needs title, country, language and the other fields of docs/report-format.md",
        );
            return None;
        }
        // YAML forbids control characters, and the scanner stops at a NUL as if the text ended
        // there, which would otherwise surface as a misleading list of missing fields.
        if let Some((c, at)) = super::first_control_char(yaml) {
            problems.error(
            Location::new(at.line + first_line - 1, at.column),
            "control-character",
            format!(
                "the front matter contains the control character U+{:04X}, which YAML does not allow; delete it",
                c as u32
            ),
        );
            return None;
        }
        let options = LoaderOptions::default().error_on_duplicate_keys(true);
        let root = match marked_yaml::parse_yaml_with_options(0, yaml, options) {
            Ok(node) => node,
            Err(e) => {
                let (at, msg) = reader.describe_load_error(&e);
                problems.error(at, "yaml-syntax", msg);
                return None;
            }
        };
        let map = root.as_mapping()?;
        let fm = reader.front_matter(map, problems)?;
        reader.check_source_refs(&fm, problems);
        check_file_name(&fm, map, cx.id, reader, problems);
        Some(fm)
    }
}

/// `vn.ja.md` must hold country VN in Japanese: the file name is how people and links find it.
fn check_file_name(fm: &FrontMatter, map: &MarkedMappingNode, id: &str, r: &Reader, p: &mut Problems) {
    let expected = format!("{}.{}", fm.country.to_ascii_lowercase(), fm.language.code());
    if id != expected {
        let at = r.at_field(map, "country");
        p.warning(
            at,
            "file-name",
            format!(
                "the file is named `{id}.md` but holds country {} in `{}`: name it `{expected}.md`",
                fm.country,
                fm.language.code()
            ),
        );
    }
}

struct Reader {
    line_offset: usize,
    today: NaiveDate,
    /// Source ids named by the structured fields, with where they were named.
    source_refs: RefCell<Vec<(String, Location)>>,
    /// Where each structured field and each source stands.
    positions: RefCell<Positions>,
}

impl Reader {
    fn at(&self, span: &Span) -> Location {
        span.start()
            .map(|m| Location::new(m.line() + self.line_offset, m.column()))
            .unwrap_or(Location::new(self.line_offset + 1, 1))
    }

    /// Where field `key` of `map` is, or the mapping itself when the field is absent.
    fn at_field(&self, map: &MarkedMappingNode, key: &str) -> Location {
        self.at(map.get_node(key).map(Node::span).unwrap_or(map.span()))
    }

    fn describe_load_error(&self, e: &LoadError) -> (Location, String) {
        let place = |m: &marked_yaml::Marker| Location::new(m.line() + self.line_offset, m.column());
        match e {
            LoadError::ScanError(m, se) => {
                // The scanner's words name the symptom; add the usual cause for the common ones.
                let hint = match se.info() {
                    "mapping values are not allowed in this context" => {
                        " (a value containing `: ` must be put in quotes)"
                    }
                    i if i.contains("tab") => " (indent with spaces, not tabs)",
                    _ => "",
                };
                (place(m), format!("YAML syntax error: {}{hint}", se.info()))
            }
            LoadError::TopLevelMustBeMapping(m) => (
                place(m),
                "the front matter must be a mapping of `field: value` lines".to_string(),
            ),
            LoadError::UnexpectedAnchor(m) => (
                place(m),
                "YAML anchors and aliases (&name, *name) are not allowed in reports".to_string(),
            ),
            LoadError::MappingKeyMustBeScalar(m) => (place(m), "a field name must be plain text".to_string()),
            LoadError::UnexpectedTag(m) => (
                place(m),
                "YAML tags (!tag) are not allowed in reports".to_string(),
            ),
            LoadError::DuplicateKey(inner) => {
                let first = self.at(inner.prev_key.span());
                (
                    self.at(inner.key.span()),
                    format!(
                        "duplicate field `{}` (first given on line {})",
                        inner.key.as_str(),
                        first.line
                    ),
                )
            }
            LoadError::TopLevelMustBeSequence(m) => (place(m), e.to_string()),
        }
    }

    fn front_matter(&self, map: &MarkedMappingNode, p: &mut Problems) -> Option<FrontMatter> {
        self.unknown_fields(map, TOP_FIELDS, "", p);
        let title = self.text(map, "title", "", p);
        let country = self.text(map, "country", "", p).and_then(|c| {
            if countries::is_report_code(&c) {
                Some(c)
            } else {
                let at = self.at_field(map, "country");
                let hint = if countries::is_report_code(&c.to_ascii_uppercase()) {
                    format!(" (write it in upper case: {})", c.to_ascii_uppercase())
                } else if c == "UK" {
                    " (the United Kingdom is `GB`)".to_string()
                } else {
                    String::new()
                };
                p.error(
                    at,
                    "unknown-country",
                    format!("`country: {c}` is not an ISO 3166-1 alpha-2 country code{hint}"),
                );
                None
            }
        });
        let language = self.choice(map, "language", "", &["ja", "en"], Language::from_code, p);
        let region = self.text(map, "region", "", p);
        let version = self.number(map, "version", "", p);
        let status = self.choice(
            map,
            "status",
            "",
            &["draft", "review", "published"],
            Status::from_code,
            p,
        );
        let updated = self.date(map, "updated", "", p);
        if let Some(updated) = updated {
            let age = (self.today - updated).num_days();
            if age > STALE_AFTER_DAYS {
                p.warning(
                    self.at_field(map, "updated"),
                    "stale",
                    format!("stale: `updated: {updated}` is {age} days ago (more than 12 months); review the report and update it"),
                );
            }
        }
        let published = if map.get_node("published").is_some() {
            Some(self.date(map, "published", "", p)?)
        } else {
            None
        };
        let authors = self.text_list(map, "authors", "", p);
        let regulation = self.regulation(map, p);
        let indicators = self.indicators(map, p);
        let sources = self.sources(map, p);
        let changelog = self.changelog(map, p);
        Some(FrontMatter {
            title: title?,
            country: country?,
            language: language?,
            region: region?,
            version: version?,
            status: status?,
            updated: updated?,
            published,
            authors: authors?,
            regulation: regulation?,
            indicators,
            sources: sources?,
            changelog: changelog?,
        })
    }

    fn regulation(&self, top: &MarkedMappingNode, p: &mut Problems) -> Option<Regulation> {
        let map = self.mapping(top, "regulation", "", p)?;
        self.unknown_fields(map, REGULATION_FIELDS, "regulation.", p);
        let ctx = "regulation.";
        let regulator = self.sourced(map, "regulator", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        let main_law = self.sourced(map, "main_law", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        let risk_classes = self.sourced(map, "risk_classes", ctx, p, |s, v, k, p| {
            s.node_text_list(v, k, p)
        });
        let routes = self.sourced(map, "routes", ctx, p, |s, v, k, p| s.routes(v, k, p));
        let local_representative = self.sourced(map, "local_representative", ctx, p, |s, v, k, p| {
            let text = s.scalar_text(v, k, p)?;
            let parsed = LocalRepresentative::from_code(&text);
            if parsed.is_none() {
                p.error(
                    s.at(v.span()),
                    "invalid-value",
                    format!("`{k}` must be one of required, conditional, not_required (found `{text}`)"),
                );
            }
            parsed
        });
        let label_language = self.sourced(map, "label_language", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        let reliance = self.sourced(map, "reliance", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        let review_time = self.sourced(map, "review_time", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        let validity = self.sourced(map, "validity", ctx, p, |s, v, k, p| s.scalar_text(v, k, p));
        // Optional: absent is fine; present but broken is an error that drops only this field.
        let assistive_products = map.get_node("assistive_products").and_then(|_| {
            self.sourced(map, "assistive_products", ctx, p, |s, v, k, p| {
                s.scalar_text(v, k, p)
            })
        });

        let (risk_classes, routes) = (risk_classes?, routes?);
        self.routes_match_classes(map, &risk_classes.value, &routes.value, p);
        Some(Regulation {
            regulator: regulator?,
            main_law: main_law?,
            risk_classes,
            routes,
            local_representative: local_representative?,
            label_language: label_language?,
            reliance: reliance?,
            review_time: review_time?,
            validity: validity?,
            assistive_products,
        })
    }

    /// Every class has a route and every route names a class, so the comparison matrix has no holes.
    fn routes_match_classes(
        &self,
        map: &MarkedMappingNode,
        classes: &[String],
        routes: &[Route],
        p: &mut Problems,
    ) {
        let at = self.at_field(map, "routes");
        for class in classes {
            if !routes.iter().any(|r| &r.class == class) {
                p.error(
                    at,
                    "missing-route",
                    format!("`regulation.routes` has no route for class {class} of `risk_classes`"),
                );
            }
        }
        for route in routes {
            if !classes.contains(&route.class) {
                p.error(
                    at,
                    "unknown-class",
                    format!(
                        "`regulation.routes` names class {} which is not in `risk_classes`",
                        route.class
                    ),
                );
            }
        }
    }

    /// A `{ value: ..., sources: [...], note: ... }` field.
    fn sourced<T>(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
        value: impl FnOnce(&Self, &Node, &str, &mut Problems) -> Option<T>,
    ) -> Option<Sourced<T>> {
        let full = format!("{ctx}{key}");
        let field = self.mapping(map, key, ctx, p)?;
        self.unknown_fields(
            field,
            &["value", "sources", "note", "quotes"],
            &format!("{full}."),
            p,
        );
        let value = match field.get_node("value") {
            Some(v) => value(self, v, &format!("{full}.value"), p),
            None => {
                p.error(
                    self.at(field.span()),
                    "missing-field",
                    format!("`{full}` has no `value`"),
                );
                None
            }
        };
        let sources = self.text_list(field, "sources", &format!("{full}."), p);
        if let (Some(list), Some(Node::Sequence(seq))) = (&sources, field.get_node("sources")) {
            let mut refs = self.source_refs.borrow_mut();
            for (id, node) in list.iter().zip(seq.iter()) {
                refs.push((id.clone(), self.at(node.span())));
            }
        }
        if let Some(list) = &sources
            && list.is_empty()
        {
            p.error(
                self.at_field(field, "sources"),
                "missing-source",
                format!("`{full}.sources` is empty: name at least one source id"),
            );
        }
        let note = match field.get_node("note") {
            Some(n) => Some(self.scalar_text(n, &format!("{full}.note"), p)?),
            None => None,
        };
        self.positions.borrow_mut().fields.push(FieldAt {
            name: full.clone(),
            key: key.to_string(),
            sources: self.at_field(field, "sources"),
            value: self.at_field(field, "value"),
            note: field.get_node("note").map(|n| self.at(n.span())),
        });
        let sources = sources?;
        let quotes = self.quotes(field, &full, &sources, p);
        Some(Sourced {
            value: value?,
            sources,
            note,
            quotes,
        })
    }

    fn routes(&self, node: &Node, key: &str, p: &mut Problems) -> Option<Vec<Route>> {
        let Some(map) = node.as_mapping() else {
            self.wrong_type(node, key, "a mapping of class: route", p);
            return None;
        };
        let mut routes = Vec::new();
        let mut ok = true;
        for (class, route) in map.iter() {
            match self.scalar_text(route, &format!("{key}.{}", class.as_str()), p) {
                Some(text) => routes.push(Route {
                    class: class.as_str().to_string(),
                    route: text,
                }),
                None => ok = false,
            }
        }
        ok.then_some(routes)
    }

    /// Every source id a structured field names exists, and source ids are unique.
    fn check_source_refs(&self, fm: &FrontMatter, p: &mut Problems) {
        for (id, at) in self.source_refs.borrow().iter() {
            if !fm.sources.iter().any(|s| &s.id == id) {
                p.error(
                    *at,
                    "unknown-source",
                    format!("source `{id}` is not in `sources`"),
                );
            }
        }
    }

    fn sources(&self, top: &MarkedMappingNode, p: &mut Problems) -> Option<Vec<Source>> {
        let fields = ["id", "title", "url", "accessed", "ignore"];
        self.list_of(
            top,
            "sources",
            &fields,
            p,
            |r, map, ctx, p, earlier: &[Source]| {
                let id = r.text(map, "id", ctx, p);
                let title = r.text(map, "title", ctx, p);
                let url = r.text(map, "url", ctx, p).and_then(|u| {
                    if u.starts_with("https://") || u.starts_with("http://") {
                        return Some(u);
                    }
                    p.error(
                        r.at_field(map, "url"),
                        "invalid-url",
                        format!("`{ctx}url` must start with https:// or http:// (found `{u}`)"),
                    );
                    None
                });
                let accessed = r.date(map, "accessed", ctx, p);
                let ignore = match map.get_node("ignore") {
                    None => Some(None),
                    Some(n) => r.scalar_text(n, &format!("{ctx}ignore"), p).and_then(|pattern| {
                        match regex::Regex::new(&pattern) {
                            Ok(_) => Some(Some(pattern)),
                            Err(e) => {
                                p.error(
                                    r.at(n.span()),
                                    "invalid-ignore-pattern",
                                    format!("`{ctx}ignore` is not a valid pattern: {e}"),
                                );
                                None
                            }
                        }
                    }),
                };
                r.positions.borrow_mut().sources.push(SourceAt {
                    id: r.at_field(map, "id"),
                    accessed: r.at_field(map, "accessed"),
                });
                if let Some(id) = &id
                    && earlier.iter().any(|s| &s.id == id)
                {
                    p.error(
                        r.at_field(map, "id"),
                        "duplicate-source",
                        format!("source id `{id}` is used twice in `sources`"),
                    );
                }
                Some(Source {
                    id: id?,
                    title: title?,
                    url: url?,
                    accessed: accessed?,
                    ignore: ignore?,
                })
            },
        )
    }

    fn changelog(&self, top: &MarkedMappingNode, p: &mut Problems) -> Option<Vec<ChangeEntry>> {
        if top.get_node("changelog").is_none() {
            return Some(Vec::new());
        }
        self.list_of(
            top,
            "changelog",
            &["version", "date", "note"],
            p,
            |r, map, ctx, p, _: &[ChangeEntry]| {
                let version = r.number(map, "version", ctx, p);
                let date = r.date(map, "date", ctx, p);
                let note = r.text(map, "note", ctx, p);
                Some(ChangeEntry {
                    version: version?,
                    date: date?,
                    note: note?,
                })
            },
        )
    }

    /// A list of mappings with the given `fields`, each read by `read` (which sees the items
    /// read before it). Every item is read, so all problems are reported; the list is `None`
    /// when any item is broken.
    fn list_of<T>(
        &self,
        top: &MarkedMappingNode,
        key: &str,
        fields: &[&str],
        p: &mut Problems,
        mut read: impl FnMut(&Self, &MarkedMappingNode, &str, &mut Problems, &[T]) -> Option<T>,
    ) -> Option<Vec<T>> {
        let list = self.sequence(top, key, "", p)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in list.iter().enumerate() {
            let name = format!("{key}[{}]", i + 1);
            let Some(map) = item.as_mapping() else {
                self.wrong_type(item, &name, &format!("a mapping with {}", fields.join(", ")), p);
                ok = false;
                continue;
            };
            let ctx = format!("{name}.");
            self.unknown_fields(map, fields, &ctx, p);
            match read(self, map, &ctx, p, &out) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}
