//! The activity figures of the yearly report to the ministry: consultations by month of
//! receipt, by country and by topic, and the days from receipt to answer (median and 90th
//! percentile, nearest rank).

use super::Meta;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Count {
    /// The month (`2026-04`), country code or topic.
    pub key: String,
    /// How many consultations.
    pub count: usize,
}

/// The figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ConsultStats"))]
pub struct Stats {
    /// Consultations counted.
    pub total: usize,
    /// Of them, answered.
    pub answered: usize,
    /// By month of receipt, oldest first.
    pub by_month: Vec<Count>,
    /// By country (a consultation about two countries counts for each), most first.
    pub by_country: Vec<Count>,
    /// By topic, in the order of the topic list.
    pub by_topic: Vec<Count>,
    /// Median days from receipt to answer.
    pub median_days: Option<f64>,
    /// 90th percentile of the same (nearest rank).
    pub p90_days: Option<f64>,
}

/// The figures of `records`.
pub fn of<'a>(records: impl IntoIterator<Item = &'a Meta>) -> Stats {
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    let mut topics: BTreeMap<String, usize> = BTreeMap::new();
    let mut days: Vec<i64> = Vec::new();
    let mut total = 0;
    for m in records {
        total += 1;
        *months.entry(m.received.format("%Y-%m").to_string()).or_default() += 1;
        for c in &m.countries {
            *countries.entry(c.clone()).or_default() += 1;
        }
        for t in &m.topics {
            *topics.entry(t.clone()).or_default() += 1;
        }
        if let Some(a) = m.answered {
            days.push((a - m.received).num_days());
        }
    }
    days.sort_unstable();
    let mut by_country: Vec<Count> = countries
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    by_country.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    Stats {
        total,
        answered: days.len(),
        by_month: months
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        by_country,
        by_topic: super::TOPICS
            .iter()
            .map(|t| Count {
                key: t.to_string(),
                count: topics.get(*t).copied().unwrap_or(0),
            })
            .collect(),
        median_days: median(&days),
        p90_days: nearest_rank(&days, 0.9),
    }
}

fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

fn nearest_rank(sorted: &[i64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1] as f64)
}

/// The figures as CSV (`kind,key,value`), for a spreadsheet.
pub fn to_csv(s: &Stats) -> String {
    let mut out = String::from("kind,key,value\n");
    out.push_str(&format!("total,,{}\nanswered,,{}\n", s.total, s.answered));
    for (kind, rows) in [
        ("month", &s.by_month),
        ("country", &s.by_country),
        ("topic", &s.by_topic),
    ] {
        for r in rows {
            out.push_str(&format!("{kind},{},{}\n", r.key, r.count));
        }
    }
    let fmt = |v: Option<f64>| v.map(|d| d.to_string()).unwrap_or_default();
    out.push_str(&format!("days_to_answer,median,{}\n", fmt(s.median_days)));
    out.push_str(&format!("days_to_answer,p90,{}\n", fmt(s.p90_days)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_the_nearest_rank_and_the_median_averages_the_middle_pair() {
        assert_eq!(median(&[1, 2, 3, 10]), Some(2.5));
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), Some(9.0));
        assert_eq!(nearest_rank(&[1, 2, 3], 0.9), Some(3.0));
        assert_eq!(nearest_rank(&[], 0.9), None);
    }
}
