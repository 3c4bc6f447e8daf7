//! The panic hook's error state, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_crash_shows_its_message_as_text_and_stops_the_player() {
    let doc = web_sys::window().unwrap().document().unwrap();
    // The tests share a page: a card another left (a refused allocation) would be the first.
    if let Some(old) = doc.query_selector("[data-testid=crash]").unwrap() {
        old.remove();
    }
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

    // A second failure is a consequence of the first: one card, the first message.
    tapedeck::crash::show("second");
    tapedeck::crash::out_of_memory();
    assert_eq!(doc.query_selector_all("[data-testid=crash]").unwrap().length(), 1);
    assert_eq!(
        card.query_selector("pre").unwrap().unwrap().text_content().unwrap(),
        message
    );
    card.remove();
}

#[wasm_bindgen_test]
fn memory_running_out_shows_the_out_of_memory_card() {
    use std::alloc::{alloc, dealloc, Layout};
    let doc = web_sys::window().unwrap().document().unwrap();
    // Blocks of 1.5 GB until one is refused (WebAssembly's memory ends at 4 GB), as the program's
    // next allocation would be, before it aborts.
    let layout = Layout::from_size_align(3 << 29, 8).unwrap();
    if let Some(old) = doc.query_selector("[data-testid=crash]").unwrap() {
        old.remove();
    }
    let mut blocks = Vec::with_capacity(4);
    let before = tapedeck::heap::live();
    let refused = loop {
        let block = unsafe { alloc(layout) };
        if block.is_null() || blocks.len() == 3 {
            break block.is_null();
        }
        blocks.push(block);
    };
    assert!(refused, "4.5 GB cannot be given");
    // The refused block is not counted as held.
    assert_eq!(tapedeck::heap::live(), before + blocks.len() * layout.size());
    for block in &blocks {
        unsafe { dealloc(*block, layout) };
    }
    assert_eq!(tapedeck::heap::live(), before);
    drop(blocks);
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

#[wasm_bindgen_test]
fn the_heap_count_follows_reallocations_given_or_refused() {
    use std::alloc::{alloc, dealloc, realloc, Layout};
    use tapedeck::heap::live;
    let one_gb = Layout::from_size_align(1 << 30, 8).unwrap();
    let before = live();
    let p = unsafe { alloc(one_gb) };
    assert!(!p.is_null());
    assert_eq!(live(), before + (1 << 30));
    // Grown to almost 2 GB: given (in place or moved) or refused; either way the count is what
    // is held.
    let big = (1 << 31) - (1 << 20);
    let q = unsafe { realloc(p, one_gb, big) };
    let (p, held) = if q.is_null() { (p, 1 << 30) } else { (q, big) };
    assert_eq!(live(), before + held);
    // Shrunk to a megabyte.
    let r = unsafe { realloc(p, Layout::from_size_align(held, 8).unwrap(), 1 << 20) };
    assert!(!r.is_null());
    assert_eq!(live(), before + (1 << 20));
    unsafe { dealloc(r, Layout::from_size_align(1 << 20, 8).unwrap()) };
    assert_eq!(live(), before);
}
