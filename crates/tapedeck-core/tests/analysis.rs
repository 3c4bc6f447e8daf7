//! Console, network, errors, rage and dead clicks extracted from every bundled recording agree
//! with its `.meta.json`.

mod common;

use common::recordings;
use serde_json::Value;
use tapedeck_core::analysis::{Analysis, ClickOptions, ConsoleArg, ConsoleEntry, ErrorKind, Targets};
use tapedeck_core::load::load;

/// (offset ms, payload) of each message of a `.meta.json` list (`consoleErrors`, …).
fn messages(list: &Value) -> Vec<(f64, &str)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| (m["offsetMs"].as_f64().unwrap(), m["payload"].as_str().unwrap()))
        .collect()
}

/// A console entry's arguments written as the `.meta.json` writes a payload: each argument as
/// recorded (JSON text: strings quoted, objects as they were serialized), separated by spaces.
fn as_payload(c: &ConsoleEntry) -> String {
    c.args
        .iter()
        .map(|a| match a {
            ConsoleArg::Text(s) => serde_json::to_string(s).unwrap(),
            ConsoleArg::Tree(json) => json.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the entry says what the meta's payload says. The meta cuts payloads longer than 300
/// characters and ends them with `…`: then the entry must start with what was kept.
fn says(c: &ConsoleEntry, payload: &str) -> bool {
    let text = as_payload(c);
    text == payload
        || payload
            .strip_suffix('…')
            .is_some_and(|head| text.len() > head.len() && text.starts_with(head))
}

/// Whether the entry covers the message at `t`: its first occurrence, or a repeat grouped with it.
fn covers(c: &ConsoleEntry, t: f64) -> bool {
    c.t <= t && t <= c.last
}

#[test]
fn console_agrees_with_meta() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        // Counts per level (repeats are grouped; their counts add up).
        for (level, n) in meta["countByConsoleLevel"].as_object().unwrap() {
            let got: u32 = a.console.iter().filter(|c| *c.level == **level).map(|c| c.count).sum();
            assert_eq!(got as u64, n.as_u64().unwrap(), "{name}: console {level}");
        }
        let total: u32 = a.console.iter().map(|c| c.count).sum();
        let expected: u64 = meta["countByConsoleLevel"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(total as u64, expected, "{name}");
        // Every console error and warning of the meta is there: of its level, at its time (or
        // grouped with an identical one before it), saying exactly what the payload says.
        for (key, level) in [("consoleErrors", "error"), ("consoleWarnings", "warn")] {
            let expected = messages(&meta[key]);
            assert_eq!(
                expected.len() as u64,
                meta["countByConsoleLevel"][level].as_u64().unwrap_or(0),
                "{name}: the meta lists every {level}"
            );
            for (t, payload) in &expected {
                let found = a
                    .console
                    .iter()
                    .any(|c| &*c.level == level && covers(c, *t) && says(c, payload));
                assert!(found, "{name}: {key} at {t} ms: {payload}");
            }
            // And no other: each entry of the level starts at one of them and stands for exactly
            // as many as it counts.
            for c in a.console.iter().filter(|c| &*c.level == level) {
                let shown = as_payload(c);
                assert!(
                    expected.iter().any(|(t, p)| *t == c.t && says(c, p)),
                    "{name}: {level} at {} ms is not in the meta: {shown}",
                    c.t
                );
                let stands_for = expected.iter().filter(|(t, p)| covers(c, *t) && says(c, p)).count();
                assert_eq!(stands_for, c.count as usize, "{name}: {level} at {} ms: {shown}", c.t);
            }
        }
    }
}

#[test]
fn errors_agree_with_meta() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        // How many messages an error row stands for (grouped repeats of a console error count).
        let rows = |kind: ErrorKind| -> usize {
            a.errors
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.console.map_or(1, |i| a.console[i].count as usize))
                .sum()
        };
        // The error row of `kind` whose console entry covers the meta's message at `t` and says
        // it (the row shows the entry's time and text).
        let row_for = |kind: ErrorKind, t: f64, payload: &str| {
            a.errors.iter().find(|e| {
                e.kind == kind
                    && e.console.is_some_and(|i| {
                        let c = &a.console[i];
                        covers(c, t) && says(c, payload) && e.t == c.t && *e.message == c.message()
                    })
            })
        };

        // Uncaught exceptions and unhandled rejections: each one of the meta is a row of its
        // kind, at its time, with its text; and there are no others.
        let uncaught = messages(&meta["uncaughtErrors"]);
        for (t, payload) in &uncaught {
            let kind = if payload.starts_with("\"Uncaught (in promise)") {
                ErrorKind::Rejection
            } else {
                ErrorKind::Uncaught
            };
            assert!(
                row_for(kind, *t, payload).is_some(),
                "{name}: {kind:?} at {t} ms: {payload}\n{:#?}",
                a.errors
            );
        }
        assert_eq!(
            rows(ErrorKind::Uncaught) + rows(ErrorKind::Rejection),
            uncaught.len(),
            "{name}: uncaught"
        );

        // The other console errors are console.error rows, each with its text.
        let plain: Vec<(f64, &str)> = messages(&meta["consoleErrors"])
            .into_iter()
            .filter(|m| !uncaught.contains(m))
            .collect();
        for (t, payload) in &plain {
            assert!(
                row_for(ErrorKind::ConsoleError, *t, payload).is_some(),
                "{name}: console.error at {t} ms: {payload}"
            );
        }
        assert_eq!(rows(ErrorKind::ConsoleError), plain.len(), "{name}: console.error");

        // Failed requests, in order: one row each, reading "METHOD url → status" (or "failed"
        // when no response came), placed where the request ended — at most a second before the
        // recorder reported it, never after.
        let failures = meta["networkFailures"].as_array().unwrap();
        let failed: Vec<_> = a.errors.iter().filter(|e| e.kind == ErrorKind::FailedRequest).collect();
        assert_eq!(failed.len(), failures.len(), "{name}: failed requests {failed:#?}");
        for (e, f) in failed.iter().zip(failures) {
            let status = match f["status"].as_u64().unwrap() {
                0 => "failed".to_owned(),
                n => n.to_string(),
            };
            let expected = format!(
                "{} {} → {status}",
                f["method"].as_str().unwrap_or("GET"),
                f["url"].as_str().unwrap()
            );
            assert_eq!(&*e.message, expected, "{name}");
            let reported = f["offsetMs"].as_f64().unwrap();
            assert!(
                reported - 1_000.0 <= e.t && e.t <= reported + 1.0,
                "{name}: {expected} shown at {} ms, reported at {reported} ms",
                e.t
            );
            assert_eq!(a.network[e.network.unwrap()].end, e.t, "{name}: {expected}");
        }
        assert_eq!(
            rows(ErrorKind::Breadcrumb),
            0,
            "{name}: no Sentry breadcrumbs were recorded"
        );
    }
}

#[test]
fn network_agrees_with_meta_and_is_anchored_in_time() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        assert_eq!(
            a.network.len() as u64,
            meta["networkRequestCount"].as_u64().unwrap(),
            "{name}"
        );
        // The failed requests are the meta's, one for one, in order (the same URL can fail
        // several times: each failure is its own request).
        let failures = meta["networkFailures"].as_array().unwrap();
        let failed: Vec<_> = a.network.iter().filter(|n| n.failed()).collect();
        assert_eq!(failed.len(), failures.len(), "{name}: failed requests");
        for (n, f) in failed.iter().zip(failures) {
            let url = f["url"].as_str().unwrap();
            assert_eq!(&*n.url, url, "{name}");
            assert_eq!(n.status as u64, f["status"].as_u64().unwrap(), "{name}: {url}");
            assert_eq!(&*n.method, f["method"].as_str().unwrap_or("GET"), "{name}: {url}");
            // Reported after it ended, never before; and soon after (the recorder reports a
            // request within a second of its end: at most 355 ms in these recordings).
            let reported = f["offsetMs"].as_f64().unwrap();
            assert!(
                reported - 1_000.0 <= n.end && n.end <= reported + 1.0,
                "{name}: {url} ends at {} ms, reported at {reported} ms",
                n.end
            );
        }
        // Every request lies within the session's plausible span.
        for n in &a.network {
            assert!(n.t <= n.end, "{name}: {}", n.url);
            assert!(n.end <= s.duration() + 1.0, "{name}: {} ends after the session", n.url);
        }
    }
}

#[test]
fn checkout_payment_requests_start_at_the_pay_clicks() {
    let (_, body, meta) = recordings().into_iter().find(|r| r.0 == "buggy-checkout").unwrap();
    let s = load(&body).unwrap().session;
    let a = Analysis::new(&s, &ClickOptions::default());
    let targets = Targets::new(&s);
    // The meta's clicks on the Pay button (found by what it is, not by a node id).
    let pay_clicks: Vec<f64> = meta["clicks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            targets
                .describe(&s, 0, c["id"].as_i64().unwrap())
                .is_some_and(|d| d.split([' ', '.']).next() == Some("button#pay"))
        })
        .map(|c| c["offsetMs"].as_f64().unwrap())
        .collect();
    // The meta's failed POSTs: the payment requests.
    let meta_posts: Vec<&str> = meta["networkFailures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["method"] == "POST")
        .map(|f| f["url"].as_str().unwrap())
        .collect();
    let posts: Vec<_> = a.network.iter().filter(|n| &*n.method == "POST").collect();
    assert_eq!(pay_clicks.len(), 2, "the user clicks Pay twice");
    assert_eq!(meta_posts.len(), 2, "both payments fail");
    assert_eq!(posts.len(), 2, "{posts:#?}");
    for ((click, post), url) in pay_clicks.iter().zip(&posts).zip(&meta_posts) {
        assert_eq!(&*post.url, *url);
        assert_eq!(post.status, 500);
        assert!(
            post.t >= *click && post.t - *click < 300.0,
            "POST at {} ms, click at {click} ms",
            post.t
        );
    }
}

#[test]
fn clicks_and_rage_clicks_agree_with_meta() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        let clicks: Vec<(f64, i64)> = a.clicks.iter().map(|c| (c.t, c.id)).collect();
        let expected: Vec<(f64, i64)> = meta["clicks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["offsetMs"].as_f64().unwrap(), c["id"].as_i64().unwrap()))
            .collect();
        assert_eq!(clicks, expected, "{name}: clicks");
        // Every rage click of the meta made of pointer clicks is found, starting at the same click,
        // with the same count, and no other. (The meta also counts keyboard-activated clicks,
        // recorded at 0,0 — Enter held on a button — which Tapedeck does not call rage.)
        let meta_clicks = meta["clicks"].as_array().unwrap();
        let meta_rage: Vec<&Value> = meta["rageClicks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| {
                let start = meta_clicks
                    .iter()
                    .position(|c| c["offsetMs"] == m["startOffsetMs"])
                    .unwrap();
                let n = m["count"].as_u64().unwrap() as usize;
                meta_clicks[start..start + n]
                    .iter()
                    .all(|c| !(c["x"] == 0 && c["y"] == 0))
            })
            .collect();
        for m in &meta_rage {
            let t = m["startOffsetMs"].as_f64().unwrap();
            let r = a
                .rage_clicks
                .iter()
                .find(|r| (r.t - t).abs() < 1.0)
                .unwrap_or_else(|| panic!("{name}: rage click at {t}"));
            assert_eq!(
                r.count as u64,
                m["count"].as_u64().unwrap(),
                "{name}: rage click at {t}"
            );
            assert_eq!(r.id, m["id"].as_i64().unwrap(), "{name}");
        }
        assert_eq!(
            a.rage_clicks.len(),
            meta_rage.len(),
            "{name}: rage clicks {:?}",
            a.rage_clicks
        );
    }
}

#[test]
fn the_coupon_button_is_one_rage_click_of_six() {
    let (_, body, _) = recordings().into_iter().find(|r| r.0 == "buggy-checkout").unwrap();
    let s = load(&body).unwrap().session;
    let a = Analysis::new(&s, &ClickOptions::default());
    assert_eq!(a.rage_clicks.len(), 1);
    assert_eq!(a.rage_clicks[0].count, 6);
    let activity: Vec<String> = a.activity.iter().map(|x| format!("{:?}", x.kind)).collect();
    assert!(
        activity
            .iter()
            .any(|x| x.contains("RageClick") && x.contains("apply-coupon")),
        "{activity:?}"
    );
}
