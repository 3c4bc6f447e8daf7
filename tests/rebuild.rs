//! Views rebuilt in place, in headless Chromium: the player is built with Leptos's
//! `erase_components` and the tachys patch in `vendor/tachys` (README, Size). A rebuilt row keeps
//! its element, its focus and one listener: the newest.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tapedeck::fetch::yield_to_browser;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> (web_sys::Document, web_sys::HtmlElement) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    (doc, root.unchecked_into())
}

fn rows(root: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let found = root.query_selector_all("[data-row]").unwrap();
    (0..found.length())
        .map(|i| found.get(i).unwrap().unchecked_into())
        .collect()
}

// The player ships erased; these tests are about that build (a `RUSTFLAGS` variable would
// replace `.cargo/config.toml`'s flags and quietly test the typed build instead).
#[cfg(not(erase_components))]
compile_error!("tests/rebuild.rs needs --cfg erase_components (.cargo/config.toml; is RUSTFLAGS set?)");

#[wasm_bindgen_test]
async fn a_rebuilt_row_keeps_its_element_its_focus_and_only_its_newest_listener() {
    let (doc, root) = host();
    // What the rows say when clicked: (row, the round it was built in).
    let clicks = RwSignal::new(Vec::<(usize, usize)>::new());
    let round = RwSignal::new(0usize);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <div>
                {move || {
                    let r = round.get();
                    (0..3)
                        .map(|i| {
                            view! {
                                <div
                                    data-row=i
                                    data-round=r
                                    tabindex=if i == 0 { "0" } else { "-1" }
                                    aria-expanded=(r % 2 == 1).to_string()
                                    on:click=move |_| clicks.update(|c| c.push((i, r)))
                                >
                                    {format!("row {i} of round {r}")}
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
        }
    });
    yield_to_browser().await;
    let first = rows(&root);
    assert_eq!(first.len(), 3);
    first[0].focus().unwrap();
    assert_eq!(doc.active_element().as_ref(), Some(first[0].as_ref()));

    for r in 1..=3 {
        round.set(r);
        yield_to_browser().await;
        let now = rows(&root);
        assert_eq!(now.len(), 3);
        for (old, new) in first.iter().zip(&now) {
            assert!(old.is_same_node(Some(new)), "round {r}: the row is the same element");
        }
        assert_eq!(
            now[1].get_attribute("data-round").as_deref(),
            Some(r.to_string().as_str())
        );
        assert_eq!(
            now[1].get_attribute("aria-expanded").as_deref(),
            Some(if r % 2 == 1 { "true" } else { "false" })
        );
        assert_eq!(now[2].text_content().unwrap(), format!("row 2 of round {r}"));
        assert_eq!(
            doc.active_element().as_ref(),
            Some(first[0].as_ref()),
            "round {r}: the focused row keeps the focus"
        );
    }
    now_click(&root, 1);
    assert_eq!(clicks.get_untracked(), vec![(1, 3)], "one listener, the newest");
    root.remove();
}

fn now_click(root: &web_sys::HtmlElement, row: usize) {
    rows(root)[row].click();
}

#[wasm_bindgen_test]
async fn an_element_rebuilt_from_another_view_drops_the_old_attributes_and_listeners() {
    let (_doc, root) = host();
    let clicks = RwSignal::new(0u32);
    let other = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <section>
                {move || if other.get() {
                    view! { <div data-row="b" title="plain">"plain"</div> }.into_any()
                } else {
                    view! {
                        <div data-row="a" class="clickable" on:click=move |_| clicks.update(|c| *c += 1)>
                            "clickable"
                        </div>
                    }
                    .into_any()
                }}
            </section>
        }
    });
    yield_to_browser().await;
    now_click(&root, 0);
    assert_eq!(clicks.get_untracked(), 1);

    other.set(true);
    yield_to_browser().await;
    let row = &rows(&root)[0];
    assert_eq!(row.get_attribute("data-row").as_deref(), Some("b"));
    assert_eq!(row.get_attribute("title").as_deref(), Some("plain"));
    assert_eq!(row.get_attribute("class"), None, "the old view's class is gone");
    row.click();
    assert_eq!(clicks.get_untracked(), 1, "the old view's listener is gone");

    other.set(false);
    yield_to_browser().await;
    let row = &rows(&root)[0];
    assert_eq!(row.get_attribute("title"), None);
    row.click();
    assert_eq!(clicks.get_untracked(), 2, "one listener again");
    root.remove();
}

#[wasm_bindgen_test]
async fn views_of_the_same_shape_naming_other_attributes_swap_them() {
    let (_doc, root) = host();
    let other = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <section>
                {move || if other.get() {
                    view! { <div data-row="" data-b="x" aria-label="b"></div> }.into_any()
                } else {
                    view! { <div data-row="" data-a="x" aria-label="a"></div> }.into_any()
                }}
            </section>
        }
    });
    yield_to_browser().await;
    for round in 0..3 {
        let b = round % 2 == 0;
        other.set(b);
        yield_to_browser().await;
        let row = &rows(&root)[0];
        let (gone, there) = if b { ("data-a", "data-b") } else { ("data-b", "data-a") };
        assert_eq!(row.get_attribute(gone), None, "round {round}: {gone} is gone");
        assert_eq!(
            row.get_attribute(there).as_deref(),
            Some("x"),
            "round {round}: {there} is set"
        );
        assert_eq!(
            row.get_attribute("aria-label").as_deref(),
            Some(if b { "b" } else { "a" })
        );
    }
    root.remove();
}
