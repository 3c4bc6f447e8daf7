//! Small pages recorded by the real rrweb recorder in Chromium, each doing one thing to its
//! style sheets or elements (tests/fixtures/fidelity). Each recording comes with what the
//! browser itself had when it ended (`<name>.expected.json`): the mirror at the end must agree.

mod events;
use events::messages;

use std::path::PathBuf;

use serde_json::Value;
use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{css::DEFINED_ATTR, Mirror, VKind};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fidelity")
}

/// The recording played to its end, what the browser had, and every problem said.
fn recorded(name: &str) -> (Mirror, Value, String) {
    let bytes = std::fs::read(dir().join(format!("{name}.json"))).unwrap();
    let truth: Value =
        serde_json::from_slice(&std::fs::read(dir().join(format!("{name}.expected.json"))).unwrap()).unwrap();
    let (l, mut r) = events::play(&bytes);
    let m = r.state_at(r.duration()).clone();
    (m, truth, messages(&l, &r))
}

/// The element whose `id` attribute is `html_id`, searched from `from` (shadow roots and
/// frames included).
fn by_html_id(m: &Mirror, from: NodeId, html_id: &str) -> NodeId {
    m.subtree(from)
        .into_iter()
        .find(|&n| m.element(n).is_some_and(|e| e.attr("id") == Some(html_id)))
        .unwrap_or_else(|| panic!("no element #{html_id}"))
}

/// The document inside iframe `#frame`.
fn frame_document(m: &Mirror, frame: &str) -> NodeId {
    let f = by_html_id(m, m.root().unwrap(), frame);
    m.subtree(f)
        .into_iter()
        .find(|&n| matches!(m.node(n).unwrap().kind, VKind::Document { .. }))
        .expect("the frame's document")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rules of sheets as the browser listed them, without spaces.
fn rules(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| squeeze(r.as_str().unwrap()))
        .collect()
}

/// The rules of the sheets adopted by `host` in the mirror, each sheet's rules without spaces.
fn adopted(m: &Mirror, host: NodeId) -> Vec<Vec<String>> {
    m.page.adopted.get(&host).map_or_else(Vec::new, |ids| {
        ids.iter()
            .map(|s| {
                m.page
                    .sheets
                    .get(s)
                    .map_or_else(Vec::new, |r| r.iter().map(|r| squeeze(r)).collect())
            })
            .collect()
    })
}

#[test]
fn a_style_is_its_texts_rules_after_every_text_change() {
    let (m, truth, problems) = recorded("style-text");
    let style = by_html_id(&m, m.root().unwrap(), "s");
    let want: Vec<String> = truth["documents"]["top"]["styleSheets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(rules)
        .collect();
    assert_eq!(want, ["h1{color:rgb(200,0,0);}"], "the page's own end state");
    assert_eq!(squeeze(&m.text_content(style)), want.concat(), "{problems}");
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn adopted_sheets_in_an_iframe_and_its_shadow_root_are_the_pages() {
    let (m, truth, problems) = recorded("adopted-iframe");
    let doc = frame_document(&m, "f");
    let child = &truth["documents"]["iframe#f"];
    let want: Vec<Vec<String>> = child["adopted"].as_array().unwrap().iter().map(rules).collect();
    assert_eq!(want.len(), 2);
    assert_eq!(adopted(&m, doc), want, "{problems}");
    let host = by_html_id(&m, doc, "host");
    let want: Vec<Vec<String>> = child["shadowAdopted"]["host"]
        .as_array()
        .unwrap()
        .iter()
        .map(rules)
        .collect();
    assert_eq!(
        adopted(&m, host),
        want,
        "one sheet shared by the document and a shadow root: {problems}"
    );
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn custom_elements_are_defined_as_they_were() {
    let (m, truth, problems) = recorded("custom-elements");
    let elements = truth["documents"]["top"]["elements"].as_object().unwrap();
    let mut seen = 0;
    for id in ["c1", "c2", "c3", "c4"] {
        let e = m.element(by_html_id(&m, m.root().unwrap(), id)).unwrap();
        let defined = elements[id]["defined"].as_bool().unwrap();
        assert_eq!(e.attr(DEFINED_ATTR).is_some(), defined, "#{id}: {problems}");
        seen += usize::from(defined);
    }
    assert_eq!(seen, 3, "x-never stays undefined");
}

#[test]
fn dialogs_end_as_they_were_opened() {
    let (m, truth, problems) = recorded("dialog");
    let elements = &truth["documents"]["top"]["elements"];
    for id in ["d", "n"] {
        let e = m.element(by_html_id(&m, m.root().unwrap(), id)).unwrap();
        let (open, modal) = (
            elements[id]["open"].as_bool().unwrap(),
            elements[id]["modal"].as_bool().unwrap(),
        );
        assert_eq!(
            (e.attr("open").is_some(), e.state.modal),
            (open, modal),
            "#{id}: {problems}"
        );
    }
    assert!(elements["d"]["modal"].as_bool().unwrap());
}

#[test]
fn focus_ends_where_the_keyboard_left_it() {
    let (m, truth, problems) = recorded("focus");
    let top = &truth["documents"]["top"];
    let active = top["activeElement"].as_str().unwrap();
    assert_eq!(active, "send");
    let (id, visible) = m.page.focus.unwrap_or_else(|| panic!("no focus: {problems}"));
    assert_eq!(m.element(id).unwrap().attr("id"), Some(active));
    assert_eq!(visible, top["elements"][active]["focusVisible"].as_bool().unwrap());
}

#[test]
fn a_webgl_canvas_keeps_its_size_and_says_why_it_is_blank() {
    let (m, truth, problems) = recorded("webgl");
    let g = m.element(by_html_id(&m, m.root().unwrap(), "g")).unwrap();
    let want = &truth["documents"]["top"]["elements"]["g"];
    // The laid-out box is the attributes' size plus the 1 px border of the page's rule.
    assert_eq!(
        g.attr("width").map(|w| w.parse::<i64>().unwrap() + 2),
        want["width"].as_i64()
    );
    assert_eq!(
        g.attr("height").map(|h| h.parse::<i64>().unwrap() + 2),
        want["height"].as_i64()
    );
    assert_eq!(
        problems.matches("WebGL drawing is not replayed").count(),
        1,
        "{problems}"
    );
}
