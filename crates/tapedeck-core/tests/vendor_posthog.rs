//! What the real PostHog SDK sent for the capture page (tests/fixtures/vendor), in every form a
//! PostHog user has it, read into what the panels show (tests/fixtures/vendor/README.md).

use std::path::PathBuf;

use tapedeck_core::analysis::{Analysis, ClickOptions, ErrorKind, NetKind};
use tapedeck_core::load::{load, Format, Loaded, Loader};

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

    let console: Vec<(String, String)> = a.console.iter().map(|c| (c.level.clone(), c.message())).collect();
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
        .map(|n| (n.method.as_str(), n.url.rsplit('/').next().unwrap_or(""), n.status))
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

/// Two windows: the one of the first page is shown, the other left out and said so.
#[test]
fn other_windows_are_left_out_and_said() {
    let text = std::fs::read_to_string(dir().join("snapshots.jsonl")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let other: Vec<String> = lines
        .iter()
        .take(5)
        .map(|l| l.replacen("[\"", "[\"other-", 1))
        .collect();
    lines.extend(other);
    let loaded = load(lines.join("\n").as_bytes()).unwrap();
    assert_eq!(loaded.problems.total, 1, "{:?}", loaded.problems);
    assert!(loaded.problems.details[0]
        .message
        .starts_with("5 events of 1 other window"));
}
