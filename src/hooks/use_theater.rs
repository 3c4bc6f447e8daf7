//! Theater mode: an element takes the window while `on` is true, and the screen too where the
//! Fullscreen API is allowed (an embed whose policy forbids it — a cross-origin frame without
//! `allowfullscreen`, or `allow="fullscreen 'none'"` — keeps the window-sized theater).
//! Leaving full screen by the browser's own means (Escape, its UI) turns `on` off.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::use_event_listener;

pub fn use_theater<E>(node: NodeRef<E>, on: RwSignal<bool>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // The player asked to leave full screen and the browser has not yet said it left: that
    // change is the player's own, not the user leaving by the browser's means.
    let leaving = Rc::new(Cell::new(false));
    // The player asked for full screen and the browser has neither entered nor refused yet: a
    // `fullscreenchange` without an element meanwhile is the end of an earlier stay, which
    // Chromium may report more than once (`f` right after Escape lands between them).
    let entering = Rc::new(Cell::new(false));
    {
        let doc = doc.clone();
        let leaving = leaving.clone();
        let entering = entering.clone();
        Effect::new(move |_| {
            let wanted = on.get();
            // What the theater covers is out of reach of the keyboard too.
            if let Ok(covered) = doc.query_selector_all(".app-header, .side-panel") {
                for i in 0..covered.length() {
                    if let Some(el) = covered.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                        let _ = if wanted {
                            el.set_attribute("inert", "")
                        } else {
                            el.remove_attribute("inert")
                        };
                    }
                }
            }
            let shown = doc.fullscreen_element().is_some();
            if wanted && !shown {
                if let Some(el) = node.get_untracked() {
                    request_fullscreen(&el.unchecked_into(), &entering);
                }
            } else if !wanted && shown {
                leaving.set(true);
                doc.exit_fullscreen();
            }
        });
    }
    let handler = Closure::<dyn FnMut()>::new({
        let doc = doc.clone();
        move || {
            if doc.fullscreen_element().is_some() {
                entering.set(false);
                return;
            }
            if entering.get() {
                return;
            }
            if leaving.replace(false) {
                // Asked for again while leaving (`f` right after Escape): full screen again,
                // where the browser allows it without a gesture; the theater stays either way.
                if on.get_untracked() {
                    if let Some(el) = node.get_untracked() {
                        request_fullscreen(&el.unchecked_into(), &entering);
                    }
                }
            } else if on.get_untracked() {
                on.set(false);
            }
        }
    });
    use_event_listener(doc.clone().into(), "fullscreenchange", handler);
    // Leaving the player leaves full screen too.
    on_cleanup(move || {
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        }
    });
}

/// Asks for full screen. Refused without a user gesture or in an embed that does not allow it:
/// the theater still fills the window, and the refusal is not an unhandled rejection.
/// `entering` is true from the request until the browser enters or refuses.
fn request_fullscreen(el: &web_sys::Element, entering: &Rc<Cell<bool>>) {
    let Ok(f) = js_sys::Reflect::get(el, &"requestFullscreen".into()) else {
        return;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let Ok(p) = f.call0(el) else { return };
    let Ok(p) = p.dyn_into::<js_sys::Promise>() else { return };
    entering.set(true);
    let entering = entering.clone();
    // Awaited, not given a callback: nothing is left behind whether the promise keeps or breaks.
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(p).await.is_err() {
            entering.set(false);
        }
    });
}
