//! Taking a moment elsewhere: clips play as the session did, masks hide what they say, the
//! moment's HTML runs nothing, the bug report says what led there.

mod common;

use common::recordings;
use serde_json::Value;
use tapedeck_core::analysis::{Analysis, ClickOptions};
use tapedeck_core::export::{bug_report, clip, moment_html, ClipOptions, Mask, ReportInput, CLIP_TAG};
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;

fn replay_of(name: &str) -> Replay {
    let (_, body, _) = recordings().into_iter().find(|r| r.0 == name).unwrap();
    Replay::new(load(&body).unwrap().session)
}

/// The page as text, for comparing two replays: the DOM, and each field's value (the clip's
/// snapshot writes values as attributes, as rrweb's recorder does).
fn dom(r: &mut Replay, ms: f64) -> String {
    let m = r.state_at(ms);
    let root = m.root().unwrap();
    let mut s = m.serialize(root);
    while let Some(i) = s.find(" value=\"") {
        let end = s[i + 8..].find('"').unwrap() + i + 9;
        s.replace_range(i..end, "");
    }
    for id in m.subtree(root) {
        if let Some(e) = m.element(id) {
            let value = e.state.value.clone().or_else(|| e.attr("value").map(str::to_owned));
            if value.is_some() || e.state.checked.is_some() {
                s.push_str(&format!(
                    "\n#{id} {value:?} {:?}",
                    e.state.checked.unwrap_or(e.attr("checked").is_some())
                ));
            }
        }
    }
    s
}

/// Where two texts first differ, with some context.
fn first_difference(a: &str, b: &str) -> String {
    let i = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let at = |s: &str| {
        s.get(i.saturating_sub(80)..(i + 80).min(s.len()))
            .unwrap_or("")
            .to_owned()
    };
    format!("\n  clip: …{}…\n  orig: …{}…", at(a), at(b))
}

#[test]
fn the_type_errors_lead_up_plays_as_the_session_did() {
    let mut r = replay_of("buggy-checkout");
    let a = Analysis::new(&r.session, &ClickOptions::default());
    let err = a.errors.iter().find(|e| e.message.contains("TypeError")).unwrap();
    let (from, to) = (err.t - 30_000.0, err.t + 5_000.0);
    let c = clip(&mut r, from, to, ClipOptions::default()).unwrap();
    let loaded = load(c.json.as_bytes()).unwrap();
    assert!(loaded.problems.details.is_empty(), "{:?}", loaded.problems.details);
    let mut cr = Replay::new(loaded.session);
    assert!(cr.problems.details.is_empty(), "{:?}", cr.problems.details);
    assert!((cr.duration() - 35_000.0).abs() < 1.0, "{}", cr.duration());
    for dt in [0.0, 1_000.0, 12_345.0, 29_990.0, 30_000.0, 31_000.0, 35_000.0] {
        let (a, b) = (dom(&mut cr, dt), dom(&mut r, from + dt));
        assert!(a == b, "at +{dt} ms: {}", first_difference(&a, &b));
    }
    // The console and the network of the range came along: the error is in the clip.
    let ca = Analysis::new(&cr.session, &ClickOptions::default());
    assert!(ca
        .errors
        .iter()
        .any(|e| e.message.contains("TypeError") && (e.t - 30_000.0).abs() < 1.0));
    assert_eq!(ca.network.iter().filter(|n| n.status == 500).count(), 1);
    let events: Vec<Value> = serde_json::from_str(&c.json).unwrap();
    assert_eq!(events.len(), c.events);
    assert_eq!(events.last().unwrap()["data"]["tag"], CLIP_TAG);
    assert_eq!(events[1]["type"], 2);
}

#[test]
fn masks_hide_text_and_inputs_and_bodies_are_dropped() {
    let mut r = replay_of("buggy-checkout");
    let all = ClipOptions {
        mask: Mask {
            text: true,
            inputs: true,
        },
        drop_bodies: true,
    };
    let c = clip(&mut r, 40_000.0, 65_000.0, all).unwrap();
    let events: Vec<Value> = serde_json::from_str(&c.json).unwrap();
    let snapshot = events[1]["data"]["node"].to_string();
    assert!(!snapshot.contains("Crabby Shop"), "page text masked");
    assert!(snapshot.contains("****"));
    assert!(
        snapshot.contains("font-family") || snapshot.contains("{"),
        "styles are not masked"
    );
    for e in &events {
        if e["type"] == 3 && e["data"]["source"] == 5 {
            assert!(
                e["data"]["text"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .all(|c| c == '*' || c.is_whitespace()),
                "{e}"
            );
        }
        if e["type"] == 6 && e["data"]["plugin"].as_str().unwrap().starts_with("rrweb/network") {
            for req in e["data"]["payload"]["requests"].as_array().unwrap() {
                assert!(
                    req.get("responseBody").is_none() && req.get("requestBody").is_none(),
                    "{req}"
                );
                assert!(req.get("name").is_some() || req.get("url").is_some());
            }
        }
    }
    // Masked, it still plays.
    let mut cr = Replay::new(load(c.json.as_bytes()).unwrap().session);
    let m = cr.state_at(10_000.0);
    assert!(m.text_content(m.root().unwrap()).contains("****"));
    // Unmasked, the text is there.
    let plain = clip(&mut r, 40_000.0, 65_000.0, ClipOptions::default()).unwrap();
    assert!(plain.json.contains("Crabby Shop"));
}

#[test]
fn bad_ranges_are_refused_and_clamped() {
    let mut r = replay_of("buggy-checkout");
    assert!(clip(&mut r, 5_000.0, 5_000.0, ClipOptions::default()).is_err());
    assert!(clip(&mut r, 9_000.0, 1_000.0, ClipOptions::default()).is_err());
    assert!(clip(&mut r, f64::NAN, 1_000.0, ClipOptions::default()).is_err());
    let c = clip(&mut r, -50_000.0, 1e12, ClipOptions::default()).unwrap();
    assert_eq!((c.from, c.to), (0.0, r.duration()));
}

#[test]
fn every_recording_clips_at_its_middle_and_plays_the_same() {
    for (name, body, _) in recordings() {
        if name == "monaco-long" && cfg!(debug_assertions) {
            continue;
        }
        let mut r = Replay::new(load(&body).unwrap().session);
        let d = r.duration();
        let (from, to) = (d * 0.4, (d * 0.4 + 20_000.0).min(d));
        let c = clip(&mut r, from, to, ClipOptions::default()).unwrap();
        let mut cr = Replay::new(load(c.json.as_bytes()).unwrap().session);
        assert!((cr.duration() - (to - from)).abs() < 1.0, "{name}");
        for dt in [0.0, (to - from) / 2.0, to - from] {
            let (a, b) = (dom(&mut cr, dt), dom(&mut r, from + dt));
            assert!(a == b, "{name} at +{dt} ms: {}", first_difference(&a, &b));
        }
    }
}

/// A sheet the page inserted hundreds of rules into is held in chunks of the player's own:
/// a clip after the inserts shows every rule, the recorded ones first.
#[test]
fn a_clip_keeps_every_rule_of_an_edited_sheet() {
    let mut events = page(
        1000,
        serde_json::json!({"type": 2, "id": 4, "tagName": "body", "attributes": {}, "childNodes": [
        {"type": 2, "id": 5, "tagName": "p", "attributes": {}, "childNodes": []}]}),
    );
    for i in 0..600u64 {
        let rule = format!(".css-{i} {{ color: red; padding: {i}px; margin: 0 auto; display: flex }}");
        events.push(serde_json::json!({"type": 3, "data": {"source": 8, "id": 12, "adds": [{"rule": rule, "index": i + 1}]}, "timestamp": 2000 + i}));
    }
    events.push(serde_json::json!({"type": 3, "data": {"source": 1, "positions": [{"x": 1, "y": 1, "id": 4, "timeOffset": 0}]}, "timestamp": 5000}));
    let mut r = hand_made(events);
    let shown = r.state_at(3_500.0).style_text(12);
    assert!(
        shown.starts_with("p { color: red }") && shown.contains(".css-599"),
        "{}",
        &shown[..80]
    );
    assert!(r.state_at(3_500.0).subtree(12).len() > 4, "held in chunks");
    let c = clip(&mut r, 3_000.0, 4_000.0, ClipOptions::default()).unwrap();
    let mut cr = Replay::new(load(c.json.as_bytes()).unwrap().session);
    let (a, b) = (dom(&mut cr, 0.0), dom(&mut r, 3_000.0));
    assert!(a == b, "{}", first_difference(&a, &b));
}

#[test]
fn the_moment_as_html_runs_nothing() {
    let mut r = replay_of("buggy-checkout");
    let html = moment_html(&mut r, 53_500.0, false).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src &#39;none&#39;") || html.contains("default-src 'none'"));
    // The policy comes before anything recorded (the parser puts it in the head).
    assert!(html.find("Content-Security-Policy").unwrap() < html.find("<html").unwrap());
    assert!(html.contains("form-action &#39;none&#39;") || html.contains("form-action 'none'"));
    assert!(html.contains("Crabby Shop"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains(" onclick="));
}

#[test]
fn the_bug_report_says_what_led_to_the_error() {
    let r = replay_of("buggy-checkout");
    let a = Analysis::new(&r.session, &ClickOptions::default());
    let i = a.errors.iter().position(|e| e.message.contains("TypeError")).unwrap();
    let md = bug_report(&ReportInput {
        analysis: &a,
        at: 0.0,
        error: Some(i),
        link: "https://tapedeck.test/sessions/buggy-checkout?t=53.4",
        href: "http://127.0.0.1:8377/pages/checkout/index.html",
        title: "Checkout fails",
    });
    assert!(md.starts_with("### Uncaught exception: `"), "{md}");
    assert!(
        md.contains("[Checkout fails at 0:53.4](<https://tapedeck.test/sessions/buggy-checkout?t=53.4>)"),
        "{md}"
    );
    let steps = md
        .split("#### Steps before it")
        .nth(1)
        .unwrap()
        .split("####")
        .next()
        .unwrap();
    assert_eq!(
        steps
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count(),
        10,
        "{md}"
    );
    assert!(steps.contains("clicked `"), "{steps}");
    let failed = md.split("#### Failed requests before it").nth(1).unwrap();
    assert!(failed.contains("` POST http://127.0.0.1:8377/api/pay ` → 500"), "{md}");
    // Recorded text with backticks cannot break out of its code span.
    assert!(!md.contains("``` "));
}

fn hand_made(events: Vec<Value>) -> Replay {
    Replay::new(
        load(&serde_json::to_vec(&Value::Array(events)).unwrap())
            .unwrap()
            .session,
    )
}

fn page(t: u64, body: Value) -> Vec<Value> {
    let html = serde_json::json!({"type": 2, "id": 2, "tagName": "html", "attributes": {}, "childNodes": [
        {"type": 2, "id": 3, "tagName": "head", "attributes": {}, "childNodes": [
            {"type": 2, "id": 12, "tagName": "style", "attributes": {}, "childNodes": [{"type": 3, "id": 13, "textContent": "p { color: red }"}]}]},
        body]});
    vec![
        serde_json::json!({"type": 4, "data": {"href": "https://shop.test/", "width": 800, "height": 600}, "timestamp": t}),
        serde_json::json!({"type": 2, "data": {"node": {"type": 0, "id": 1, "childNodes": [html]}, "initialOffset": {"top": 0, "left": 0}}, "timestamp": t}),
    ]
}

#[test]
fn a_masked_clip_masks_the_next_page_too_and_drops_credentials() {
    let body = |id: i64, words: &str| serde_json::json!({"type": 2, "id": id, "tagName": "body", "attributes": {}, "childNodes": [{"type": 3, "id": 20, "textContent": words}]});
    let mut events = page(1000, body(8, "Welcome Jane"));
    events.extend(page(5000, serde_json::json!({"type": 2, "id": 8, "tagName": "body", "attributes": {}, "childNodes": [
        {"type": 2, "id": 13, "tagName": "textarea", "attributes": {}, "childNodes": [{"type": 3, "id": 14, "textContent": "my secret note"}]}]})));
    // On the second page, ids 13 (a style's text on the first page) name other nodes.
    events.push(serde_json::json!({"type": 3, "data": {"source": 0, "texts": [{"id": 14, "value": "Jane Doe 4111"}], "attributes": [], "removes": [], "adds": []}, "timestamp": 6000}));
    events.push(serde_json::json!({"type": 6, "data": {"plugin": "rrweb/network@1", "payload": {"requests": [{"name": "https://api.test/pay", "method": "POST",
        "requestHeaders": {"Authorization": "Bearer abc", "Content-Type": "application/json"}, "responseHeaders": {"Set-Cookie": "sid=1"}, "requestBody": "{\"card\":\"4111\"}", "responseStatus": 200, "startTime": 1, "endTime": 2}]}}, "timestamp": 6100}));
    let mut r = hand_made(events);
    let all = ClipOptions {
        mask: Mask {
            text: true,
            inputs: true,
        },
        drop_bodies: true,
    };
    let end = r.duration();
    let c = clip(&mut r, 500.0, end, all).unwrap();
    for secret in ["Jane", "4111", "secret note", "Bearer", "sid=1"] {
        assert!(!c.json.contains(secret), "{secret} leaked: {}", c.json);
    }
    assert!(c.json.contains("color: red"), "styles stay");
    assert!(c.json.contains("Content-Type"), "other headers stay");
    // Inputs alone: the textarea's text is an input's value.
    let inputs = ClipOptions {
        mask: Mask {
            text: false,
            inputs: true,
        },
        drop_bodies: false,
    };
    let c = clip(&mut r, 4500.0, end, inputs).unwrap();
    assert!(!c.json.contains("my secret note"), "{}", c.json);
}

#[test]
fn recorded_markup_cannot_escape_the_saved_page_or_the_report() {
    let evil = serde_json::json!({"type": 2, "id": 8, "tagName": "body", "attributes": {}, "childNodes": [
        {"type": 5, "id": 40, "textContent": "><img src=x onerror=alert(1)>"},
        {"type": 2, "id": 41, "tagName": "svg", "isSVG": true, "attributes": {}, "childNodes": [
            {"type": 2, "id": 42, "tagName": "style", "isSVG": true, "attributes": {}, "childNodes": [{"type": 3, "id": 43, "textContent": "</style><img src=y onerror=alert(2)>"}]}]}]});
    let mut r = hand_made(page(1000, evil));
    let html = moment_html(&mut r, 0.0, false).unwrap();
    // Outside comments, no recorded markup is live.
    let mut live = html.clone();
    while let Some(a) = live.find("<!--") {
        let b = live[a..].find("-->").map_or(live.len(), |b| a + b + 3);
        live.replace_range(a..b, "");
    }
    assert!(!live.contains("<img"), "{html}");
    assert!(html.contains("<!-- >"), "a comment starting with > cannot close itself");
    assert!(html.find("Content-Security-Policy").unwrap() < html.find("<html").unwrap());
    let a = Analysis::default();
    let md = bug_report(&ReportInput {
        analysis: &a,
        at: 0.0,
        error: None,
        link: "https://t.test/s?t=1 (x)",
        href: "",
        title: "<img src=x onerror=alert(1)> [click](https://evil)",
    });
    // Every character Markdown or HTML would read is escaped: shown, not obeyed.
    assert!(
        md.contains("\\<img") && !md.contains(" <img") && !md.contains("[<img"),
        "{md}"
    );
    assert!(!md.contains("](https://evil)"), "{md}");
    assert!(md.contains("(<https://t.test/s?t=1(x)>)"), "{md}");
}

#[test]
fn a_canvas_drawn_before_the_clip_is_drawn_again_at_its_start() {
    let mut r = replay_of("buggy-checkout");
    let from = 40_000.0;
    let drawn = |m: &tapedeck_core::mirror::Mirror| -> Vec<(i64, usize, bool)> {
        m.subtree(m.root().unwrap())
            .into_iter()
            .filter_map(|id| {
                let log = m.element(id)?.state.canvas.as_ref()?;
                let (from_clear, entries) = log.entries();
                Some((id, entries.len(), from_clear))
            })
            .collect()
    };
    let before = drawn(r.state_at(from));
    assert!(
        !before.is_empty() && before.iter().all(|c| c.1 > 0),
        "the card preview was drawn: {before:?}"
    );
    let c = clip(&mut r, from, from + 5_000.0, ClipOptions::default()).unwrap();
    let events: Vec<Value> = serde_json::from_str(&c.json).unwrap();
    let t0 = events[0]["timestamp"].as_f64().unwrap();
    assert!(events
        .iter()
        .any(|e| e["timestamp"].as_f64() == Some(t0) && e["data"]["source"] == 9));
    let mut cr = Replay::new(load(c.json.as_bytes()).unwrap().session);
    assert_eq!(drawn(cr.state_at(0.0)), before, "the same drawing to show");
}
