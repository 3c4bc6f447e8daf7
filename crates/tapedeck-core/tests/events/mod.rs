//! Building small recordings by hand, and playing them through, for the core's tests.
#![allow(dead_code)]

use tapedeck_core::load::{load, Loaded, Problems};
use tapedeck_core::replay::Replay;

pub const START: f64 = 1_700_000_000_000.0;

pub fn meta() -> String {
    format!(r#"{{"type":4,"data":{{"href":"https://example.com/","width":800,"height":600}},"timestamp":{START}}}"#)
}

pub fn snapshot(body_children: &str, t: f64) -> String {
    format!(
        r#"{{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[{{"type":2,"tagName":"html","attributes":{{}},"id":2,"childNodes":[{{"type":2,"tagName":"body","attributes":{{}},"id":3,"childNodes":[{body_children}]}}]}}]}},"initialOffset":{{"top":0,"left":0}}}},"timestamp":{t}}}"#
    )
}

pub fn text(id: i64, s: &str) -> String {
    format!(
        r#"{{"type":3,"textContent":{},"id":{id}}}"#,
        serde_json::to_string(s).unwrap()
    )
}

pub fn mutation(data: &str, t: f64) -> String {
    format!(r#"{{"type":3,"data":{{"source":0,{data}}},"timestamp":{t}}}"#)
}

pub fn body(events: &[String]) -> Vec<u8> {
    format!("[{}]", events.join(",")).into_bytes()
}

/// Loads, then plays: every frame is computed; returns the load's problems and the engine.
pub fn play(bytes: &[u8]) -> (Problems, Replay) {
    let Loaded { session, problems, .. } = load(bytes).expect("a playable session");
    let mut replay = Replay::new(session);
    let d = replay.duration();
    for t in [0.0, d / 3.0, d, d / 2.0, 0.0] {
        replay.frame(t);
    }
    while !replay.build_ahead(1000) {}
    (problems, replay)
}

pub fn messages(l: &Problems, r: &Replay) -> String {
    let mut all: Vec<String> = l.details.iter().map(|p| p.to_string()).collect();
    all.extend(r.problems.details.iter().map(|p| p.to_string()));
    all.join("\n")
}
