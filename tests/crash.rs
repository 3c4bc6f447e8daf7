//! The panic hook's error state, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_crash_shows_its_message_as_text_and_stops_the_player() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let player = doc.create_element("div").unwrap();
    player.set_attribute("data-testid", "player").unwrap();
    player.set_attribute("data-state", "playing").unwrap();
    doc.body().unwrap().append_child(&player).unwrap();

    let message = "panicked at src/x.rs:1:1: index out of bounds <img src=x onerror=alert(1)>";
    tapedeck::crash::show(message);

    let card = doc
        .query_selector("[data-testid=crash]")
        .unwrap()
        .expect("a crash card");
    assert_eq!(card.get_attribute("role").as_deref(), Some("alert"));
    let pre = card.query_selector("pre").unwrap().unwrap();
    assert_eq!(pre.text_content().unwrap(), message);
    assert!(
        card.query_selector("img").unwrap().is_none(),
        "the message must stay text"
    );
    assert!(card.text_content().unwrap().contains("Tapedeck stopped"));
    assert!(card.query_selector("a[href]").unwrap().is_some(), "a reload link");
    assert_eq!(player.get_attribute("data-state").as_deref(), Some("error"));

    // A second panic replaces the message rather than stacking cards.
    tapedeck::crash::show("second");
    assert_eq!(doc.query_selector_all("[data-testid=crash]").unwrap().length(), 1);
    assert_eq!(
        card.query_selector("pre").unwrap().unwrap().text_content().unwrap(),
        "second"
    );
}

#[wasm_bindgen_test]
fn memory_running_out_shows_the_out_of_memory_card() {
    use std::alloc::{alloc, dealloc, Layout};
    let doc = web_sys::window().unwrap().document().unwrap();
    // Two blocks of almost 2 GB: WebAssembly's 4 GB cannot hold both, so the second is refused
    // (as the program's next allocation would be, before it aborts).
    let layout = Layout::from_size_align((1 << 31) - (1 << 20), 8).unwrap();
    let first = unsafe { alloc(layout) };
    let second = unsafe { alloc(layout) };
    assert!(second.is_null(), "the second block cannot fit");
    for block in [first, second] {
        if !block.is_null() {
            unsafe { dealloc(block, layout) };
        }
    }
    let card = doc
        .query_selector("[data-testid=crash]")
        .unwrap()
        .expect("a crash card");
    assert_eq!(
        card.query_selector("h2").unwrap().unwrap().text_content().as_deref(),
        Some("Tapedeck stopped: out of memory")
    );
    assert!(card.text_content().unwrap().contains("max_memory_mb"));
    assert!(card.query_selector("a[href]").unwrap().is_some(), "a reload link");
    card.remove();
}
