//! A list that follows the playhead: the latest row stays in view while playback moves, until
//! the user scrolls the list themselves.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Returns (following, set_following). Scrolls `.row.latest` of `list` into view when `current`
/// changes, when the rendered `rows` change (rows made again when a drag starts or ends, or when
/// the window steps on, leave the list scrolled to other rows; a glanced row is shorter than a
/// whole one), or when the list is `shown` again, while following is on; call
/// `set_following(false)` when the user scrolls.
pub fn use_follow_playhead<T: Send + Sync + 'static>(
    list: NodeRef<Div>,
    current: Memo<usize>,
    rows: Memo<T>,
    shown: Signal<bool>,
) -> (ReadSignal<bool>, WriteSignal<bool>) {
    let (following, set_following) = signal(true);
    Effect::new(move |_| {
        current.track();
        rows.track();
        // A hidden panel follows when shown; measuring it now would only force a layout.
        if !following.get() || !shown.get() {
            return;
        }
        let Some(el) = list.get_untracked() else { return };
        let el: web_sys::Element = el.unchecked_into();
        if el.closest("[hidden]").ok().flatten().is_none() {
            scroll_to_latest(&el);
        } else if let Some(w) = web_sys::window() {
            // Shown, but the DOM has not caught up yet: after the next frame.
            let later = wasm_bindgen::closure::Closure::once_into_js(move || scroll_to_latest(&el));
            let _ = w.request_animation_frame(later.unchecked_ref());
        }
    });
    (following, set_following)
}

/// Scrolls `list` so that its `.row.latest` is in view (to the middle when it was not).
fn scroll_to_latest(list: &web_sys::Element) {
    if let Ok(Some(row)) = list.query_selector(".row.latest") {
        let row: web_sys::HtmlElement = row.unchecked_into();
        let (top, bottom) = (row.offset_top(), row.offset_top() + row.offset_height());
        let view_top = list.scroll_top();
        let view_bottom = view_top + list.client_height();
        if top < view_top || bottom > view_bottom {
            list.set_scroll_top((bottom - list.client_height() / 2).max(0));
        }
    }
}
