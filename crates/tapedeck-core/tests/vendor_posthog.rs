//! What the real PostHog SDK sent for the capture page (tests/fixtures/vendor), in every form a
//! PostHog user has it, read into what the panels show (tests/fixtures/vendor/README.md).

use std::path::PathBuf;

use std::io::Read;
use tapedeck_core::analysis::{Analysis, ClickOptions, ErrorKind, NetKind};

use tapedeck_core::load::{load, Format, LoadError, Loaded, Loader};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vendor/posthog")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every body the SDK posted to `/s/` (each gzip), one after another.
fn all_posts() -> Vec<u8> {
    (0..)
        .map_while(|i| std::fs::read(dir().join(format!("s-{i}.bin"))).ok())
        .flatten()
        .collect()
}

fn check(body: &[u8], form: &str) -> (Loaded, Analysis) {
    let loaded = load(body).unwrap_or_else(|e| panic!("{form}: {e}"));
    let a = Analysis::new(&loaded.session, &ClickOptions::default());
    assert_eq!(loaded.session.format, Format::PostHog, "{form}");
    assert!(loaded.problems.is_empty(), "{form}: {:?}", loaded.problems);
    assert_eq!(loaded.session.pages.len(), 1, "{form}");

    let console: Vec<(String, String)> = a.console.iter().map(|c| (c.level.to_string(), c.message())).collect();
    let levels: Vec<&str> = console.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        levels,
        ["log", "info", "warn", "error", "warn", "error"],
        "{form}: {console:?}"
    );
    assert!(console[0].1.starts_with("cart opened"), "{form}");
    assert!(a.console[0].args[1].tree().is_some(), "{form}");

    let fetches: Vec<_> = a.network.iter().filter(|n| n.kind == NetKind::Fetch).collect();
    let seen: Vec<(&str, &str, u16)> = fetches
        .iter()
        .map(|n| (&*n.method, n.url.rsplit('/').next().unwrap_or(""), n.status))
        .collect();
    assert_eq!(
        seen,
        [("GET", "cart", 200), ("POST", "SPRING", 404), ("GET", "unreachable", 0)],
        "{form}"
    );
    assert!(
        fetches[0]
            .request_headers
            .iter()
            .any(|(k, v)| k == "x-request-id" && v == "cart-1"),
        "{form}"
    );
    assert!(
        fetches[1]
            .response_body
            .as_deref()
            .unwrap_or("")
            .contains("coupon not found"),
        "{form}"
    );
    // Placed by the recorder's own time origin: after the "Load cart" click, not before.
    let load_click = a
        .clicks
        .iter()
        .map(|c| c.t)
        .filter(|t| *t <= fetches[0].t)
        .fold(f64::NAN, f64::max);
    assert!(
        fetches[0].t - load_click < 200.0,
        "{form}: {} after the click at {load_click}; clicks {:?}",
        fetches[0].t,
        a.clicks.iter().map(|c| c.t).collect::<Vec<_>>()
    );

    let uncaught: Vec<_> = a.errors.iter().filter(|e| e.kind == ErrorKind::Uncaught).collect();
    assert_eq!(uncaught.len(), 1, "{form}: {:?}", a.errors);
    assert!(
        uncaught[0].message.contains("Cannot read properties of undefined"),
        "{form}"
    );
    assert!(a.errors.iter().any(|e| e.kind == ErrorKind::ConsoleError), "{form}");

    assert_eq!(a.rage_clicks.len(), 1, "{form}: {:?}", a.rage_clicks);
    assert_eq!(a.dead_clicks.len(), 1, "{form}: {:?}", a.dead_clicks);
    (loaded, a)
}

#[test]
fn the_snapshot_posts_as_sent() {
    check(&all_posts(), "posts");
}

#[test]
fn the_snapshot_api_lines() {
    check(&fixture("snapshots.jsonl"), "jsonl");
}

#[test]
fn the_exports() {
    let (v2, _) = check(&fixture("export-2023-04-28.json"), "export 2023-04-28");
    let (v1, _) = check(&fixture("export-2022-12-02.json"), "export 2022-12-02");
    let (posts, _) = check(&all_posts(), "posts");
    assert_eq!(v1.session.events.len(), posts.session.events.len());
    assert_eq!(v2.session.events.len(), posts.session.events.len());
}

#[test]
fn the_posts_stream_like_any_body() {
    let body = all_posts();
    let mut loader = Loader::new();
    let mut first = None;
    for chunk in body.chunks(700) {
        loader.push(chunk);
        if first.is_none() {
            first = loader.take_playable();
        }
    }
    let first = first.expect("the first page before the end of the body");
    assert_eq!(first.session.format, Format::PostHog);
}

/// The JSON text of the SDK's post `i` (the fixture is gzip, as posthog-js sends it).
fn post_json(i: usize) -> Vec<u8> {
    let mut json = Vec::new();
    flate2::read::MultiGzDecoder::new(&fixture(&format!("s-{i}.bin"))[..])
        .read_to_end(&mut json)
        .unwrap();
    json
}

/// `data=` and the URL-encoded `value`: a form post, as posthog-js sends with `sendBeacon`
/// when the page closes.
fn form(value: &[u8]) -> Vec<u8> {
    let encoded: String = url::form_urlencoded::byte_serialize(value).collect();
    [&b"data="[..], encoded.as_bytes()].concat()
}

#[test]
fn a_form_post_as_sent_when_the_page_closes() {
    use base64::Engine;
    let json = post_json(0);
    let plain = load(&json).unwrap();
    let body = form(base64::engine::general_purpose::STANDARD.encode(&json).as_bytes());
    assert!(body.contains(&b'%'), "the base64 is URL-encoded");
    // Fed in small chunks, as it arrives.
    let mut loader = Loader::new();
    for chunk in body.chunks(97) {
        loader.push(chunk);
    }
    let posted = loader.finish().unwrap();
    assert_eq!(posted.session.format, Format::PostHog);
    assert_eq!(posted.session.events.len(), plain.session.events.len());
    assert_eq!(posted.problems, plain.problems);
    // The JSON itself, URL-encoded, is read too.
    assert_eq!(
        load(&form(&json)).unwrap().session.events.len(),
        plain.session.events.len()
    );
    for bad in [&b"data=%%%"[..], b"data=", b"data=aGVsbG8="] {
        let e = load(bad).unwrap_err();
        let text = e.to_string();
        assert!(
            matches!(e, LoadError::Form(_) | LoadError::NotJson { .. }),
            "{}: {text}",
            String::from_utf8_lossy(bad)
        );
    }
}

/// The snapshot API's lines with the first five events also recorded in a second window.
fn two_windows() -> Vec<u8> {
    let text = std::fs::read_to_string(dir().join("snapshots.jsonl")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let other: Vec<String> = lines
        .iter()
        .take(5)
        .map(|l| l.replacen("[\"", "[\"other-", 1))
        .collect();
    let all = lines.len();
    lines.extend(other);
    assert!(all > 5);
    lines.join("\n").into_bytes()
}

/// Two windows: the one of the first page is shown, the other left out and said so.
#[test]
fn other_windows_are_left_out_and_said() {
    let body = two_windows();
    let loaded = load(&body).unwrap();
    assert_eq!(loaded.problems.total, 1, "{:?}", loaded.problems);
    assert!(loaded.problems.details[0]
        .message
        .starts_with("5 events of 1 other window"));
    let w = &loaded.windows;
    assert!(w.several());
    assert_eq!(w.shown, Some(0));
    assert!(w.list[1].0.starts_with("other-"));
    assert_eq!(w.list[1].1, 5);
    assert_eq!(w.list[0].1, loaded.session.events.len());
}

/// Another window, chosen by name, is played instead; a name with no page falls back to the
/// first page's window, and says so.
#[test]
fn another_window_can_be_chosen() {
    let body = two_windows();
    let names = load(&body).unwrap().windows.list;
    let mut loader = Loader::for_window(Some(names[1].0.clone()));
    let mut first = None;
    for chunk in body.chunks(500) {
        loader.push(chunk);
        if first.is_none() {
            first = loader.take_playable();
        }
    }
    let first = first.expect("the chosen window's page shows before the end");
    let rest = loader.finish_rest().unwrap();
    assert_eq!(first.session.events.len() + rest.events.len(), 5);
    assert!(first.session.events.iter().all(|e| e.window == 1));
    assert_eq!(rest.windows.shown, Some(1));
    assert!(rest
        .problems
        .details
        .iter()
        .any(|p| p.message.starts_with(&format!("{} events of 1 other", names[0].1))));

    let mut loader = Loader::for_window(Some("nowhere\u{202e}".repeat(20)));
    loader.push(&body);
    let loaded = loader.finish().unwrap();
    assert_eq!(loaded.windows.shown, Some(0));
    assert_eq!(loaded.session.events.len(), names[0].1);
    let said = &loaded.problems.details[0].message;
    assert!(
        said.contains("no page of window") && said.chars().count() < 200,
        "{said}"
    );
}
