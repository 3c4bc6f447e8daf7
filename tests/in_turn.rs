//! `use_in_turn`: parts of the UI built one a task once ready, lowest turn first, in headless
//! Chromium.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tapedeck::fetch::yield_to_browser;
use tapedeck::hooks::use_in_turn;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn shown(root: &web_sys::Element) -> Vec<String> {
    let parts = root.query_selector_all("[data-part]").unwrap();
    (0..parts.length())
        .map(|i| {
            let el: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(parts.get(i).unwrap());
            el.get_attribute("data-part").unwrap()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn parts_wait_for_ready_then_come_one_a_task_lowest_turn_first() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let ready = RwSignal::new(false);
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root.clone());
    let _mounted = leptos::mount::mount_to(host, move || {
        // Declared late-turn first: the turn, not the order, decides.
        let late = use_in_turn(move || ready.get().then_some(5));
        let early = use_in_turn(move || ready.get().then_some(1));
        let also_early = use_in_turn(move || ready.get().then_some(1));
        view! {
            <div>
                {move || late.get().then(|| view! { <p data-part="late">"late"</p> })}
                {move || early.get().then(|| view! { <p data-part="early">"early"</p> })}
                {move || also_early.get().then(|| view! { <p data-part="also-early">"also early"</p> })}
            </div>
        }
    });
    for _ in 0..3 {
        yield_to_browser().await;
    }
    assert!(shown(&root).is_empty(), "nothing is built before ready");

    ready.set(true);
    // What the page holds after each task, as long as it changes (a task of the test's own
    // comes between any two of the parts').
    let mut steps: Vec<Vec<String>> = Vec::new();
    for _ in 0..8 {
        yield_to_browser().await;
        let now = shown(&root);
        if !now.is_empty() && steps.last() != Some(&now) {
            steps.push(now);
        }
    }
    // One part more a task, in the order of their turns (parts of one turn in the order they
    // became ready), each placed where it was declared.
    let s = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    assert_eq!(
        steps,
        vec![
            s(&["early"]),
            s(&["early", "also-early"]),
            s(&["late", "early", "also-early"])
        ]
    );
    assert_eq!(shown(&root).len(), 3, "every part is built in the end");

    // Ready going false again takes nothing away.
    ready.set(false);
    yield_to_browser().await;
    assert_eq!(shown(&root).len(), 3);
}
