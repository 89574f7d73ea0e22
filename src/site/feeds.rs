//! Discovery files: the Atom feed of published versions (`feed.xml`), the page listing them
//! (`updates.html`), and, when the site's base URL is known, `sitemap.xml` and `robots.txt`
//! (the sitemap protocol takes absolute addresses only).

use super::SiteReport;
use super::pages::{self, Nav, SITE_NAME};
use super::text::href;
use crate::html::escape;
use chrono::NaiveDate;
use std::fmt::Write;

/// One published version: the report (its current page) and a changelog entry.
struct Version<'a> {
    report: &'a SiteReport,
    version: u32,
    date: NaiveDate,
    note: &'a str,
}

/// Every published version of the site's reports, newest first (then by report order).
fn versions<'a>(reports: &[&'a SiteReport]) -> Vec<Version<'a>> {
    let mut out: Vec<(usize, Version<'a>)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let p = &r.published;
        let mut has_current = false;
        for c in &p.report.meta.changelog {
            if c.version > p.version {
                continue; // a later draft's entry: not published
            }
            has_current |= c.version == p.version;
            out.push((
                i,
                Version {
                    report: r,
                    version: c.version,
                    date: c.date,
                    note: &c.note,
                },
            ));
        }
        if !has_current {
            out.push((
                i,
                Version {
                    report: r,
                    version: p.version,
                    date: p.date,
                    note: "",
                },
            ));
        }
    }
    out.sort_by(|(ia, a), (ib, b)| {
        b.date
            .cmp(&a.date)
            .then(ia.cmp(ib))
            .then(b.version.cmp(&a.version))
    });
    out.into_iter().map(|(_, v)| v).collect()
}

/// The newest publication date on the site, if any: the feed's and the site's date.
pub fn site_date(reports: &[&SiteReport]) -> Option<NaiveDate> {
    reports.iter().map(|r| r.published.date).max()
}

fn link(base: Option<&str>, path: &str) -> String {
    format!("{}{}", base.unwrap_or(""), href(path))
}

/// The Atom feed (RFC 4287). Without a base URL its links are relative to the feed, which
/// Atom allows, and ids are URNs.
pub fn atom(reports: &[&SiteReport], base: Option<&str>) -> String {
    let updated = site_date(reports).map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let id = |suffix: &str| match base {
        Some(b) => format!("{b}{suffix}"),
        None => format!("urn:kuni-site:{suffix}"),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n\
<title>{} 更新情報</title>\n<id>{}</id>\n<updated>{updated}T00:00:00Z</updated>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n",
        escape(SITE_NAME),
        escape(&id("feed.xml")),
        escape(&link(base, "feed.xml")),
        escape(&link(base, "updates.html")),
        escape(SITE_NAME),
    );
    for v in versions(reports) {
        let rep = &v.report.published.report;
        let current = v.version == v.report.published.version;
        let title = if rep.meta.language == crate::report::Language::Ja {
            format!("{} 第 {} 版", rep.meta.title, v.version)
        } else {
            format!("{} v{}", rep.meta.title, v.version)
        };
        let _ = write!(
            s,
            "<entry xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<updated>{d}T00:00:00Z</updated>\n\
<published>{d}T00:00:00Z</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            rep.meta.language.code(),
            escape(&title),
            escape(&id(&format!(
                "{}{}v{}",
                href(&v.report.page),
                if base.is_some() { "#" } else { ":" },
                v.version
            ))),
            escape(&link(base, &v.report.page)),
            d = v.date,
        );
        if current {
            let _ = writeln!(
                s,
                "<link rel=\"enclosure\" type=\"application/pdf\" length=\"{}\" href=\"{}\"/>",
                v.report.pdf_size,
                escape(&link(base, &v.report.pdf_path)),
            );
        }
        for a in &rep.meta.authors {
            let _ = writeln!(s, "<author><name>{}</name></author>", escape(a));
        }
        let summary = if v.note.is_empty() {
            format!("第 {} 版を公開しました。", v.version)
        } else {
            v.note.to_string()
        };
        let _ = write!(s, "<summary>{}</summary>\n</entry>\n", escape(&summary));
    }
    s.push_str("</feed>\n");
    s
}

/// The page of published versions, newest first, with links to the reports and PDFs.
pub fn updates_page(reports: &[&SiteReport], base: Option<&str>) -> String {
    let mut m = String::from(
        "<h1>更新履歴</h1>\n<p class=\"lead\">公開したレポートの版を新しい順に示します。\
同じ内容を <a href=\"feed.xml\">Atom フィード</a>でも配信しています。</p>\n",
    );
    let all = versions(reports);
    if all.is_empty() {
        m.push_str("<p>公開済みのレポートはまだありません。</p>\n");
    } else {
        m.push_str(
            "<div class=\"table-wrap\"><table class=\"history-table\"><caption class=\"visually-hidden\">公開した版の一覧</caption>\
<thead><tr><th scope=\"col\">公開日</th><th scope=\"col\">レポート</th><th scope=\"col\">版</th><th scope=\"col\">改訂の内容</th></tr></thead><tbody>",
        );
        for v in &all {
            let rep = &v.report.published.report;
            let current = v.version == v.report.published.version;
            let _ = write!(
                m,
                "<tr><td><time datetime=\"{d}\">{d}</time></td><td lang=\"{}\"><a href=\"{}\">{}</a></td><td>第 {} 版{}</td><td>{}</td></tr>",
                rep.meta.language.code(),
                href(&v.report.page),
                escape(&rep.meta.title),
                v.version,
                if current {
                    format!(
                        "（現行・<a href=\"{}\" download>PDF</a>）",
                        href(&v.report.pdf_path)
                    )
                } else {
                    String::new()
                },
                escape(v.note),
                d = v.date,
            );
        }
        m.push_str("</tbody></table></div>\n");
    }
    pages::frame(
        "",
        "ja",
        "更新履歴",
        Nav::Report,
        &m,
        &[],
        &pages::page_head("updates.html", base),
    )
}

/// `sitemap.xml`: every page with its last modification (the newest publication for the
/// site's own pages).
pub fn sitemap(reports: &[&SiteReport], base: &str) -> String {
    let date = site_date(reports).map_or_else(String::new, |d| d.to_string());
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, modified: &str| {
        let _ = write!(s, "<url><loc>{}</loc>", escape(&link(Some(base), path)));
        if !modified.is_empty() {
            let _ = write!(s, "<lastmod>{modified}</lastmod>");
        }
        s.push_str("</url>\n");
    };
    for p in ["index.html", "compare.html", "updates.html", "accessibility.html"] {
        url(p, &date);
    }
    for r in reports {
        url(&r.page, &r.published.date.to_string());
    }
    s.push_str("</urlset>\n");
    s
}

/// `robots.txt` pointing at the sitemap.
pub fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
}
