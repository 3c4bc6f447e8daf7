//! Browser tests of the state behind the picture: a style's rules after its text changes,
//! custom elements under `:not(:defined)`, modal dialogs, the recorded focus.
#![cfg(target_arch = "wasm32")]

use tapedeck::renderer::Renderer;
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// A recording of `head` and `body` children at 1000 ms, then `changes` (incremental data,
/// one a second from 2000 ms), ended by a mouse move at 9000 ms.
fn recording(head: &str, body: &str, changes: &[&str]) -> Replay {
    let mut events = vec![
        r#"{"type":4,"data":{"href":"http://example.test/","width":800,"height":600},"timestamp":1000}"#.to_owned(),
        format!(
            r#"{{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[
              {{"type":2,"tagName":"html","attributes":{{}},"id":2,"childNodes":[
                {{"type":2,"tagName":"head","attributes":{{}},"id":3,"childNodes":[{head}]}},
                {{"type":2,"tagName":"body","attributes":{{}},"id":4,"childNodes":[{body}]}}]}}]}},
              "initialOffset":{{"top":0,"left":0}}}},"timestamp":1000}}"#
        ),
    ];
    for (i, c) in changes.iter().enumerate() {
        events.push(format!(r#"{{"type":3,"data":{c},"timestamp":{}}}"#, 2000 + 1000 * i));
    }
    events.push(
        r#"{"type":3,"data":{"source":1,"positions":[{"x":1,"y":1,"id":4,"timeOffset":0}]},"timestamp":9000}"#
            .to_owned(),
    );
    let loaded = load(format!("[{}]", events.join(",")).as_bytes()).unwrap();
    assert!(loaded.problems.details.is_empty(), "{:?}", loaded.problems.details);
    Replay::new(loaded.session)
}

fn find(doc: &Document, selector: &str) -> Element {
    doc.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

/// `insertRule`, then a text node appended to the style: the rules are the text's again.
#[wasm_bindgen_test]
async fn a_style_text_change_drops_inserted_rules_in_the_cssom() {
    let mut replay = recording(
        r#"{"type":2,"tagName":"style","attributes":{},"id":5,"childNodes":[{"type":3,"textContent":"p { color: rgb(255, 0, 0); }","id":6}]}"#,
        r#"{"type":2,"tagName":"p","attributes":{},"id":7,"childNodes":[{"type":3,"textContent":"hello","id":8}]}"#,
        &[
            r#"{"source":8,"id":5,"adds":[{"rule":"p { color: rgb(0, 0, 255); }","index":1}]}"#,
            r#"{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":5,"nextId":null,"node":{"type":3,"textContent":"b { color: green; }","id":9}}]}"#,
        ],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    let doc = renderer.document().unwrap();
    assert_eq!(computed(&find(&doc, "p"), "color"), "rgb(0, 0, 255)");
    show_frame(&mut replay, &mut renderer, 2500.0).await;
    assert_eq!(computed(&find(&doc, "p"), "color"), "rgb(255, 0, 0)");
    let sheet: web_sys::CssStyleSheet = find(&doc, "style:not([data-tapedeck])")
        .unchecked_into::<web_sys::HtmlStyleElement>()
        .sheet()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        sheet.css_rules().unwrap().length(),
        2,
        "the text's two rules, not the inserted one"
    );
    // Back before the change: the inserted rule again.
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(computed(&find(&doc, "p"), "color"), "rgb(0, 0, 255)");
}

/// A web-component page hides undefined elements; those defined when recorded still show.
#[wasm_bindgen_test]
async fn custom_elements_defined_when_recorded_are_not_hidden() {
    let mut replay = recording(
        r#"{"type":2,"tagName":"style","attributes":{},"id":5,"childNodes":[{"type":3,"textContent":":not(:defined) { display: none; }","id":6}]}"#,
        r#"{"type":2,"tagName":"sl-card","attributes":{},"isCustom":true,"id":7,"childNodes":[{"type":3,"textContent":"Order total","id":8}]},
           {"type":2,"tagName":"x-pending","attributes":{},"id":9,"childNodes":[{"type":3,"textContent":"not yet","id":10}]}"#,
        &[r#"{"source":16,"define":{"name":"x-pending"}}"#],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 500.0).await;
    let doc = renderer.document().unwrap();
    assert_eq!(computed(&find(&doc, "sl-card"), "display"), "inline");
    assert!(find(&doc, "sl-card").get_bounding_client_rect().height() > 0.0);
    assert_eq!(computed(&find(&doc, "x-pending"), "display"), "none", "not defined yet");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(computed(&find(&doc, "x-pending"), "display"), "inline");
}

/// `showModal()` recorded: the dialog is modal in the replay (top layer, centred over its
/// backdrop), the player keeps its focus; closed, it is gone; shown non-modal, it is open.
#[wasm_bindgen_test]
async fn a_modal_dialog_is_shown_modal() {
    let player = web_sys::window().unwrap().document().unwrap();
    let button: web_sys::HtmlElement = player.create_element("button").unwrap().unchecked_into();
    player.body().unwrap().append_child(&button).unwrap();
    button.focus().unwrap();
    let mut replay = recording(
        r#"{"type":2,"tagName":"style","attributes":{},"id":5,"childNodes":[{"type":3,"textContent":"dialog::backdrop { background: rgb(0, 0, 0); }","id":6}]}"#,
        r#"{"type":2,"tagName":"dialog","attributes":{"open":"","rr_open_mode":"modal"},"id":7,"childNodes":[
             {"type":2,"tagName":"input","attributes":{},"id":8,"childNodes":[]}]}"#,
        &[
            r#"{"source":0,"texts":[],"removes":[],"adds":[],"attributes":[{"id":7,"attributes":{"open":null}}]}"#,
            r#"{"source":0,"texts":[],"removes":[],"adds":[],"attributes":[{"id":7,"attributes":{"open":"","rr_open_mode":"non-modal"}}]}"#,
        ],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 500.0).await;
    let doc = renderer.document().unwrap();
    let dialog = find(&doc, "dialog");
    assert!(dialog.matches(":modal").unwrap());
    assert_eq!(computed(&dialog, "position"), "fixed", "in the top layer");
    let r = dialog.get_bounding_client_rect();
    assert!(
        (r.x() + r.width() / 2.0 - 400.0).abs() < 2.0,
        "centred: {} + {}",
        r.x(),
        r.width()
    );
    assert_eq!(
        player.active_element(),
        Some(button.clone().into()),
        "the player keeps its focus"
    );
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert!(!dialog.matches(":modal").unwrap() && !dialog.has_attribute("open"));
    show_frame(&mut replay, &mut renderer, 2500.0).await;
    assert!(!dialog.matches(":modal").unwrap() && dialog.has_attribute("open"));
    show_frame(&mut replay, &mut renderer, 500.0).await;
    assert!(dialog.matches(":modal").unwrap(), "modal again when seeking back");
    button.remove();
}

/// Focus through a form: `:focus`, `:focus-visible` and `:focus-within` styles apply to the
/// recorded focus, marked on the element; neither the player's nor the replay's own focus moves.
#[wasm_bindgen_test]
async fn recorded_focus_styles_the_page() {
    let css = "input:focus { color: rgb(255, 0, 0); } input:focus-visible { outline: 3px solid rgb(0, 0, 255); } \
               form:focus-within { background-color: rgb(0, 128, 0); }";
    let mut replay = recording(
        &format!(
            r#"{{"type":2,"tagName":"style","attributes":{{}},"id":5,"childNodes":[{{"type":3,"textContent":"{css}","id":6}}]}}"#
        ),
        r#"{"type":2,"tagName":"form","attributes":{},"id":7,"childNodes":[
             {"type":2,"tagName":"input","attributes":{"name":"email"},"id":8,"childNodes":[]}]}"#,
        &[r#"{"source":2,"type":5,"id":8}"#, r#"{"source":2,"type":6,"id":8}"#],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 500.0).await;
    let doc = renderer.document().unwrap();
    let input = find(&doc, "input");
    let form = find(&doc, "form");
    assert_eq!(computed(&form, "background-color"), "rgba(0, 0, 0, 0)");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(computed(&input, "color"), "rgb(255, 0, 0)");
    assert_eq!(computed(&input, "outline-color"), "rgb(0, 0, 255)");
    assert_eq!(computed(&form, "background-color"), "rgb(0, 128, 0)");
    assert!(
        input.has_attribute(tapedeck_core::mirror::css::FOCUS_ATTR),
        "the recorded focus is marked"
    );
    assert_ne!(
        doc.active_element(),
        Some(input.clone()),
        "the replay's focus is not moved"
    );
    let player = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        player.active_element(),
        player.body().map(Into::into),
        "the player's focus is not taken"
    );
    show_frame(&mut replay, &mut renderer, 2500.0).await;
    assert_eq!(computed(&form, "background-color"), "rgba(0, 0, 0, 0)");
    assert!(!input.has_attribute(tapedeck_core::mirror::css::FOCUS_ATTR), "blurred");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(
        computed(&form, "background-color"),
        "rgb(0, 128, 0)",
        "seeking back brings it back"
    );
}

/// A modal dialog moved in the page (removed and added again, as rrweb records a move) is
/// still modal; its field, focused again after the move (a move loses focus), has its focus
/// marks on its new ancestors even when one seek covers both (the focus is the same before
/// and after).
#[wasm_bindgen_test]
async fn a_moved_modal_dialog_stays_modal_and_focus_marks_follow() {
    let dialog = r#"{"type":2,"tagName":"dialog","attributes":{"open":"","rr_open_mode":"modal"},"id":8,"childNodes":[
                      {"type":2,"tagName":"input","attributes":{},"id":9,"childNodes":[]}]}"#;
    let mut replay = recording(
        "",
        &format!(
            r#"{{"type":2,"tagName":"div","attributes":{{"id":"a"}},"id":7,"childNodes":[{dialog}]}},
               {{"type":2,"tagName":"div","attributes":{{"id":"b"}},"id":10,"childNodes":[]}}"#
        ),
        &[
            r#"{"source":2,"type":5,"id":9}"#,
            &format!(
                r#"{{"source":0,"texts":[],"attributes":[],"removes":[{{"parentId":7,"id":8}}],"adds":[{{"parentId":10,"nextId":null,"node":{dialog}}}]}}"#
            ),
            r#"{"source":2,"type":5,"id":9}"#,
        ],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    let doc = renderer.document().unwrap();
    let within = tapedeck_core::mirror::css::FOCUS_WITHIN_ATTR;
    assert!(find(&doc, "#a").has_attribute(within));
    show_frame(&mut replay, &mut renderer, 3500.0).await;
    assert!(find(&doc, "dialog").matches(":modal").unwrap(), "modal after the move");
    assert!(find(&doc, "#b").has_attribute(within), "the new ancestor is marked");
    assert!(!find(&doc, "#a").has_attribute(within), "the old one is not");
    assert!(find(&doc, "input").has_attribute(tapedeck_core::mirror::css::FOCUS_ATTR));
}

/// A `<style>`'s sheet is its own text children: text under an element inside it is no CSS
/// (the browser ignores it, and the core sanitises only the sheet), also once the page edits
/// the sheet's rules.
#[wasm_bindgen_test]
async fn text_under_an_element_in_a_style_is_never_css() {
    let mut replay = recording(
        r#"{"type":2,"tagName":"style","attributes":{},"id":5,"childNodes":[
          {"type":3,"textContent":"p { color: rgb(255, 0, 0); }","id":6},
          {"type":2,"tagName":"b","attributes":{},"id":10,"childNodes":[{"type":3,"textContent":"p { color: rgb(0, 128, 0); } @import url(https://tracker.example/a.css);","id":11}]}]}"#,
        r#"{"type":2,"tagName":"p","attributes":{},"id":7,"childNodes":[{"type":3,"textContent":"hello","id":8}]}"#,
        &[r#"{"source":8,"id":5,"adds":[{"rule":"b { color: rgb(0, 0, 255); }","index":1}]}"#],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    for t in [500.0, 1500.0] {
        show_frame(&mut replay, &mut renderer, t).await;
        let doc = renderer.document().unwrap();
        assert_eq!(computed(&find(&doc, "p"), "color"), "rgb(255, 0, 0)", "at {t}");
        let css = find(&doc, "style:not([data-tapedeck])").text_content().unwrap();
        assert!(!css.contains("128") && !css.contains("tracker"), "at {t}: {css}");
    }
}

/// A replaced subtree whose `<style>` is shown by the old one's element: the old sheet's
/// texts are gone from it, though no patch names them.
#[wasm_bindgen_test]
async fn a_reused_style_shows_only_its_own_texts() {
    let section = |b: i64, css: &str| {
        format!(
            r#"{{"type":2,"tagName":"section","attributes":{{}},"id":{b},"childNodes":[
              {{"type":2,"tagName":"style","attributes":{{}},"id":{s},"childNodes":[{css}]}},
              {{"type":2,"tagName":"p","attributes":{{}},"id":{p},"childNodes":[{{"type":3,"textContent":"hello","id":{t}}}]}}]}}"#,
            s = b + 1,
            p = b + 5,
            t = b + 6,
        )
    };
    let text = |id: i64, css: &str| format!(r#"{{"type":3,"textContent":"{css}","id":{id}}}"#);
    let red = "p { color: rgb(255, 0, 0); }";
    let first = section(
        10,
        &format!("{},{}", text(12, red), text(13, "p { color: rgb(0, 0, 255); }")),
    );
    let second = section(20, &text(22, red));
    let change = format!(
        r#"{{"source":0,"texts":[],"attributes":[],"removes":[{{"parentId":4,"id":10}}],"adds":[{{"parentId":4,"nextId":null,"node":{second}}}]}}"#
    );
    let mut replay = recording("", &first, &[&change]);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    // Times are ms into the session (which starts at 1000).
    show_frame(&mut replay, &mut renderer, 500.0).await;
    let doc = renderer.document().unwrap();
    let p = find(&doc, "p");
    assert_eq!(computed(&p, "color"), "rgb(0, 0, 255)");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert!(
        find(&doc, "p").is_same_node(Some(&p)),
        "the replaced subtree's elements are reused"
    );
    assert_eq!(computed(&p, "color"), "rgb(255, 0, 0)");
    show_frame(&mut replay, &mut renderer, 500.0).await;
    assert_eq!(computed(&p, "color"), "rgb(0, 0, 255)");
}

/// A text moved into a `<style>` (where it is CSS) and back out shows its text of then.
#[wasm_bindgen_test]
async fn a_text_moved_through_a_style_shows_its_last_text() {
    let mut replay = recording(
        r#"{"type":2,"tagName":"style","attributes":{},"id":5,"childNodes":[]}"#,
        r#"{"type":2,"tagName":"p","attributes":{},"id":7,"childNodes":[{"type":3,"textContent":"hello","id":8}]}"#,
        &[
            r#"{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":7,"id":8}],"adds":[{"parentId":5,"nextId":null,"node":{"type":3,"textContent":"a{}","id":8}}]}"#,
            r#"{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":5,"id":8}],"adds":[{"parentId":7,"nextId":null,"node":{"type":3,"textContent":"a{}","id":8}}]}"#,
        ],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    for (t, text) in [
        (500.0, "hello"),
        (1500.0, ""),
        (2500.0, "a{}"),
        (500.0, "hello"),
        (2500.0, "a{}"),
    ] {
        show_frame(&mut replay, &mut renderer, t).await;
        let doc = renderer.document().unwrap();
        assert_eq!(find(&doc, "p").text_content().unwrap(), text, "at {t}");
    }
}

/// The recorded selection is shown; kept through the page's later changes (it is put again
/// only when what it says or the nodes under it changed); an empty selection clears it; seeking
/// back brings it back.
#[wasm_bindgen_test]
async fn the_recorded_selection_is_shown_kept_and_cleared() {
    let mut replay = recording(
        "",
        r#"{"type":2,"tagName":"p","attributes":{},"id":7,"childNodes":[{"type":3,"textContent":"hello world","id":8}]}"#,
        &[
            r#"{"source":14,"ranges":[{"start":8,"startOffset":0,"end":8,"endOffset":5}]}"#,
            r#"{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":4,"nextId":null,"node":{"type":2,"tagName":"i","attributes":{},"id":9,"childNodes":[]}}]}"#,
            r#"{"source":14,"ranges":[]}"#,
        ],
    );
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    let selected = |renderer: &Renderer| {
        let sel = renderer.document().unwrap().get_selection().unwrap().unwrap();
        String::from(sel.to_string())
    };
    show_frame(&mut replay, &mut renderer, 500.0).await;
    assert_eq!(selected(&renderer), "");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(selected(&renderer), "hello");
    show_frame(&mut replay, &mut renderer, 2500.0).await;
    assert!(renderer.document().unwrap().query_selector("i").unwrap().is_some());
    assert_eq!(selected(&renderer), "hello", "after a node was added");
    show_frame(&mut replay, &mut renderer, 3500.0).await;
    assert_eq!(selected(&renderer), "");
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(selected(&renderer), "hello", "seeking back brings it back");
}
