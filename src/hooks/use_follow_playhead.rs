//! A list that follows the playhead: the latest row stays in view while playback moves, until
//! the user scrolls the list themselves (wheel, touch, keys or its scroll bar).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::use_passive_listener;

/// Returns (following, set_following). Scrolls `.row.latest` of `list` into view when `current`
/// changes, when the rendered `rows` change (rows made again when a drag starts or ends, or when
/// the window steps on, leave the list scrolled to other rows; a glanced row is shorter than a
/// whole one), or when the list is `shown` again, while following is on. While `dragged` (the
/// playhead is being dragged: new rows every frame), the list is scrolled at the start of the
/// next frame, once, when the browser has laid the rows out itself; at once, reading where the
/// latest row is made a layout of the whole player on every frame (10 % of a drag's time on
/// the one-hour session). Following stops when
/// the user scrolls the list by wheel, touch, keys or its scroll bar (not on every `scroll`
/// event: the list also scrolls when its rows change); `set_following(true)` starts it again.
pub fn use_follow_playhead<T: Send + Sync + 'static>(
    list: NodeRef<Div>,
    current: Memo<usize>,
    rows: Memo<T>,
    shown: Signal<bool>,
    dragged: Signal<bool>,
) -> (ReadSignal<bool>, WriteSignal<bool>) {
    let (following, set_following) = signal(true);
    let waiting_frame = Arc::new(AtomicBool::new(false));
    // On the list element shown now (again if it is ever made anew: the listeners of the one
    // before are removed with this effect's run).
    Effect::new(move |_| {
        let Some(el) = list.get() else { return };
        let target: web_sys::EventTarget = el.into();
        for event in ["wheel", "touchmove", "keydown", "pointerdown"] {
            let stop = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                if scrolls_by_hand(&ev) {
                    set_following.set(false);
                }
            });
            // Passive: the list scrolls without waiting for the player's main thread.
            use_passive_listener(target.clone(), event, stop);
        }
    });
    Effect::new(move |_| {
        current.track();
        rows.track();
        // A hidden panel follows when shown; measuring it now would only force a layout.
        if !following.get() || !shown.get() {
            return;
        }
        let Some(el) = list.get_untracked() else { return };
        let el: web_sys::Element = el.unchecked_into();
        let hidden = el.closest("[hidden]").ok().flatten().is_some();
        if !hidden && !dragged.get_untracked() {
            // After the rows' own effects, woken by the same change, have moved `.latest`
            // (this effect can run first: it then found the row that was latest before).
            leptos::task::spawn_local(async move { scroll_if_following(following, &el) });
        } else if let Some(w) = web_sys::window() {
            // Shown, but the DOM has not caught up yet, or dragged: at the next frame.
            if waiting_frame.swap(true, Ordering::Relaxed) {
                return;
            }
            let waiting = Arc::clone(&waiting_frame);
            let later = wasm_bindgen::closure::Closure::once_into_js(move || {
                waiting.store(false, Ordering::Relaxed);
                scroll_if_following(following, &el)
            });
            let _ = w.request_animation_frame(later.unchecked_ref());
        }
    });
    (following, set_following)
}

/// [`scroll_to_latest`], later, unless the user scrolled the list meanwhile (a wheel over it
/// mid-drag) or it is gone.
fn scroll_if_following(following: ReadSignal<bool>, list: &web_sys::Element) {
    if following.try_get_untracked() == Some(true) {
        scroll_to_latest(list)
    }
}

/// Scrolls `list` so that its `.row.latest` is in view (to the middle when it was not).
fn scroll_to_latest(list: &web_sys::Element) {
    if let Ok(Some(row)) = list.query_selector(".row.latest") {
        let row: web_sys::HtmlElement = row.unchecked_into();
        // Where the row is in the list's content. `offsetTop` is measured from the nearest
        // positioned ancestor: the panel, whose header sits above the list, unless the list is
        // positioned itself (it was taken as the list's own, off by the header's height).
        let list_html: &web_sys::HtmlElement = list.unchecked_ref();
        let from = if row.offset_parent().as_ref() == Some(list) {
            0
        } else {
            list_html.offset_top() + list.client_top()
        };
        let top = row.offset_top() - from;
        let bottom = top + row.offset_height();
        let view_top = list.scroll_top();
        let view_bottom = view_top + list.client_height();
        if top < view_top || bottom > view_bottom {
            list.set_scroll_top((bottom - list.client_height() / 2).max(0));
        }
    }
}

/// How far from a list's right edge a press on the list itself counts as one on an overlay
/// scroll bar (which takes no room of its own).
const OVERLAY_BAR_PX: f64 = 16.0;

/// Whether `ev`, on a scrolling list, is the user scrolling it: a wheel or a touch move, a key
/// that scrolls (not Space: the player's key for play and pause), or a press on the list's
/// scroll bar (to the right of its content box).
fn scrolls_by_hand(ev: &web_sys::Event) -> bool {
    match ev.type_().as_str() {
        "wheel" | "touchmove" => true,
        "keydown" => {
            let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return false;
            };
            matches!(
                key.key().as_str(),
                "ArrowUp" | "ArrowDown" | "PageUp" | "PageDown" | "Home" | "End"
            )
        }
        "pointerdown" => {
            let (Some(p), Some(list)) = (
                ev.dyn_ref::<web_sys::PointerEvent>(),
                ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
            ) else {
                return false;
            };
            // On the list itself, not a row, at its right edge: a classic scroll bar is right of
            // the content box; an overlay one (macOS, phones) lies over its last pixels.
            ev.target() == ev.current_target()
                && f64::from(p.offset_x()) >= f64::from(list.client_width()) - OVERLAY_BAR_PX
        }
        _ => false,
    }
}
