//! Small pages recorded by the real rrweb recorder (tests/fixtures/fidelity), replayed in the
//! browser and compared with what the browser had when they were recorded: style sheet rules,
//! computed styles, dialog and focus state.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use tapedeck::renderer::Renderer;
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// The recording and the browser's truth at its end.
fn fixture(recording: &str, truth: &str) -> (Replay, Value) {
    let loaded = load(recording.as_bytes()).unwrap();
    assert!(loaded.problems.details.is_empty(), "{:?}", loaded.problems.details);
    (Replay::new(loaded.session), serde_json::from_str(truth).unwrap())
}

macro_rules! recorded {
    ($name:literal) => {
        fixture(
            include_str!(concat!("fixtures/fidelity/", $name, ".json")),
            include_str!(concat!("fixtures/fidelity/", $name, ".expected.json")),
        )
    };
}

/// Shows the end of the recording, after the start (a seek forward over every change).
async fn at_end(replay: &mut Replay) -> Renderer {
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(replay, &mut renderer, 0.0).await;
    let end = replay.duration();
    show_frame(replay, &mut renderer, end).await;
    renderer
}

fn by_id(doc: &Document, id: &str) -> Element {
    doc.get_element_by_id(id).unwrap_or_else(|| panic!("no #{id}"))
}

/// Checks computed `properties` of the elements the truth lists (in `doc`, or in the shadow
/// root of `host` for keys `host>id`) against what the browser had.
fn same_styles(doc: &Document, truth: &Value, properties: &[(&str, &str)]) {
    for (key, want) in truth["elements"].as_object().unwrap() {
        let el = match key.split_once('>') {
            Some((host, id)) => by_id(doc, host).shadow_root().unwrap().get_element_by_id(id).unwrap(),
            None => by_id(doc, key),
        };
        for (css, field) in properties {
            assert_eq!(computed(&el, css), want[*field].as_str().unwrap(), "#{key} {css}");
        }
    }
}

/// The rules of a sheet, without spaces.
fn rules(sheet: &web_sys::CssStyleSheet) -> Vec<String> {
    let list = sheet.css_rules().unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .css_text()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

fn want_rules(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s.as_array().unwrap())
        .map(|r| r.as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// The adopted style sheets of a document or shadow root.
fn adopted(target: &wasm_bindgen::JsValue) -> Vec<web_sys::CssStyleSheet> {
    let list: js_sys::Array = js_sys::Reflect::get(target, &"adoptedStyleSheets".into())
        .unwrap()
        .unchecked_into();
    list.iter().map(|s| s.unchecked_into()).collect()
}

#[wasm_bindgen_test]
async fn a_styles_rules_are_its_texts_after_rule_edits_and_text_changes() {
    let (mut replay, truth) = recorded!("style-text");
    let renderer = at_end(&mut replay).await;
    let doc = renderer.document().unwrap();
    let top = &truth["documents"]["top"];
    let sheet: web_sys::CssStyleSheet = by_id(&doc, "s")
        .unchecked_into::<web_sys::HtmlStyleElement>()
        .sheet()
        .unwrap()
        .unchecked_into();
    assert_eq!(rules(&sheet), want_rules(&top["styleSheets"]));
    same_styles(&doc, top, &[("color", "color")]);
}

#[wasm_bindgen_test]
async fn adopted_sheets_in_an_iframe_are_the_pages_after_every_seek() {
    let (mut replay, truth) = recorded!("adopted-iframe");
    let mut renderer = at_end(&mut replay).await;
    let end = replay.duration();
    // Forward, back, forward again, and forward from the middle: the same sheets each time.
    for t in [end, end / 2.0, end, 0.0, end] {
        show_frame(&mut replay, &mut renderer, t).await;
    }
    let top = renderer.document().unwrap();
    let frame: web_sys::HtmlIFrameElement = by_id(&top, "f").unchecked_into();
    let doc = frame.content_document().expect("the child document");
    let child = &truth["documents"]["iframe#f"];
    let sheets = adopted(&doc);
    let want: Vec<Vec<String>> = child["adopted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| want_rules(&Value::Array(vec![s.clone()])))
        .collect();
    assert_eq!(
        sheets.iter().map(rules).collect::<Vec<_>>(),
        want,
        "the document's adopted sheets"
    );
    let root = by_id(&doc, "host").shadow_root().unwrap();
    let shadow = adopted(&root);
    assert_eq!(shadow.len(), 1);
    assert_eq!(rules(&shadow[0]), want_rules(&child["shadowAdopted"]["host"]));
    assert!(
        js_sys::Object::is(&shadow[0], &sheets[0]),
        "one sheet shared by the document and the shadow root"
    );
    assert_eq!(
        doc.query_selector_all("style").unwrap().length(),
        1,
        "no stand-in beside the player's own style"
    );
    same_styles(&doc, child, &[("color", "color"), ("font-size", "fontSize")]);
}

#[wasm_bindgen_test]
async fn custom_elements_show_as_they_did() {
    let (mut replay, truth) = recorded!("custom-elements");
    let renderer = at_end(&mut replay).await;
    let doc = renderer.document().unwrap();
    same_styles(
        &doc,
        &truth["documents"]["top"],
        &[("display", "display"), ("color", "color")],
    );
}

#[wasm_bindgen_test]
async fn dialogs_are_open_and_modal_as_they_were() {
    let (mut replay, truth) = recorded!("dialog");
    let renderer = at_end(&mut replay).await;
    let doc = renderer.document().unwrap();
    let top = &truth["documents"]["top"];
    for id in ["d", "n"] {
        let d = by_id(&doc, id);
        let want = &top["elements"][id];
        assert_eq!(d.matches(":modal").unwrap(), want["modal"].as_bool().unwrap(), "#{id}");
        assert_eq!(d.has_attribute("open"), want["open"].as_bool().unwrap(), "#{id}");
    }
    // The dialog's first button got focus from `showModal()`, with the browser's focus ring.
    same_styles(&doc, top, &[("display", "display"), ("outline-style", "outlineStyle")]);
}

#[wasm_bindgen_test]
async fn focus_and_its_styles_are_where_the_keyboard_left_them() {
    let (mut replay, truth) = recorded!("focus");
    let renderer = at_end(&mut replay).await;
    let doc = renderer.document().unwrap();
    let top = &truth["documents"]["top"];
    // The recorded focus is marked where the browser had it (the replay's own `activeElement`
    // stays: the player keeps the keyboard).
    let marked = doc
        .query_selector_all(&format!("[{}]", tapedeck_core::mirror::css::FOCUS_ATTR))
        .unwrap();
    assert_eq!(marked.length(), 1);
    let marked: Element = marked.item(0).unwrap().unchecked_into();
    assert_eq!(Some(marked.id().as_str()), top["activeElement"].as_str());
    same_styles(
        &doc,
        top,
        &[
            ("outline-style", "outlineStyle"),
            ("outline-color", "outlineColor"),
            ("background-color", "backgroundColor"),
        ],
    );
    let player = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        player.active_element(),
        player.body().map(Into::into),
        "the player keeps the keyboard"
    );
}

#[wasm_bindgen_test]
async fn a_webgl_canvas_keeps_the_box_it_had() {
    let (mut replay, truth) = recorded!("webgl");
    let renderer = at_end(&mut replay).await;
    let doc = renderer.document().unwrap();
    let want = &truth["documents"]["top"]["elements"]["g"];
    wait_for_box(
        &by_id(&doc, "g"),
        want["width"].as_f64().unwrap(),
        want["height"].as_f64().unwrap(),
    )
    .await;
    let below = by_id(&doc, "after").get_bounding_client_rect().top();
    assert_eq!(below.round() as i64, want_top(&truth, "after"));
}

/// Where the browser laid out `id` (its top), from the truth's boxes: not recorded, so the
/// canvas box is checked through the element below it staying put.
fn want_top(truth: &Value, id: &str) -> i64 {
    truth["documents"]["top"]["elements"][id]["top"]
        .as_i64()
        .unwrap_or_else(|| panic!("no top of #{id}"))
}
