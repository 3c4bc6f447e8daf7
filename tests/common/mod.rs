//! What the browser tests share: a sandboxed replay iframe, waiting for it, showing frames.
#![allow(dead_code)]

use tapedeck::renderer::Renderer;
use tapedeck_core::mirror::Mirror;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement};

/// A sandboxed replay iframe with the page the player gives it (as `player.rs` does).
pub async fn sandboxed_iframe() -> HtmlIFrameElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let frame: HtmlIFrameElement = doc.create_element("iframe").unwrap().unchecked_into();
    frame.set_attribute("sandbox", "allow-same-origin").unwrap();
    frame.set_attribute("width", "800").unwrap();
    frame.set_attribute("height", "600").unwrap();
    doc.body().unwrap().append_child(&frame).unwrap();
    if let Some(page) = tapedeck::renderer::FramePage::new() {
        page.load_in(&frame);
        page.ready().await;
    }
    frame
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits (at most 5 s) until every document the renderer asked for has arrived and is built,
/// as the player does on the frames' load events.
pub async fn settled(renderer: &mut Renderer, mirror: &Mirror, now: f64) {
    for _ in 0..500 {
        if !renderer.waiting() {
            return;
        }
        sleep(10).await;
        renderer.settle(mirror, now);
    }
    panic!("the documents the renderer asked for never arrived");
}

/// Shows the frame at `t` (ms into the session) and checks the iframe's DOM is the mirror's.
pub async fn show_frame(replay: &mut tapedeck_core::replay::Replay, renderer: &mut Renderer, t: f64) {
    let patches = replay.frame(t);
    let start = replay.session.start;
    let shown = replay.shown().unwrap();
    renderer.apply(shown, &patches, start + t);
    settled(renderer, shown, start + t).await;
    assert!(renderer.warnings.is_empty(), "{:?}", renderer.warnings);
    assert_eq!(
        renderer.serialize(),
        shown.serialize(shown.root().unwrap()),
        "at {t} ms"
    );
}

/// Waits (at most 3 s) until `el` is laid out at `w`×`h` CSS px (its blank image decodes).
pub async fn wait_for_box(el: &Element, w: f64, h: f64) {
    let mut last = (0.0, 0.0);
    for _ in 0..300 {
        let r = el.get_bounding_client_rect();
        last = (r.width(), r.height());
        if (last.0 - w).abs() < 0.5 && (last.1 - h).abs() < 0.5 {
            return;
        }
        sleep(10).await;
    }
    panic!("laid out at {last:?}, not {w}×{h}");
}

/// The computed value of `property` on `el`, in its own document's window.
pub fn computed(el: &Element, property: &str) -> String {
    let view = el.owner_document().unwrap().default_view().unwrap();
    view.get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}
