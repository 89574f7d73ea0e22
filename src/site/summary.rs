//! The summary (概要) as the site shows it: on each report page, the same `Summary` the
//! PDF's summary page lays out (key points, registration path, indicators with their strips
//! as inline SVG, first caveat, status line); on the top page, an overview of every published
//! country with a bar chart of one indicator. Plain HTML and SVG, no script.

use super::SiteReport;
use super::text::{country_name, href};
use crate::chart::{self, svg};
use crate::html::escape;
use crate::report::{IndicatorKey, Language, Report};
use crate::summary::Summary;
use std::fmt::Write;

/// The summary section of a report page.
pub fn section(s: &Summary) -> String {
    let lb = &s.labels;
    let ja = s.language == Language::Ja;
    let mut m = String::new();
    let _ = write!(
        m,
        "<section class=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">{}</h2>\n<p class=\"summary-status\">{}</p>\n",
        escape(&lb.heading),
        escape(&lb.status_line)
    );
    if !s.key_points.is_empty() {
        let _ = write!(
            m,
            "<h3>{}</h3>\n<ul class=\"summary-points\">",
            escape(&lb.key_points)
        );
        for k in &s.key_points {
            if k.lead.is_empty() {
                let _ = write!(m, "<li>{}</li>", escape(&k.text));
            } else {
                let joined = ja || k.text.starts_with([':', ';', ',', '.', ')']);
                let _ = write!(
                    m,
                    "<li><strong>{}</strong>{}{}</li>",
                    escape(&k.lead),
                    if joined { "" } else { " " },
                    escape(&k.text)
                );
            }
        }
        m.push_str("</ul>\n");
    }
    let _ = write!(
        m,
        "<h3>{}</h3>\n<div class=\"table-wrap\"><table class=\"summary-facts\"><tbody>",
        escape(&lb.registration)
    );
    for (k, v) in [
        (&lb.regulator, &s.regulator),
        (&lb.local_representative, &s.local_representative),
        (&lb.review_time, &s.review_time),
        (&lb.validity, &s.validity),
        (&lb.assistive_products, &s.assistive_products),
    ] {
        if !v.trim().is_empty() {
            let _ = write!(
                m,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(k),
                escape(v)
            );
        }
    }
    m.push_str("</tbody></table></div>\n");
    if !s.routes.is_empty() {
        let _ = write!(
            m,
            "<div class=\"table-wrap\"><table class=\"summary-routes\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&lb.class),
            escape(&lb.route)
        );
        for r in &s.routes {
            let _ = write!(
                m,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&r.class),
                escape(&r.route)
            );
        }
        m.push_str("</tbody></table></div>\n");
        for note in crate::summary::group_notes(s) {
            let _ = writeln!(m, "<p class=\"rank-note\">{}</p>", escape(note));
        }
    }
    if !s.indicators.is_empty() {
        let (h_label, h_value, h_rank, h_chart) = if ja {
            ("指標", "値（年）", "順位", "比較（濃い色が当該国）")
        } else {
            (
                "Indicator",
                "Value (year)",
                "Rank",
                "Compared (dark: this country)",
            )
        };
        let _ = write!(
            m,
            "<h3 id=\"summary-indicators\">{}</h3>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"summary-indicators\" tabindex=\"0\"><table class=\"summary-indicators\"><thead><tr><th scope=\"col\">{h_label}</th><th scope=\"col\">{h_value}</th><th scope=\"col\">{h_rank}</th><th scope=\"col\">{h_chart}</th></tr></thead><tbody>",
            escape(&lb.indicators)
        );
        let strips = crate::summary::strip_svgs(s, "summary-strip", 160.0, 12.0);
        for (i, strip) in s.indicators.iter().zip(strips) {
            let value = match (&i.value, i.year) {
                (Some(v), Some(y)) if ja => format!("{v}（{y}年）"),
                (Some(v), Some(y)) => format!("{v} ({y})"),
                (Some(v), None) => v.clone(),
                (None, _) => "—".to_string(),
            };
            let note = match (&i.value, &i.note) {
                (None, Some(n)) => format!("<span class=\"cell-note\">{}</span>", escape(n)),
                _ => String::new(),
            };
            let rank = match (i.rank, ja) {
                (Some((r, n)), true) => format!("{}の{n}か国中{r}位", i.group),
                (Some((r, n)), false) => format!("{r} of {n} ({})", i.group),
                (None, _) => String::new(),
            };
            let _ = write!(
                m,
                "<tr><th scope=\"row\">{}</th><td class=\"value\">{}{note}</td><td class=\"rank\">{}</td><td class=\"strip\">{}</td></tr>",
                escape(&i.label),
                escape(&value),
                escape(&rank),
                strip.unwrap_or_default()
            );
        }
        m.push_str("</tbody></table></div>\n");
        for note in crate::summary::group_notes(s) {
            let _ = writeln!(m, "<p class=\"rank-note\">{}</p>", escape(note));
        }
    }
    if let Some(c) = &s.first_caveat {
        let _ = write!(m, "<h3>{}</h3>\n<p>{}</p>\n", escape(&lb.caveat), escape(c));
    }
    m.push_str("</section>\n");
    m
}

/// The top page's overview: one card per published country (its Japanese edition when there
/// is one), and health expenditure per capita compared as a bar chart.
pub fn overview(reports: &[&SiteReport]) -> String {
    let mut cards: Vec<&SiteReport> = Vec::new();
    for r in reports {
        let country = &r.published.report.meta.country;
        if cards.iter().any(|c| &c.published.report.meta.country == country) {
            continue;
        }
        let ja = reports
            .iter()
            .find(|o| {
                &o.published.report.meta.country == country
                    && o.published.report.meta.language == Language::Ja
            })
            .copied()
            .unwrap_or(r);
        cards.push(ja);
    }
    if cards.is_empty() {
        return String::new();
    }
    let mut m = String::from(
        "<section class=\"overview\" aria-labelledby=\"overview-title\">\n<h2 id=\"overview-title\">掲載国の概観</h2>\n<ul class=\"overview-cards\">",
    );
    for r in &cards {
        let rep = &r.published.report;
        let _ = write!(
            m,
            "<li><a href=\"{}\"><span class=\"name\">{}</span> <span class=\"code\">{}</span></a>\
<span class=\"meta\">第 {} 版・{} 公開</span><span class=\"meta\">内容の更新日 {}</span><span class=\"meta\">要確認 {} 件</span></li>",
            href(&r.page),
            escape(&country_name(&rep.meta.country)),
            escape(&rep.meta.country),
            r.published.version,
            r.published.date,
            rep.meta.updated,
            rep.to_verify.len()
        );
    }
    m.push_str("</ul>\n");
    let library: Vec<&Report> = cards.iter().map(|r| &r.published.report).collect();
    let c = chart::indicator_chart(
        &library,
        IndicatorKey::HealthExpenditurePerCapita,
        &[],
        Language::Ja,
    );
    if !c.bars.is_empty() {
        let drawing = chart::bar_chart(&c, 640.0, 11.0);
        let _ = writeln!(
            m,
            "<figure class=\"overview-chart\">{}<figcaption>各レポートの市場指標より（出典は各レポートに記載）</figcaption></figure>",
            svg::render(
                &drawing,
                &svg::SvgOptions {
                    id: "overview-chart",
                    standalone: false,
                }
            )
        );
    }
    m.push_str("</section>\n");
    m
}
