//! Every path by which a recording reaches the mirror goes through the sanitiser: the snapshot,
//! text and attribute mutations (also into a `<style>`), rule and declaration events, adopted
//! sheets and fonts. With remote assets blocked, no recorded URL is left at all.

mod common;

use common::fingerprint;
use serde_json::json;
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;
use tapedeck_core::sanitize::Policy;

fn el(id: i64, tag: &str, attributes: serde_json::Value, children: Vec<serde_json::Value>) -> serde_json::Value {
    json!({ "type": 2, "id": id, "tagName": tag, "attributes": attributes, "childNodes": children })
}

fn svg(id: i64, tag: &str, attributes: serde_json::Value) -> serde_json::Value {
    json!({ "type": 2, "id": id, "tagName": tag, "attributes": attributes, "childNodes": [], "isSVG": true })
}

fn text(id: i64, t: &str) -> serde_json::Value {
    json!({ "type": 3, "id": id, "textContent": t })
}

fn hostile() -> Vec<u8> {
    let head = vec![
        el(4, "style", json!({}), vec![text(5, "a{b:url(https://x/s1)}")]),
        el(6, "style", json!({}), vec![]),
        el(
            7,
            "LINK",
            json!({ "REL": "StyleSheet", "HREF": "https://x/l.css" }),
            vec![],
        ),
        el(
            8,
            "link",
            json!({ "rel": "preload", "AS": "image", "imagesrcset": "https://x/p.png 1x", "href": "https://x/p.png" }),
            vec![],
        ),
        el(
            9,
            "meta",
            json!({ "name": "Referrer", "content": "unsafe-url" }),
            vec![],
        ),
    ];
    let body = vec![
        json!({ "type": 2, "id": 11, "tagName": "svg", "attributes": {}, "isSVG": true, "childNodes": [
            svg(12, "x:image", json!({ "xlink:href": "https://x/i.png" })),
            svg(13, "use", json!({ "href": "other.svg#x" })),
            svg(14, "rect", json!({ "fill": "url(https://x/f.svg#p)" })),
            svg(21, "x:style", json!({})),
        ]}),
        el(
            15,
            "img",
            json!({ "src": "https://x/img.png", "srcset": "data:image/png;base64,AA 1x, https://x/img2.png 2x" }),
            vec![],
        ),
        el(
            16,
            "a",
            json!({ "ping": "https://x/ping", "href": "#top", "attributionsrc": "https://x/attr", "referrerpolicy": "unsafe-url" }),
            vec![text(22, "link")],
        ),
        el(
            17,
            "video",
            json!({ "poster": "https://x/poster.png" }),
            vec![el(18, "track", json!({ "src": "https://x/t.vtt" }), vec![])],
        ),
        el(19, "object", json!({ "data": "https://x/o.swf" }), vec![]),
        el(
            20,
            "div",
            json!({ "style": "background:\\75 rl(https://x/d.png)" }),
            vec![],
        ),
    ];
    let doc = json!({ "type": 0, "id": 1, "childNodes": [
        el(2, "html", json!({}), vec![el(3, "head", json!({}), head), el(10, "body", json!({}), body)])
    ]});
    let t0 = 1_700_000_000_000i64;
    let inc = |t: i64, data: serde_json::Value| json!({ "type": 3, "timestamp": t0 + t, "data": data });
    let events = vec![
        json!({ "type": 4, "timestamp": t0, "data": { "href": "https://x/", "width": 800, "height": 600 } }),
        json!({ "type": 2, "timestamp": t0 + 1, "data": { "node": doc, "initialOffset": { "top": 0, "left": 0 } } }),
        inc(
            10,
            json!({ "source": 0,
                "texts": [
                    { "id": 5, "value": "a{b:image-set('https://x/s2' 1x)}" },
                    { "id": 6, "value": "@\\69 mport 'https://x/s3.css';" }
                ],
                "attributes": [
                    { "id": 20, "attributes": { "style": "background:url(https://x/d3.png)" } },
                    { "id": 16, "attributes": { "PING": "https://x/ping2", "AttributionSrc": "https://x/a2" } },
                    { "id": 14, "attributes": { "stroke": "URL('https://x/s.svg#p')" } },
                    { "id": 7, "attributes": { "REL": "stylesheet" } }
                ],
                "removes": [],
                "adds": [
                    { "parentId": 4, "nextId": null, "node": text(30, "c{d:\\75 rl(https://x/s4)}") },
                    { "parentId": 21, "nextId": null, "node": text(31, "e{f:url(https://x/svg-style)}") }
                ]
            }),
        ),
        inc(
            20,
            json!({ "source": 8, "id": 4, "adds": [{ "rule": "e{f:url(https://x/s5)}", "index": 0 }] }),
        ),
        inc(
            30,
            json!({ "source": 13, "id": 4, "index": [0], "set": { "property": "background", "value": "url(https://x/s6)" } }),
        ),
        inc(
            40,
            json!({ "source": 10, "family": "F", "fontSource": "https://x/f.woff2\\\"), url(https://x/f2.woff2", "buffer": false }),
        ),
        inc(
            50,
            json!({ "source": 15, "id": 1, "styleIds": [1], "styles": [{ "styleId": 1, "rules": [{ "rule": "g{h:url(https://x/s7)}", "index": 0 }] }] }),
        ),
        inc(
            60,
            json!({ "source": 8, "styleId": 1, "adds": [{ "rule": "i{j:url(https://x/s8)}" }] }),
        ),
        inc(
            70,
            json!({ "source": 0, "texts": [{ "id": 4, "value": "k{l:url(https://x/s9)}" }], "attributes": [], "removes": [], "adds": [] }),
        ),
    ];
    serde_json::to_vec(&events).unwrap()
}

/// The state after each event.
fn states(policy: Policy) -> Vec<String> {
    let session = load(&hostile()).unwrap().session;
    let mut replay = Replay::with_policy(session, policy);
    [1.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
        .iter()
        .map(|t| fingerprint(replay.state_at(*t)))
        .collect()
}

fn final_state(policy: Policy) -> String {
    states(policy).pop().unwrap()
}

#[test]
fn blocking_remote_assets_leaves_no_recorded_url() {
    for state in states(Policy { block_remote: true }) {
        assert!(!state.contains("https://x/"), "{state}");
        // What is inline or local stays.
        assert!(state.contains("data:image/png;base64,AA 1x"), "{state}");
        assert!(state.contains("#top"), "{state}");
    }
}

#[test]
fn every_path_into_a_sheet_is_sanitised() {
    // Each step's URL is there by default (so the step did happen), and none when blocking.
    let open = states(Policy::default()).join("\n");
    for step in [
        "s1", "s2", "s4", "s5", "s6", "s7", "s8", "s9", "f.woff2", "d.png", "d3.png",
    ] {
        assert!(open.contains(&format!("https://x/{step}")), "{step}");
    }
}

#[test]
fn by_default_only_assets_load() {
    let state = final_state(Policy::default());
    for gone in [
        "https://x/ping",
        "https://x/attr",
        "https://x/a2",
        "referrerpolicy",
        "https://x/t.vtt",
        "https://x/o.swf",
        "other.svg",
        "https://x/p.png",
        // Paints refer to SVG elements of this document only, in both modes.
        "https://x/f.svg#p",
        "https://x/s.svg#p",
        "Referrer",
        "name=",
    ] {
        assert!(!state.contains(gone), "{gone} in {state}");
    }
    for kept in [
        "https://x/l.css",
        "https://x/i.png",
        "https://x/img.png",
        "https://x/img2.png 2x",
        "https://x/poster.png",
        "https://x/d3.png",
        "https://x/s9",
        "https://x/s7",
        "https://x/s8",
        "https://x/svg-style",
        "@\\69 mport 'https://x/s3.css'",
    ] {
        assert!(state.contains(kept), "{kept} not in {state}");
    }
    // `x:image` is an SVG image; attribute names of HTML elements are lower-cased as the DOM does.
    assert!(state.contains("<image "), "{state}");
    assert!(!state.contains("REL=") && !state.contains("PING"), "{state}");
}
