//! The accessibility page (アクセシビリティ方針): the target level, what was tested and how,
//! and the dates, as Japanese public-sector sites publish them (総務省「みんなの公共サイト運用
//! ガイドライン」). The tests behind it are tests/site/ (axe-core and a keyboard-only walk in
//! Chromium); the site test checks that this page names the axe-core version it runs.

use super::pages::{self, Nav, SITE_NAME};
use chrono::NaiveDate;

/// The axe-core version tests/site/package.json pins (the site test compares them).
pub const AXE_CORE_VERSION: &str = "4.14.1";

/// When the pages Kuni generates were last tested as described on the page.
pub const TESTED_ON: &str = "2026-12-01";

/// The page. `site_date` is the newest publication on the site (the policy's date).
pub fn page(site_date: Option<NaiveDate>, base: Option<&str>) -> String {
    let dated = site_date.map_or_else(|| TESTED_ON.to_string(), |d| d.to_string());
    let m = format!(
        "<h1>アクセシビリティ方針</h1>\n\
<p class=\"lead\">{SITE_NAME}は、年齢や障害の有無、使う機器にかかわらず、誰もが情報を得られるよう、\
ウェブアクセシビリティの確保に取り組んでいます。</p>\n\
<h2 id=\"target\">目標とする適合レベル</h2>\n\
<p>日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の\
<strong>適合レベル AA</strong> に準拠することを目標とします。あわせて WCAG 2.1 のレベル AA の達成基準も目標とします。</p>\n\
<h2 id=\"status\">対応状況</h2>\n\
<p>すべての達成基準について人による試験はまだ行っていないため、JIS X 8341-3:2016 の対応度は「配慮」と表記します\
（「ウェブコンテンツの JIS X 8341-3:2016 対応度表記ガイドライン」による）。以下の自動試験と操作試験は、このサイトを作る Kuni の版ごとに行っています。</p>\n\
<h2 id=\"tests\">試験の内容と方法</h2>\n\
<ul>\n\
<li>対象ページ：トップページ、レポートのページ（日本語版と英語版）、薬事制度の比較表、検索結果のページ、更新履歴、このページ。</li>\n\
<li>自動試験：axe-core {AXE_CORE_VERSION} を Chromium（ヘッドレス）で各ページに実行し、WCAG 2.0 と 2.1 のレベル A と AA の規則\
（タグ wcag2a、wcag2aa、wcag21a、wcag21aa）に違反がないことを確認しています。自動では判定できない項目（axe-core の「要確認」）は試験の記録に一覧し、人が確認します。</li>\n\
<li>キーボード操作試験：マウスを使わず、「本文へ移動」リンク、見えるフォーカス表示、検索語の入力から検索結果への移動と結果を開く操作、\
フォーカスが閉じ込められないことを確認しています。</li>\n\
<li>表示試験：幅 390 ピクセルの画面で横にはみ出さないこと、画像に代替テキストがあることを確認しています。</li>\n\
<li>外部への通信をしないこと、スクリプトとスタイルをサイト内のファイルからのみ読み込むことを確認しています。</li>\n\
</ul>\n\
<h2 id=\"notes\">補足</h2>\n\
<ul>\n\
<li>各レポートの PDF は納品版の文書です。同じ内容を HTML のページで提供しています。</li>\n\
<li>検索には JavaScript を使います。JavaScript を使えない場合は国・地域一覧から各レポートを開けます。</li>\n\
</ul>\n\
<h2 id=\"dates\">日付</h2>\n\
<dl class=\"particulars\"><dt>試験日</dt><dd><time datetime=\"{TESTED_ON}\">{TESTED_ON}</time></dd>\
<dt>この方針の日付</dt><dd><time datetime=\"{dated}\">{dated}</time>（サイトの最新の公開日）</dd></dl>\n"
    );
    pages::frame(
        "",
        "ja",
        "アクセシビリティ方針",
        Nav::Report,
        &m,
        &[],
        &pages::page_head("accessibility.html", base),
    )
}
