//! The optional `indicators:` block: `{ value, unit, year, sources, note }` per key, each
//! checked where it stands so `kuni check` points at the bad number, unit or year.

use super::Reader;
use crate::problem::Problems;
use crate::report::citations::FieldAt;
use crate::report::schema::{Indicator, IndicatorKey, Measure};
use chrono::Datelike;
use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;

const INDICATOR_FIELDS: &[&str] = &["value", "unit", "year", "sources", "note", "quotes"];

/// The oldest data year accepted: older figures say nothing about today's market.
const FIRST_YEAR: i32 = 1990;

impl Reader {
    /// The block's indicators in display order; an absent block is an empty list. A bad
    /// indicator is reported and left out, never the whole report: the figures are context,
    /// and the report's regulation must still reach the reader.
    pub(super) fn indicators(&self, top: &MarkedMappingNode, p: &mut Problems) -> Vec<Indicator> {
        let Some(node) = top.get_node("indicators") else {
            return Vec::new();
        };
        let Some(map) = node.as_mapping() else {
            self.wrong_type(
                node,
                "indicators",
                "a mapping of indicator: { value, unit, year, sources }",
                p,
            );
            return Vec::new();
        };
        for key in map.keys() {
            if IndicatorKey::from_code(key.as_str()).is_none() {
                let known: Vec<&str> = IndicatorKey::ALL.iter().map(|k| k.code()).collect();
                p.warning(
                    self.at(key.span()),
                    "unknown-field",
                    format!(
                        "unknown indicator `indicators.{}`; the indicators are {}",
                        key.as_str(),
                        known.join(", ")
                    ),
                );
            }
        }
        IndicatorKey::ALL
            .into_iter()
            .filter_map(|key| self.indicator(key, map.get_node(key.code())?, p))
            .collect()
    }

    fn indicator(&self, key: IndicatorKey, node: &Node, p: &mut Problems) -> Option<Indicator> {
        let name = format!("indicators.{}", key.code());
        let Some(field) = node.as_mapping() else {
            self.wrong_type(node, &name, "a mapping { value, unit, year, sources, note }", p);
            return None;
        };
        self.unknown_fields(field, INDICATOR_FIELDS, &format!("{name}."), p);
        let measure = key.measure();
        let mut ok = self.indicator_unit(field, &name, measure, p);
        let value = match field.get_node("value") {
            Some(v) => {
                let parsed = self.indicator_value(v, &name, measure, p);
                ok &= parsed.is_some();
                parsed
            }
            None => None,
        };
        let year = match field.get_node("year") {
            Some(y) => {
                let parsed = self.indicator_year(y, &name, p);
                ok &= parsed.is_some();
                parsed
            }
            None => None,
        };
        let sources = match field.get_node("sources") {
            Some(_) => self.text_list(field, "sources", &format!("{name}."), p),
            None => Some(Vec::new()),
        };
        ok &= sources.is_some();
        let sources = sources.unwrap_or_default();
        if let Some(Node::Sequence(seq)) = field.get_node("sources") {
            let mut refs = self.source_refs.borrow_mut();
            for (id, node) in sources.iter().zip(seq.iter()) {
                refs.push((id.clone(), self.at(node.span())));
            }
        }
        let note = match field.get_node("note") {
            Some(n) => {
                let text = self.scalar_text(n, &format!("{name}.note"), p);
                ok &= text.is_some();
                text
            }
            None => None,
        };
        let at = self.at(field.span());
        if value.is_some() {
            if sources.is_empty() {
                p.error(
                    self.at_field(field, "sources"),
                    "missing-source",
                    format!("`{name}` has a value but no `sources`: name the source that states the figure"),
                );
            }
            if field.get_node("year").is_none() {
                p.error(
                    at,
                    "missing-field",
                    format!("`{name}` has a value but no `year`: write the year the figure is for"),
                );
            }
        } else if note.is_none() && field.get_node("value").is_none() {
            p.warning(
                at,
                "indicator-without-value",
                format!("`{name}` has no `value` and no `note`: give the figure, or say in a note why it is missing (要確認：…)"),
            );
        }
        self.positions.borrow_mut().fields.push(FieldAt {
            name: name.clone(),
            key: name.clone(),
            sources: self.at_field(field, "sources"),
            value: self.at_field(field, "value"),
            note: field.get_node("note").map(|n| self.at(n.span())),
        });
        let quotes = self.quotes(field, &name, &sources, p);
        ok.then_some(Indicator {
            key,
            value,
            year,
            sources,
            note,
            quotes,
        })
    }

    /// The unit must be there and be the one the key counts in, so bars compare like with like.
    fn indicator_unit(
        &self,
        field: &MarkedMappingNode,
        name: &str,
        measure: Measure,
        p: &mut Problems,
    ) -> bool {
        let expected = measure.unit();
        let Some(node) = field.get_node("unit") else {
            p.error(
                self.at(field.span()),
                "missing-unit",
                format!("`{name}` has no `unit`: write `unit: \"{expected}\"`"),
            );
            return false;
        };
        let Some(unit) = self.scalar_text(node, &format!("{name}.unit"), p) else {
            return false;
        };
        if unit != expected {
            p.error(
                self.at(node.span()),
                "invalid-unit",
                format!("`{name}.unit` must be `{expected}` (found `{unit}`); convert the figure if the source uses another unit"),
            );
            return false;
        }
        true
    }

    fn indicator_value(&self, node: &Node, name: &str, measure: Measure, p: &mut Problems) -> Option<f64> {
        let key = format!("{name}.value");
        let scalar = self.scalar(node, &key, "a number", p)?;
        let text = scalar.as_str().trim();
        let Some(value) = text.parse::<f64>().ok().filter(|v| v.is_finite()) else {
            let hint = if text.contains(',') {
                " (write it without thousands separators)"
            } else {
                ""
            };
            p.error(
                self.at(node.span()),
                "invalid-value",
                format!("`{key}` must be a number{hint} (found `{text}`)"),
            );
            return None;
        };
        let max = match measure {
            Measure::Percent => 100.0,
            _ => f64::MAX,
        };
        if !(0.0..=max).contains(&value) {
            let range = match measure {
                Measure::Percent => "from 0 to 100",
                _ => "zero or more",
            };
            p.error(
                self.at(node.span()),
                "invalid-value",
                format!("`{key}` must be {range} (found `{text}`)"),
            );
            return None;
        }
        Some(value)
    }

    fn indicator_year(&self, node: &Node, name: &str, p: &mut Problems) -> Option<i32> {
        let key = format!("{name}.year");
        let scalar = self.scalar(node, &key, "a year", p)?;
        let text = scalar.as_str().trim();
        let this_year = self.today.year();
        match text.parse::<i32>() {
            Ok(y) if (FIRST_YEAR..=this_year).contains(&y) => Some(y),
            _ => {
                p.error(
                    self.at(node.span()),
                    "invalid-value",
                    format!("`{key}` must be a year from {FIRST_YEAR} to {this_year} (found `{text}`)"),
                );
                None
            }
        }
    }
}
