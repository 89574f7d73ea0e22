//! The site's HTML pages. Every page shares one frame (header with navigation and a search
//! box, main landmark, footer), loads only files of the site, and has no inline script or
//! style, so the Content-Security-Policy can be `default-src 'self'`.

use super::SiteReport;
use super::text::{country_name, href};
use crate::compare::Matrix;
use crate::html::escape;
use crate::report::Language;
use std::fmt::Write;

/// The policy of every page: nothing but the site's own files, no plugins, no `<base>`.
pub const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The site's name, in the header and every title.
pub const SITE_NAME: &str = "医療機器・ヘルスケア カントリーレポート";

/// Navigation targets, to mark the current page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The top page.
    Top,
    /// The comparison matrix.
    Compare,
    /// Search.
    Search,
    /// A report (no navigation item).
    Report,
}

/// What a page's `<head>` says about the page itself: its address when the site's base URL
/// is known (canonical, OpenGraph) and its other language editions (`hreflang`).
#[derive(Default)]
pub struct Head {
    /// The page's path from the site root (`reports/vn.ja.html`).
    pub path: String,
    /// `og:type`: `website` or `article`.
    pub kind: &'static str,
    /// The site's base URL, ending in `/`, when the user gave one (`kuni site --base-url`).
    pub base_url: Option<String>,
    /// Language editions of the page, itself included: (language code, path from the root).
    pub editions: Vec<(String, String)>,
}

impl Head {
    /// A link from the page at `prefix` to `path`: absolute when the base URL is known.
    fn url(&self, prefix: &str, path: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{}", href(path)),
            None => format!("{prefix}{}", href(path)),
        }
    }

    fn html(&self, prefix: &str, lang: &str, title: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{}\" title=\"更新情報（Atom）\">",
            self.url(prefix, "feed.xml")
        );
        if self.editions.len() > 1 {
            for (code, path) in &self.editions {
                let _ = writeln!(
                    s,
                    "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                    escape(code),
                    self.url(prefix, path)
                );
            }
        }
        if let Some(base) = &self.base_url {
            let url = format!("{base}{}", href(&self.path));
            let locale = if lang == "en" { "en_US" } else { "ja_JP" };
            let _ = write!(
                s,
                "<link rel=\"canonical\" href=\"{url}\">\n\
<meta property=\"og:type\" content=\"{}\">\n<meta property=\"og:title\" content=\"{}\">\n\
<meta property=\"og:url\" content=\"{url}\">\n<meta property=\"og:site_name\" content=\"{SITE_NAME}\">\n\
<meta property=\"og:locale\" content=\"{locale}\">\n",
                if self.kind.is_empty() {
                    "website"
                } else {
                    self.kind
                },
                escape(title),
            );
        }
        s
    }
}

/// The frame around a page's main content. `prefix` leads from the page to the site root
/// (`""` or `"../"`).
pub fn frame(
    prefix: &str,
    lang: &str,
    title: &str,
    nav: Nav,
    main: &str,
    scripts: &[&str],
    head: &Head,
) -> String {
    let mut s = String::with_capacity(main.len() + 4096);
    let full_title = if nav == Nav::Top {
        SITE_NAME.to_string()
    } else {
        format!("{title} | {SITE_NAME}")
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<title>{}</title>\n<link rel=\"stylesheet\" href=\"{prefix}assets/site.css\">\n",
        escape(&full_title)
    );
    s.push_str(&head.html(prefix, lang, &full_title));
    for src in scripts {
        let _ = writeln!(s, "<script src=\"{prefix}assets/{src}\" defer></script>");
    }
    let current = |n: Nav| if n == nav { " aria-current=\"page\"" } else { "" };
    let _ = write!(
        s,
        "</head>\n<body>\n<a class=\"skip\" href=\"#main\" lang=\"ja\">本文へ移動</a>\n\
<header class=\"site-header\" lang=\"ja\"><div class=\"wrap\">\n\
<a class=\"brand\" href=\"{prefix}index.html\">{SITE_NAME}</a>\n\
<nav class=\"site-nav\" aria-label=\"サイト内\"><ul>\
<li><a href=\"{prefix}index.html\"{}>国・地域一覧</a></li>\
<li><a href=\"{prefix}compare.html\"{}>薬事制度の比較表</a></li>\
<li><a href=\"{prefix}search.html\"{}>検索</a></li></ul></nav>\n\
<form class=\"search-form\" role=\"search\" action=\"{prefix}search.html\" method=\"get\">\
<label for=\"site-q\" class=\"visually-hidden\">サイト内検索</label>\
<input id=\"site-q\" name=\"q\" type=\"search\" placeholder=\"キーワード（例：流通登録番号）\">\
<button type=\"submit\">検索</button></form>\n</div></header>\n\
<main id=\"main\"><div class=\"wrap\">\n{main}\n</div></main>\n\
<footer class=\"site-footer\" lang=\"ja\"><div class=\"wrap\"><p>公開済みの版のみを掲載しています。\
各レポートの PDF が正式な納品版です。このサイトは Kuni で作成され、外部への通信を行いません。</p>\
<ul class=\"footer-links\"><li><a href=\"{prefix}updates.html\">更新履歴</a></li>\
<li><a href=\"{prefix}feed.xml\">更新情報（Atom フィード）</a></li>\
<li><a href=\"{prefix}accessibility.html\">アクセシビリティ方針</a></li></ul></div></footer>\n\
</body>\n</html>\n",
        current(Nav::Top),
        current(Nav::Compare),
        current(Nav::Search),
    );
    s
}

/// The anchor of a region's section on the top page.
fn region_id(region: &str) -> String {
    format!(
        "region-{}",
        region.split_whitespace().collect::<Vec<_>>().join("-")
    )
}

fn size_label(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn edition_label(lang: Language) -> &'static str {
    match lang {
        Language::Ja => "日本語版",
        Language::En => "English edition",
    }
}

/// The top page: regions, then countries with their editions.
pub fn index(groups: &[(String, Vec<Vec<&SiteReport>>)], base: Option<&str>) -> String {
    let mut m = String::new();
    let count: usize = groups.iter().flat_map(|(_, c)| c).map(Vec::len).sum();
    let _ = write!(
        m,
        "<h1>{SITE_NAME}</h1>\n<p class=\"lead\">日本の医療機器・ヘルスケア企業の海外展開を支援するため、\
国ごとの薬事制度と市場の状況をまとめたレポートです。公開済みのレポート {count} 件を地域別に掲載しています。\
国をまたいだ比較は<a href=\"compare.html\">薬事制度の比較表</a>をご覧ください。</p>\n"
    );
    if groups.is_empty() {
        m.push_str("<p>公開済みのレポートはまだありません。</p>\n");
    }
    let all: Vec<&SiteReport> = groups
        .iter()
        .flat_map(|(_, c)| c.iter().flatten().copied())
        .collect();
    m.push_str(&super::summary::overview(&all));
    for (region, countries) in groups {
        let rid = region_id(region);
        let _ = write!(
            m,
            "<section class=\"region\" aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{1}</h2>\n<ul class=\"cards\">\n",
            escape(&rid),
            escape(region)
        );
        for editions in countries {
            let Some(first) = editions.first() else { continue };
            let code = &first.published.report.meta.country;
            let _ = write!(
                m,
                "<li class=\"card\"><h3>{}<span class=\"code\">{}</span></h3>\n<ul class=\"editions\">",
                escape(&country_name(code)),
                escape(code)
            );
            for r in editions {
                let meta = &r.published.report.meta;
                let _ = write!(
                    m,
                    "<li lang=\"{lang}\"><a href=\"{page}\">{title}</a><br><span class=\"meta\">{edition}・第 {v} 版・{date} 公開</span><br>\
<a class=\"meta\" href=\"{pdf}\" download>PDF（{size}）</a></li>",
                    lang = meta.language.code(),
                    page = href(&r.page),
                    title = escape(&meta.title),
                    edition = edition_label(meta.language),
                    v = r.published.version,
                    date = r.published.date,
                    pdf = href(&r.pdf_path),
                    size = size_label(r.pdf_size),
                );
            }
            m.push_str("</ul></li>\n");
        }
        m.push_str("</ul>\n</section>\n");
    }
    frame(
        "",
        "ja",
        SITE_NAME,
        Nav::Top,
        &m,
        &[],
        &page_head("index.html", base),
    )
}

/// One report's page: particulars, downloads, contents, the body and its revision history.
pub fn report(r: &SiteReport, editions: &[&SiteReport], base: Option<&str>) -> String {
    let rep = &r.published.report;
    let meta = &rep.meta;
    let ja = meta.language == Language::Ja;
    let mut m = String::new();
    let _ = write!(
        m,
        "<nav class=\"breadcrumb\" aria-label=\"現在位置\" lang=\"ja\"><ol><li><a href=\"../index.html\">国・地域一覧</a></li>\
<li><a href=\"../index.html#{}\">{}</a></li><li>{}</li></ol></nav>",
        href(&region_id(&r.region)),
        escape(&r.region),
        escape(&country_name(&meta.country))
    );
    let _ = write!(
        m,
        "<div class=\"report-layout\">\n<div class=\"report-main\">\n<h1>{}</h1>\n",
        escape(&meta.title)
    );
    let (l_country, l_region, l_version, l_published, l_updated, l_authors) = if ja {
        ("国", "地域", "版", "公開日", "内容の更新日", "執筆")
    } else {
        ("Country", "Region", "Version", "Published", "Updated", "Authors")
    };
    let _ = write!(
        m,
        "<dl class=\"particulars\"><dt>{l_country}</dt><dd>{} ({})</dd><dt>{l_region}</dt><dd>{}</dd>\
<dt>{l_version}</dt><dd>{}</dd><dt>{l_published}</dt><dd><time datetime=\"{date}\">{date}</time></dd>\
<dt>{l_updated}</dt><dd><time datetime=\"{upd}\">{upd}</time></dd><dt>{l_authors}</dt><dd>{}</dd></dl>",
        escape(&country_name(&meta.country)),
        escape(&meta.country),
        escape(&meta.region),
        if ja {
            format!("第 {} 版", r.published.version)
        } else {
            format!("v{}", r.published.version)
        },
        escape(&meta.authors.join("、")),
        date = r.published.date,
        upd = meta.updated,
    );
    let _ = write!(
        m,
        "<p class=\"downloads\"><a class=\"button\" href=\"../{}\" download>{}（{}）</a>",
        href(&r.pdf_path),
        if ja {
            "PDF をダウンロード"
        } else {
            "Download the PDF"
        },
        size_label(r.pdf_size)
    );
    for e in editions.iter().filter(|e| e.published.report.id != rep.id) {
        let em = &e.published.report.meta;
        let _ = write!(
            m,
            "<a class=\"button secondary\" href=\"../{}\" lang=\"{}\">{}</a>",
            href(&e.page),
            em.language.code(),
            edition_label(em.language)
        );
    }
    m.push_str("</p>\n");
    m.push_str(&r.summary_html);
    let _ = write!(
        m,
        "<article class=\"report-body\" aria-labelledby=\"report-title\">\n<h2 id=\"report-title\" class=\"visually-hidden\">{}</h2>\n{}\n",
        if ja { "本文" } else { "Report" },
        r.body_html
    );
    if !meta.changelog.is_empty() {
        let (h, v, d, n) = if ja {
            ("改訂履歴", "版", "日付", "内容")
        } else {
            ("Revision history", "Version", "Date", "Changes")
        };
        let _ = write!(
            m,
            "<h2 id=\"kuni-revisions\">{h}</h2>\n<div class=\"table-wrap\"><table class=\"history-table\"><thead><tr><th scope=\"col\">{v}</th><th scope=\"col\">{d}</th><th scope=\"col\">{n}</th></tr></thead><tbody>"
        );
        for c in meta.changelog.iter().rev() {
            let _ = write!(
                m,
                "<tr><td>v{}</td><td><time datetime=\"{d}\">{d}</time></td><td>{}</td></tr>",
                c.version,
                escape(&c.note),
                d = c.date
            );
        }
        m.push_str("</tbody></table></div>\n");
    }
    m.push_str("</article>\n</div>\n");
    // Contents after the text in the source (reading order), beside it on wide screens.
    let _ = write!(
        m,
        "<nav class=\"toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">{}</h2><ol>",
        if ja { "目次" } else { "Contents" }
    );
    for h in rep.doc.headings().iter().filter(|h| (2..=3).contains(&h.level)) {
        let _ = write!(
            m,
            "<li class=\"level-{}\"><a href=\"#{}\">{}</a></li>",
            h.level,
            href(&h.id),
            escape(&h.text)
        );
    }
    if !meta.changelog.is_empty() {
        let _ = write!(
            m,
            "<li class=\"level-2\"><a href=\"#kuni-revisions\">{}</a></li>",
            if ja { "改訂履歴" } else { "Revision history" }
        );
    }
    m.push_str("</ol></nav>\n</div>\n");
    let head = Head {
        path: r.page.clone(),
        kind: "article",
        base_url: base.map(str::to_string),
        editions: editions
            .iter()
            .map(|e| {
                (
                    e.published.report.meta.language.code().to_string(),
                    e.page.clone(),
                )
            })
            .collect(),
    };
    frame(
        "../",
        meta.language.code(),
        &meta.title,
        Nav::Report,
        &m,
        &["search-core.js", "highlight.js"],
        &head,
    )
}

/// The comparison matrix of the published Japanese editions.
pub fn compare(matrix: &Matrix, pages: &[(String, String)], base: Option<&str>) -> String {
    let mut m = String::from(
        "<h1>薬事制度の比較表</h1>\n<p class=\"lead\">公開済みの日本語版レポートの構造化項目を国ごとに並べています。\
各欄の下に補足（要確認事項）と情報源を示します。表は横にスクロールできます。</p>\n",
    );
    if matrix.columns.is_empty() {
        m.push_str("<p>公開済みのレポートはまだありません。</p>\n");
        return frame(
            "",
            "ja",
            "薬事制度の比較表",
            Nav::Compare,
            &m,
            &[],
            &page_head("compare.html", base),
        );
    }
    m.push_str(
        "<div class=\"matrix-wrap\" role=\"region\" aria-labelledby=\"matrix-caption\" tabindex=\"0\">\
<table class=\"matrix\"><caption id=\"matrix-caption\" class=\"visually-hidden\">国別の薬事制度の比較</caption><thead><tr><th scope=\"col\">項目</th>",
    );
    for (c, (_, page)) in matrix.columns.iter().zip(pages) {
        let _ = write!(
            m,
            "<th scope=\"col\"><a href=\"{}\">{}</a></th>",
            href(page),
            escape(&country_name(&c.country))
        );
    }
    m.push_str("</tr></thead><tbody>");
    for row in &matrix.rows {
        let _ = write!(m, "<tr><th scope=\"row\">{}</th>", escape(row.label_ja));
        for cell in &row.cells {
            m.push_str("<td>");
            m.push_str(&escape(&cell.text).replace('\n', "<br>"));
            if let Some(note) = &cell.note {
                let _ = write!(m, "<span class=\"cell-note\">{}</span>", escape(note));
            }
            if !cell.sources.is_empty() {
                m.push_str("<span class=\"cell-sources\">出典：");
                for s in &cell.sources {
                    match crate::html::safe_url(&s.url).filter(|u| u.starts_with("http")) {
                        Some(url) => {
                            let _ = write!(
                                m,
                                "<a href=\"{}\" title=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                                escape(url),
                                escape(&s.title),
                                escape(&s.id)
                            );
                        }
                        None => {
                            let _ = write!(
                                m,
                                "<span title=\"{}\">{}</span> ",
                                escape(&s.title),
                                escape(&s.id)
                            );
                        }
                    }
                }
                m.push_str("</span>");
            }
            m.push_str("</td>");
        }
        m.push_str("</tr>");
    }
    m.push_str("</tbody></table></div>\n");
    frame(
        "",
        "ja",
        "薬事制度の比較表",
        Nav::Compare,
        &m,
        &[],
        &page_head("compare.html", base),
    )
}

/// The head of a top-level page of the site.
pub fn page_head(path: &str, base: Option<&str>) -> Head {
    Head {
        path: path.to_string(),
        kind: "website",
        base_url: base.map(str::to_string),
        editions: Vec::new(),
    }
}

/// The search page; the scripts fill in the results.
pub fn search(base: Option<&str>) -> String {
    let m = "<div class=\"search-page\">\n<h1>検索</h1>\n\
<form action=\"search.html\" method=\"get\" role=\"search\"><label for=\"search-page-q\">検索語</label>\
<input id=\"search-page-q\" name=\"q\" type=\"search\" aria-describedby=\"search-help\" placeholder=\"例：流通登録番号、現地代理人、ISO 13485\">\
<button class=\"button\" type=\"submit\">検索</button></form>\n\
<details id=\"search-help\" class=\"search-help\"><summary>検索の書き方</summary><ul>\
<li>空白で区切った語は、すべてを含む箇所を探します（例：<code>登録 期間</code>）。</li>\
<li>語句そのものは \"…\" または 「…」 で囲みます（例：<code>「現地代理人」</code>）。</li>\
<li><code>A OR B</code> はどちらかを含む箇所、<code>-語</code> はその語を含まない箇所です。</li>\
<li><code>country:VN</code>、<code>region:アフリカ</code>、<code>lang:en</code> で国・地域・言語を絞り込めます。</li>\
<li>英数字は空白やハイフンの有無を問いません（<code>ISO13485</code> は ISO 13485 にも一致します）。</li></ul></details>\n\
<p id=\"search-status\" role=\"status\" aria-live=\"polite\">検索語を入力してください。</p>\n\
<ul id=\"search-warnings\" class=\"search-warnings\" hidden></ul>\n\
<noscript><p>検索には JavaScript が必要です。<a href=\"index.html\">国・地域一覧</a>から各レポートをご覧ください。</p></noscript>\n\
<ol id=\"results\" class=\"results\"></ol>\n\
<p><button id=\"results-more\" class=\"button secondary\" type=\"button\" hidden>さらに表示</button></p>\n</div>";
    frame(
        "",
        "ja",
        "検索",
        Nav::Search,
        m,
        &["search-core.js", "search/meta.js", "search.js"],
        &page_head("search.html", base),
    )
}
