//! The document model built from the shared parser configuration.

use kuni::doc::{BlockKind, Inline, MAX_NESTING, build, plain_text};

#[test]
fn extensions_of_the_report_format_are_parsed() {
    let body = "\
## 見出し {#custom}

| 区分 | 経路 |
|:---|---:|
| A | 届出 |

- [x] 済み
- [ ] 未了

~~古い~~ 新しい[^n]

[^n]: 脚注の本文。
";
    let doc = build(body, 10);
    let kinds: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading { id, .. } => format!("heading #{id} @{}", b.line),
            BlockKind::Table { head, rows, .. } => format!("table {}x{} @{}", rows.len(), head.len(), b.line),
            BlockKind::List { items, .. } => format!(
                "list tasks={:?}",
                items.iter().map(|i| i.task).collect::<Vec<_>>()
            ),
            BlockKind::Paragraph { content } => format!(
                "para strike={}",
                content.iter().any(|i| matches!(i, Inline::Strike { .. }))
            ),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "heading #custom @10",
            "table 1x2 @12",
            "list tasks=[Some(true), Some(false)]",
            "para strike=true",
        ]
    );
    assert_eq!(doc.footnotes.len(), 1);
    assert_eq!(doc.footnotes[0].label, "n");
}

#[test]
fn callouts_are_recognised_and_their_marker_removed() {
    let doc = build("> [!留意]\n> 所管部局は要確認。\n\n> 普通の引用\n", 1);
    match &doc.blocks[0].kind {
        BlockKind::Quote { callout, blocks } => {
            assert_eq!(callout.as_deref(), Some("留意"));
            assert_eq!(
                plain_text(&kuni::doc::Document {
                    blocks: blocks.clone(),
                    ..Default::default()
                }),
                "所管部局は要確認。\n"
            );
        }
        other => panic!("expected a quote, got {other:?}"),
    }
    assert!(matches!(
        &doc.blocks[1].kind,
        BlockKind::Quote { callout: None, .. }
    ));
}

#[test]
fn repeated_headings_get_unique_anchors() {
    let doc = build("## 概要\n\n## 概要\n\n## Key points\n", 1);
    let ids: Vec<_> = doc.headings().into_iter().map(|h| h.id).collect();
    assert_eq!(ids, vec!["概要", "概要-1", "key-points"]);
}

#[test]
fn plain_text_keeps_reading_order_and_cells() {
    let doc = build(
        "## 表\n\n| 区分 | 経路 |\n|---|---|\n| A | **届出** |\n\n- 一\n- 二\n",
        1,
    );
    assert_eq!(plain_text(&doc), "表\n区分\t経路\nA\t届出\n一\n二\n");
}

#[test]
fn absurd_nesting_is_flattened_not_overflowing() {
    let depth = 10_000;
    let quotes = format!("{} 深い\n", ">".repeat(depth));
    let lists: String = (0..depth)
        .map(|i| format!("{}- x{i}\n", "  ".repeat(i)))
        .collect();
    for body in [quotes, lists] {
        let doc = std::thread::Builder::new()
            .stack_size(256 * 1024) // a small stack: the builder must not recurse per level
            .spawn(move || build(&body, 1))
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert!(doc.nesting_truncated);
        assert!(!plain_text(&doc).is_empty(), "the text is kept");
        let _ = MAX_NESTING;
    }
}

#[test]
fn markup_opening_a_tight_list_item_is_kept() {
    let doc = build(
        "- **登録の保有者**：登録は名義人に帰属する。\n- [リンク](#x) の説明\n- *強調*\n",
        1,
    );
    assert_eq!(
        plain_text(&doc),
        "登録の保有者：登録は名義人に帰属する。\nリンク の説明\n強調\n"
    );
}
