//! What the real Sentry SDK sent for the capture page (tests/fixtures/vendor), in every form a
//! Sentry user has it, read into what the panels show: the counts and order agree with what the
//! page did (tests/fixtures/vendor/README.md).

use std::path::PathBuf;

use tapedeck_core::analysis::{Analysis, ClickOptions, ErrorKind, NetKind};
use tapedeck_core::load::{load, Format, Loaded};
use tapedeck_core::replay::Replay;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/vendor/sentry")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every envelope the SDK posted, one after another.
fn all_envelopes() -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0.. {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../tests/fixtures/vendor/sentry/envelope-{i}.bin"));
        let Ok(bytes) = std::fs::read(path) else { break };
        body.extend(bytes);
        body.push(b'\n');
    }
    body
}

fn read(body: &[u8]) -> (Loaded, Analysis) {
    let loaded = load(body).expect("a playable Sentry body");
    let analysis = Analysis::new(&loaded.session, &ClickOptions::default());
    (loaded, analysis)
}

/// What every form shows: the page did it, so the panels must have it.
fn check_panels(loaded: &Loaded, a: &Analysis, form: &str) {
    assert_eq!(loaded.session.format, Format::Sentry, "{form}");
    assert!(loaded.problems.is_empty(), "{form}: {:?}", loaded.problems);
    assert_eq!(loaded.session.pages.len(), 1, "{form}");

    let console: Vec<(String, String)> = a.console.iter().map(|c| (c.level.to_string(), c.message())).collect();
    let levels: Vec<&str> = console.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(levels, ["log", "info", "warn", "error", "warn"], "{form}: {console:?}");
    assert!(console[0].1.starts_with("cart opened"), "{form}");
    assert!(
        a.console[0].args[1].tree().is_some(),
        "{form}: the object argument is a tree"
    );
    assert!(console[3].1.contains("payment widget failed to load"), "{form}");

    let fetches: Vec<_> = a.network.iter().filter(|n| n.kind == NetKind::Fetch).collect();
    let seen: Vec<(String, String, u16)> = fetches
        .iter()
        .map(|n| {
            (
                n.method.to_string(),
                n.url.rsplit('/').next().unwrap_or("").to_owned(),
                n.status,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("GET".to_owned(), "cart".to_owned(), 200),
            ("POST".to_owned(), "SPRING".to_owned(), 404),
            ("GET".to_owned(), "unreachable".to_owned(), 0)
        ],
        "{form}"
    );
    let cart = fetches[0];
    assert!(
        cart.url.starts_with("http://checkout.test:"),
        "{form}: resolved against the page: {}",
        cart.url
    );
    assert!(
        cart.request_headers
            .iter()
            .any(|(k, v)| k == "x-request-id" && v == "cart-1"),
        "{form}"
    );
    assert!(
        cart.response_headers
            .iter()
            .any(|(k, v)| k == "x-cart-version" && v == "7"),
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
    assert!(
        fetches[1].request_body.as_deref().unwrap_or("").contains("SPRING"),
        "{form}"
    );
    assert!(
        a.network.iter().any(|n| n.kind == NetKind::Document),
        "{form}: the page load"
    );
    assert!(a.network.windows(2).all(|w| w[0].t <= w[1].t), "{form}: in time order");

    let kinds: Vec<ErrorKind> = a.errors.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&ErrorKind::ConsoleError), "{form}: {kinds:?}");
    // The coupon's 404 and the unreachable host (and the favicon the test server does not have).
    let failed_fetches = a
        .errors
        .iter()
        .filter(|e| {
            e.kind == ErrorKind::FailedRequest && e.network.is_some_and(|i| a.network[i].kind == NetKind::Fetch)
        })
        .count();
    assert_eq!(failed_fetches, 2, "{form}: {:?}", a.errors);

    // Five fast clicks on "Pay", which does nothing.
    assert_eq!(a.rage_clicks.len(), 1, "{form}: {:?}", a.rage_clicks);
    assert!(a.rage_clicks[0].count >= 3, "{form}");
    assert_eq!(a.dead_clicks.len(), 1, "{form}: {:?}", a.dead_clicks);
    assert_eq!(a.rage_clicks[0].id, a.dead_clicks[0].id, "{form}");

    // `history.pushState` to the payment step.
    assert!(
        a.activity.iter().any(|x| matches!(&x.kind, tapedeck_core::analysis::ActivityKind::Navigation { href } if href.ends_with("/checkout/payment"))),
        "{form}"
    );
    let vitals: Vec<&str> = a.vitals.iter().map(|v| v.short()).collect();
    assert!(vitals.contains(&"LCP") && vitals.contains(&"CLS"), "{form}: {vitals:?}");
    assert!(
        !a.memory.is_empty() && a.memory.iter().all(|m| m.used > 0.0 && m.used <= m.limit),
        "{form}"
    );
    // The heap at a moment is the last sample before it.
    assert!(a.memory_at(a.memory[0].t - 1.0).is_none(), "{form}");
    assert_eq!(a.memory_at(loaded.session.duration()), a.memory.last(), "{form}");
    assert!(
        a.recorder_options.as_deref().unwrap_or("").contains("maskAllText"),
        "{form}"
    );

    // Every time is within the session.
    let d = loaded.session.duration();
    for t in a
        .console
        .iter()
        .map(|c| c.t)
        .chain(a.network.iter().filter(|n| n.kind == NetKind::Fetch).map(|n| n.t))
    {
        assert!((0.0..=d).contains(&t), "{form}: {t} outside 0..{d}");
    }
}

#[test]
fn recording_segments_api() {
    let (loaded, a) = read(&fixture("recording-segments.json"));
    check_panels(&loaded, &a, "recording-segments");
    // The error event is not part of the recording: only envelopes carry it.
    assert!(!a.errors.iter().any(|e| e.kind == ErrorKind::Uncaught));
}

#[test]
fn every_envelope_the_sdk_sent() {
    let (loaded, a) = read(&all_envelopes());
    check_panels(&loaded, &a, "envelopes");
    let uncaught: Vec<_> = a.errors.iter().filter(|e| e.kind == ErrorKind::Uncaught).collect();
    assert_eq!(uncaught.len(), 1, "{:?}", a.errors);
    assert_eq!(
        &*uncaught[0].message,
        "TypeError: Cannot read properties of undefined (reading 'total')"
    );
    assert!(
        uncaught[0].detail.as_deref().unwrap_or("").contains("checkout"),
        "{:?}",
        uncaught[0].detail
    );
    // After the crash button's click, before the navigation.
    let nav = a
        .activity
        .iter()
        .find(|x| matches!(&x.kind, tapedeck_core::analysis::ActivityKind::Navigation { href } if href.ends_with("/checkout/payment")))
        .unwrap();
    assert!(uncaught[0].t > a.dead_clicks[0].t && uncaught[0].t < nav.t);
}

#[test]
fn one_stored_segment_plays_its_page() {
    let loaded = load(&fixture("segment-0.bin")).expect("segment 0 has the page");
    assert_eq!(loaded.session.format, Format::Sentry);
    assert_eq!(loaded.problems.skipped_events, 0);
    let mut replay = Replay::new(loaded.session);
    replay.frame(0.0);
    let text = replay
        .shown()
        .and_then(|m| m.root().map(|r| m.text_content(r)))
        .unwrap_or_default();
    assert!(text.contains("Vendor capture page"), "{text}");
}

#[test]
fn the_forms_agree_on_the_events() {
    let (segments, _) = read(&fixture("recording-segments.json"));
    let (envelopes, _) = read(&all_envelopes());
    // The envelopes add the error event only.
    assert_eq!(envelopes.session.events.len(), segments.session.events.len() + 1);
    assert_eq!(envelopes.session.start, segments.session.start);
}

mod events;

/// Sentry writes some custom events' times in seconds; rrweb's own events are in ms.
#[test]
fn times_in_seconds_are_read_as_ms_near_a_session_in_ms() {
    use events::*;
    let span = |t: f64| {
        format!(
            r#"{{"type":5,"timestamp":{t},"data":{{"tag":"performanceSpan","payload":{{"op":"resource.fetch","description":"/a","startTimestamp":{t},"endTimestamp":{t},"data":{{"method":"GET","statusCode":200}}}}}}}}"#
        )
    };
    let sentry = body(&[
        meta(),
        snapshot(&text(4, "hi"), START + 1.0),
        span(START / 1000.0 + 2.0),
        mutation(r#""texts":[{"id":4,"value":"yo"}]"#, START + 3_000.0),
    ]);
    let loaded = load(&sentry).unwrap();
    assert_eq!(loaded.problems.skipped_events, 0, "{:?}", loaded.problems);
    assert_eq!(loaded.session.events[2].timestamp, START + 2_000.0);
    assert_eq!(loaded.session.duration(), 3_000.0);
    let a = Analysis::new(&loaded.session, &ClickOptions::default());
    assert_eq!(a.network[0].t, 2_000.0);
    assert_eq!(&*a.network[0].url, "https://example.com/a");
    // A recording whose own clock is small is left as it is.
    let small = body(&[
        r#"{"type":4,"data":{"href":"https://example.com/","width":800,"height":600},"timestamp":1}"#.to_owned(),
        snapshot("", 2.0),
        r#"{"type":5,"timestamp":3,"data":{"tag":"x","payload":{}}}"#.to_owned(),
    ]);
    let loaded = load(&small).unwrap();
    let times: Vec<f64> = loaded.session.events.iter().map(|e| e.timestamp).collect();
    assert_eq!(times, [1.0, 2.0, 3.0]);
    assert_eq!(loaded.session.format, Format::Rrweb);
}
