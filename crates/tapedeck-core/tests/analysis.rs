//! Console, network, errors, rage and dead clicks extracted from every bundled recording agree
//! with its `.meta.json`.

mod common;

use common::recordings;
use serde_json::Value;
use tapedeck_core::analysis::{Analysis, ClickOptions, ErrorKind};
use tapedeck_core::load::load;

fn offsets(list: &Value) -> Vec<f64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["offsetMs"].as_f64().unwrap())
        .collect()
}

#[test]
fn console_agrees_with_meta() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        // Counts per level (repeats are grouped; their counts add up).
        for (level, n) in meta["countByConsoleLevel"].as_object().unwrap() {
            let got: u32 = a.console.iter().filter(|c| &c.level == level).map(|c| c.count).sum();
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
        // Every console error and warning of the meta is there, at its time, with its text.
        for key in ["consoleErrors", "consoleWarnings"] {
            for m in meta[key].as_array().unwrap() {
                let t = m["offsetMs"].as_f64().unwrap();
                let text: Vec<String> = serde_json::from_str::<Vec<Value>>(&format!(
                    "[{}]",
                    m["payload"].as_str().unwrap().replace("\" {", "\", {")
                ))
                .map(|v| {
                    v.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
                let found = a.console.iter().any(|c| {
                    (c.t <= t && t <= c.last)
                        && text.first().is_none_or(|first| c.message().starts_with(first.as_str()))
                });
                assert!(found, "{name}: {key} at {t} ms ({text:?})");
            }
        }
    }
}

#[test]
fn errors_agree_with_meta() {
    for (name, body, meta) in recordings() {
        let s = load(&body).unwrap().session;
        let a = Analysis::new(&s, &ClickOptions::default());
        let uncaught: Vec<f64> = a
            .errors
            .iter()
            .filter(|e| matches!(e.kind, ErrorKind::Uncaught | ErrorKind::Rejection))
            .map(|e| e.t)
            .collect();
        // Grouped repeats carry their count: expand by console entry.
        let uncaught_count: u32 = a
            .errors
            .iter()
            .filter(|e| matches!(e.kind, ErrorKind::Uncaught | ErrorKind::Rejection))
            .map(|e| a.console[e.console.unwrap()].count)
            .sum();
        assert_eq!(
            uncaught_count as usize,
            meta["uncaughtErrors"].as_array().unwrap().len(),
            "{name}"
        );
        for t in offsets(&meta["uncaughtErrors"]) {
            assert!(
                uncaught.iter().any(|u| (*u - t).abs() < 1.0) || a.console.iter().any(|c| c.t <= t && t <= c.last),
                "{name}: uncaught at {t}"
            );
        }
        let console_errors: u32 = a
            .errors
            .iter()
            .filter_map(|e| e.console)
            .map(|i| a.console[i].count)
            .sum();
        assert_eq!(
            console_errors as usize,
            meta["consoleErrors"].as_array().unwrap().len(),
            "{name}"
        );
        let failed = a.errors.iter().filter(|e| e.kind == ErrorKind::FailedRequest).count();
        assert_eq!(failed, meta["networkFailures"].as_array().unwrap().len(), "{name}");
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
        for f in meta["networkFailures"].as_array().unwrap() {
            let url = f["url"].as_str().unwrap();
            let status = f["status"].as_u64().unwrap() as u16;
            let n = a
                .network
                .iter()
                .find(|n| n.url == url && n.status == status && n.failed())
                .unwrap_or_else(|| panic!("{name}: failed {url}"));
            if let Some(m) = f["method"].as_str() {
                assert_eq!(n.method, m, "{name}");
            }
            // Reported after it ended, never before.
            assert!(
                n.end <= f["offsetMs"].as_f64().unwrap() + 1.0,
                "{name}: {url} ends after it was reported"
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
    let pay_clicks: Vec<f64> = meta["clicks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == 192)
        .map(|c| c["offsetMs"].as_f64().unwrap())
        .collect();
    let posts: Vec<f64> = a.network.iter().filter(|n| n.method == "POST").map(|n| n.t).collect();
    assert_eq!(posts.len(), 2);
    for (click, post) in pay_clicks.iter().zip(&posts) {
        assert!(
            *post >= *click && *post - *click < 300.0,
            "POST at {post} ms, click at {click} ms"
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
