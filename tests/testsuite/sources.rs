//! Source checks against a loopback server: every kind of answer a cited page can give, two
//! checks on different days with some pages changed in between.

use crate::loopback::{Reply, Request, Server};
use chrono::NaiveDate;
use kuni::sources::check::{Options, Outcome, State, Target, check};
use kuni::sources::{self, Store};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
}

/// A one-page PDF whose only text is `text` (Helvetica, so its text layer is plain).
fn pdf_with(text: &str) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().expect("content")));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// The pages, as of edition 1 or 2.
fn answer(edition: usize, r: &Request) -> Reply {
    let page = |body: &str| {
        Reply::html(&format!(
            "<html><head><title>T</title></head><body><nav>Menu</nav><main>{body}</main></body></html>"
        ))
    };
    match r.path.as_str() {
        "/same" => page("<p>Class B devices are registered by notification.</p>"),
        "/changed" => page(if edition == 1 {
            "<p>The review takes 90 days.</p><p>Fees are listed in Annex 2.</p>"
        } else {
            "<p>The review takes 120 days.</p><p>Fees are listed in Annex 2.</p>"
        }),
        "/dated" => page(if edition == 1 {
            "<p>Labels must be in Thai.</p><p>最終更新日: 2026年4月1日</p>"
        } else {
            "<p>Labels must be in Thai.</p><p>最終更新日: 2026年12月2日</p>"
        }),
        "/moved" => Reply::Full(301, vec![("Location".into(), "/new-home".into())], Vec::new()),
        "/new-home" => page("<p>The registry moved here.</p>"),
        "/temporary" => Reply::Full(302, vec![("Location".into(), "/same".into())], Vec::new()),
        "/gone404" => Reply::status(404),
        "/gone410" => Reply::status(410),
        "/soft404" => Reply::html(
            "<html><head><title>ページが見つかりません</title></head><body><p>トップページへ</p></body></html>",
        ),
        "/stall" => Reply::Stall(8),
        "/huge" => Reply::Endless(64 << 20),
        "/sjis" => {
            let (bytes, _, _) = encoding_rs::SHIFT_JIS
                .encode("<html><body><p>医療機器の輸入には許可が必要です。</p></body></html>");
            Reply::Full(
                200,
                vec![("Content-Type".into(), "text/html; charset=Shift_JIS".into())],
                bytes.to_vec(),
            )
        }
        "/gzipped" => {
            let body = format!("<html><body><p>Edition {edition} of the guidance.</p></body></html>");
            if r.headers
                .get("accept-encoding")
                .is_some_and(|a| a.contains("gzip"))
            {
                Reply::Full(
                    200,
                    vec![
                        ("Content-Type".into(), "text/html".into()),
                        ("Content-Encoding".into(), "gzip".into()),
                    ],
                    gzip(body.as_bytes()),
                )
            } else {
                Reply::status(406)
            }
        }
        "/pdf" => Reply::Full(
            200,
            vec![("Content-Type".into(), "application/pdf".into())],
            pdf_with(&format!("Notification {edition} on medical devices")),
        ),
        "/image" => Reply::Full(
            200,
            vec![("Content-Type".into(), "image/png".into())],
            vec![0x89, b'P', b'N', b'G', 1, 2, 3],
        ),
        "/busy" => Reply::Full(429, vec![("Retry-After".into(), "1".into())], Vec::new()),
        "/etag" => {
            if r.headers.get("if-none-match").is_some_and(|v| v == "\"v1\"") {
                Reply::status(304)
            } else {
                Reply::Full(
                    200,
                    vec![
                        ("Content-Type".into(), "text/html".into()),
                        ("ETag".into(), "\"v1\"".into()),
                    ],
                    b"<html><body><p>Stable page.</p></body></html>".to_vec(),
                )
            }
        }
        _ => Reply::status(500),
    }
}

const PATHS: &[&str] = &[
    "/same",
    "/changed",
    "/dated",
    "/moved",
    "/temporary",
    "/gone404",
    "/gone410",
    "/soft404",
    "/stall",
    "/huge",
    "/sjis",
    "/gzipped",
    "/pdf",
    "/image",
    "/busy",
    "/etag",
];

fn options(today: NaiveDate) -> Options {
    let mut o = Options::polite(today);
    o.host_delay = Duration::ZERO;
    o.limits.total = Duration::from_secs(2);
    o.limits.connect = Duration::from_secs(2);
    o.limits.max_bytes = 1 << 20;
    o.max_retry_after = Duration::from_secs(1);
    o
}

fn run(store: &Store, server: &Server, today: NaiveDate) -> Vec<Outcome> {
    let targets: Vec<Target> = PATHS
        .iter()
        .map(|p| Target {
            url: server.url(p),
            ignore: None,
        })
        .collect();
    let mut seen = 0;
    let out = check(store, &targets, &options(today), &mut |_| seen += 1);
    assert_eq!(seen, targets.len(), "progress is called once per address");
    out
}

fn state_of<'a>(outcomes: &'a [Outcome], server: &Server, path: &str) -> &'a Outcome {
    let url = server.url(path);
    outcomes.iter().find(|o| o.url == url).expect("outcome")
}

#[test]
fn every_kind_of_answer_is_classified_over_two_checks() {
    let edition = Arc::new(AtomicUsize::new(1));
    let e = edition.clone();
    let server = Server::start(move |r| answer(e.load(Ordering::SeqCst), r));
    let library = tempfile::tempdir().expect("library");
    let store = Store::of(library.path());

    let first = run(&store, &server, day(1));
    let s = |path: &str| state_of(&first, &server, path).state;
    for path in [
        "/same",
        "/changed",
        "/dated",
        "/temporary",
        "/sjis",
        "/gzipped",
        "/pdf",
        "/etag",
        "/huge",
    ] {
        assert_eq!(
            s(path),
            State::First,
            "{path}: {:?}",
            state_of(&first, &server, path)
        );
    }
    assert_eq!(s("/moved"), State::Moved);
    assert_eq!(
        state_of(&first, &server, "/moved").moved_to.as_deref(),
        Some(server.url("/new-home").as_str())
    );
    assert_eq!(s("/image"), State::NotText);
    // One failure is not enough to call a page gone.
    for path in ["/gone404", "/gone410", "/soft404", "/stall", "/busy"] {
        assert_eq!(s(path), State::Unreachable, "{path}");
    }
    assert!(
        state_of(&first, &server, "/stall")
            .detail
            .contains("no answer within 2 s")
    );
    assert!(state_of(&first, &server, "/busy").detail.contains("429"));
    assert_eq!(
        server.hits("/busy"),
        2,
        "a 429 is retried once after Retry-After, not more"
    );
    assert!(state_of(&first, &server, "/huge").detail.contains("size limit"));

    // What was kept: decoded Japanese from Shift_JIS, the PDF's text, the gzipped page.
    let text_of = |path: &str| {
        let r = store
            .record(&server.url(path))
            .expect("readable")
            .expect("record");
        store.text(r.latest.as_deref().expect("latest")).expect("text")
    };
    assert_eq!(text_of("/sjis"), "医療機器の輸入には許可が必要です。\n");
    assert!(
        text_of("/pdf").contains("Notification 1 on medical devices"),
        "{}",
        text_of("/pdf")
    );
    assert_eq!(text_of("/gzipped"), "Edition 1 of the guidance.\n");
    assert_eq!(
        text_of("/same"),
        "Class B devices are registered by notification.\n",
        "navigation left out"
    );
    let huge = store.record(&server.url("/huge")).expect("ok").expect("record");
    assert!(huge.cut);
    assert_eq!(
        text_of("/huge").trim_end().len(),
        1 << 20,
        "the body is cut at the limit"
    );

    // Same day again: a 404 twice on one day is still one failure day.
    let again = run(&store, &server, day(1));
    assert_eq!(state_of(&again, &server, "/gone404").state, State::Unreachable);

    edition.store(2, Ordering::SeqCst);
    let etag_hits = server.hits("/etag");
    let second = run(&store, &server, day(2));
    let s = |path: &str| state_of(&second, &server, path).state;
    assert_eq!(s("/same"), State::Unchanged);
    assert_eq!(
        s("/temporary"),
        State::Unchanged,
        "a temporary redirect is not a move"
    );
    assert_eq!(
        s("/dated"),
        State::Unchanged,
        "only the last-updated date changed"
    );
    assert_eq!(s("/sjis"), State::Unchanged);
    assert_eq!(s("/etag"), State::Unchanged);
    assert_eq!(server.hits("/etag"), etag_hits + 1);
    for path in ["/changed", "/gzipped", "/pdf"] {
        assert_eq!(s(path), State::Changed, "{path}");
    }
    for path in ["/gone404", "/gone410", "/soft404"] {
        assert_eq!(s(path), State::Gone, "{path}: failed on two different days");
    }
    assert_eq!(s("/stall"), State::Unreachable, "a timeout is never gone");
    assert_eq!(s("/moved"), State::Moved);

    // The word-level diff of the changed page names the changed figure only.
    let spans = sources::diff(&store, &server.url("/changed")).expect("a diff");
    let changed: Vec<(String, String)> = spans
        .iter()
        .filter(|s| s.op != kuni::publish::diff::Op::Equal)
        .map(|s| (format!("{:?}", s.op), s.text.clone()))
        .collect();
    assert_eq!(
        changed,
        vec![
            ("Delete".to_string(), "90".to_string()),
            ("Insert".to_string(), "120".to_string())
        ]
    );

    // Accepted, it is unchanged from then on; texts nobody refers to are removed.
    assert!(sources::accept(&store, &server.url("/changed")).expect("accept"));
    let third = run(&store, &server, day(3));
    assert_eq!(state_of(&third, &server, "/changed").state, State::Unchanged);
    let texts = std::fs::read_dir(store.root().join("text"))
        .expect("texts")
        .count();
    let referenced: std::collections::HashSet<String> = store
        .records()
        .into_iter()
        .flat_map(|r| [r.accepted, r.latest])
        .flatten()
        .filter(|h| store.text(h).is_some())
        .collect();
    assert_eq!(texts, referenced.len());
}

#[test]
fn a_dead_network_changes_nothing_and_ends_fast() {
    // A port nothing listens on: every request is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let library = tempfile::tempdir().expect("library");
    let store = Store::of(library.path());
    let targets: Vec<Target> = (0..50)
        .map(|i| Target {
            url: format!("http://127.0.0.1:{port}/page{i}"),
            ignore: None,
        })
        .collect();
    let started = std::time::Instant::now();
    let out = check(&store, &targets, &Options::polite(day(1)), &mut |_| {});
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(out.iter().all(|o| o.state == State::Unreachable), "{out:?}");
    assert!(out[0].detail.contains("no connection"), "{}", out[0].detail);
    assert!(!store.root().exists(), "nothing written");
}

/// The bundled library's cited pages, served by a loopback mirror posing as every cited host
/// over TLS (trusted through SSL_CERT_FILE, as an inspection proxy's root would be) and
/// reached through HTTPS_PROXY: a first check snapshots every page; after three pages are
/// altered, a second check flags exactly the fields that cite them, in every report.
#[test]
fn the_bundled_library_against_a_mirror_flags_exactly_the_fields_citing_altered_pages() {
    use std::collections::BTreeSet;
    use std::process::{Command, Stdio};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("work");
    let library = work.path().join("library");
    std::fs::create_dir(&library).expect("library");
    for entry in std::fs::read_dir(root.join("reports"))
        .expect("reports")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            std::fs::copy(entry.path(), library.join(entry.file_name())).expect("copy");
        }
    }
    let opened = kuni::Library::open(&library, crate::common::today()).expect("open");
    let reports: Vec<&kuni::Report> = opened.reports().collect();
    let targets = sources::targets(reports.iter().copied());
    let normal = |u: &str| url::Url::parse(u).expect("url").to_string();

    // A certificate for every cited host, from the signing tests' CA.
    let ca = crate::sign::certs();
    let hosts: BTreeSet<String> = targets
        .iter()
        .filter_map(|t| {
            url::Url::parse(&t.url)
                .ok()?
                .host_str()
                .map(|h| h.trim_end_matches('.').to_string())
        })
        .collect();
    let sans: Vec<String> = hosts.iter().map(|h| format!("DNS:{h}")).collect();
    let certs = work.path().join("certs");
    std::fs::create_dir(&certs).expect("certs");
    std::fs::write(
        certs.join("ext.cnf"),
        format!(
            "[mirror]\nbasicConstraints = CA:false\nextendedKeyUsage = serverAuth\nsubjectAltName = {}\n",
            sans.join(",")
        ),
    )
    .expect("ext");
    let openssl = |args: &[&str]| {
        let o = Command::new("openssl")
            .args(args)
            .current_dir(&certs)
            .output()
            .expect("openssl");
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "mirror.key",
        "-out",
        "mirror.csr",
        "-subj",
        "/CN=mirror",
    ]);
    let (ca_pem, ca_key) = (ca.join("ca.pem"), ca.join("ca.key"));
    openssl(&[
        "x509",
        "-req",
        "-in",
        "mirror.csr",
        "-CA",
        ca_pem.to_str().expect("utf-8"),
        "-CAkey",
        ca_key.to_str().expect("utf-8"),
        "-CAcreateserial",
        "-CAserial",
        "mirror.srl",
        "-out",
        "mirror.pem",
        "-days",
        "30",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "mirror",
    ]);

    let altered_file = work.path().join("altered.txt");
    let served_file = work.path().join("served.txt");
    let mut proxy = Command::new(root.join("tests/sources/mirror-proxy.py"))
        .args([&certs, &altered_file, &served_file])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the mirror");
    let port = crate::common::first_line(&mut proxy);
    let check = |today: &str| {
        let proxy_url = format!("http://127.0.0.1:{port}");
        let o = Command::new(env!("CARGO_BIN_EXE_kuni"))
            .arg("--library")
            .arg(&library)
            .args([
                "sources",
                "check",
                "--all",
                "--delay-ms",
                "0",
                "--hosts",
                "8",
                "--timeout",
                "20",
                "--json",
            ])
            .env("KUNI_TODAY", today)
            .env("KUNI_CONFIG_DIR", crate::common::fixture("no-config"))
            .env("HTTPS_PROXY", &proxy_url)
            .env("HTTP_PROXY", &proxy_url)
            .env("SSL_CERT_FILE", &ca_pem)
            .env_remove("SSL_CERT_DIR")
            .env_remove("ALL_PROXY")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .output()
            .expect("kuni");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        (o.status.code(), v, String::from_utf8_lossy(&o.stderr).to_string())
    };

    let (code, first, stderr) = check("2027-01-10");
    let states = |v: &serde_json::Value| -> BTreeSet<(String, String)> {
        v.as_array()
            .expect("reports")
            .iter()
            .flat_map(|r| r["sources"].as_array().expect("sources").iter())
            .map(|s| {
                (
                    normal(s["url"].as_str().expect("url")),
                    s["state"].as_str().expect("state").to_string(),
                )
            })
            .collect()
    };
    let first_states = states(&first);
    let not_first: Vec<_> = first_states.iter().filter(|(_, s)| s != "first").collect();
    assert!(
        not_first.is_empty(),
        "{}\n{not_first:?}",
        stderr
            .lines()
            .filter(|l| !l.starts_with("  ["))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(code, Some(0), "{stderr}");
    let served: BTreeSet<String> = std::fs::read_to_string(&served_file)
        .expect("served")
        .lines()
        .map(str::to_string)
        .collect();
    let wanted: BTreeSet<String> = targets.iter().map(|t| normal(&t.url)).collect();
    assert_eq!(
        served, wanted,
        "every cited address was fetched, through the proxy"
    );

    // Alter three pages cited by structured fields of three different reports.
    let altered: Vec<String> = reports
        .iter()
        .filter_map(|r| {
            let cited = r.meta.cited_fields().into_iter().next()?;
            let s = r.meta.sources.iter().find(|s| s.id == cited.sources[0])?;
            Some(normal(&s.url))
        })
        .step_by(5)
        .take(3)
        .collect();
    assert_eq!(altered.len(), 3);
    std::fs::write(&altered_file, altered.join("\n")).expect("alter");
    let (code, second, stderr) = check("2027-01-11");
    assert_eq!(code, Some(1), "fields need review: {stderr}");
    let flagged: BTreeSet<(String, String)> = second
        .as_array()
        .expect("reports")
        .iter()
        .flat_map(|r| {
            let id = r["id"].as_str().expect("id").to_string();
            r["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .filter(|f| f["needs_review"] == true)
                .map(move |f| (id.clone(), f["field"].as_str().expect("field").to_string()))
        })
        .collect();
    let mut expected = BTreeSet::new();
    for r in &reports {
        for cited in r.meta.cited_fields() {
            let (key, ids) = (cited.key, cited.sources);
            let cites_altered = ids.iter().any(|id| {
                r.meta
                    .sources
                    .iter()
                    .any(|s| &s.id == id && altered.contains(&normal(&s.url)))
            });
            if cites_altered {
                let field = if key.starts_with("indicators.") {
                    key
                } else {
                    format!("regulation.{key}")
                };
                expected.insert((r.id.clone(), field));
            }
        }
    }
    assert!(!expected.is_empty());
    assert_eq!(flagged, expected);
    for (url, state) in states(&second) {
        let want = if altered.contains(&url) {
            "changed"
        } else {
            "unchanged"
        };
        assert_eq!(state, want, "{url}");
    }
    let _ = proxy.kill();
    let _ = proxy.wait();
}

/// A source's own `ignore` pattern: an invalid one is a located error, a valid one makes the
/// matching text no change at the next check.
#[test]
fn a_sources_ignore_pattern_is_checked_and_applied() {
    use crate::common::{at, edit, parse, valid_text};
    let entry = "d5.html\", accessed: 2026-09-01 }";
    let bad = edit(
        &valid_text(),
        entry,
        "d5.html\", accessed: 2026-09-01, ignore: \"閲覧数 (\" }",
    );
    let (report, problems) = parse(&bad);
    assert!(report.is_none());
    let p = problems
        .iter()
        .find(|p| p.code == "invalid-ignore-pattern")
        .expect("the error");
    assert_eq!((p.location.line, p.location.column), at(&bad, "\"閲覧数 (\""));

    let good = edit(
        &valid_text(),
        entry,
        "d5.html\", accessed: 2026-09-01, ignore: \"閲覧数 \\\\d+\" }",
    );
    let (report, problems) = parse(&good);
    let report = report.unwrap_or_else(|| panic!("{problems:?}"));
    let target = sources::targets([&report])
        .into_iter()
        .find(|t| t.ignore.is_some())
        .expect("pattern");
    assert_eq!(target.ignore.as_deref(), Some("閲覧数 \\d+"));

    let count = Arc::new(AtomicUsize::new(1));
    let c = count.clone();
    let server = Server::start(move |_| {
        Reply::html(&format!(
            "<html><body><p>登録は必要です。</p><p>閲覧数 {}</p></body></html>",
            c.fetch_add(1, Ordering::SeqCst)
        ))
    });
    let library = tempfile::tempdir().expect("library");
    let store = Store::of(library.path());
    let t = Target {
        url: server.url("/page"),
        ignore: target.ignore.clone(),
    };
    let plain = Target {
        url: server.url("/plain"),
        ignore: None,
    };
    let first = check(&store, &[t.clone(), plain.clone()], &options(day(1)), &mut |_| {});
    assert!(first.iter().all(|o| o.state == State::First));
    let second = check(&store, &[t, plain], &options(day(2)), &mut |_| {});
    assert_eq!(second[0].state, State::Unchanged, "the counter is ignored");
    assert_eq!(
        second[1].state,
        State::Changed,
        "without the pattern the counter is a change"
    );
}
