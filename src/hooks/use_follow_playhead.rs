//! A list that follows the playhead: the latest row stays in view while playback moves, until
//! the user scrolls the list themselves.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Returns (following, set_following). Scrolls `.row.latest` of `list` into view when `current`
/// changes and following is on; call `set_following(false)` when the user scrolls.
pub fn use_follow_playhead(list: NodeRef<Div>, current: Memo<usize>) -> (ReadSignal<bool>, WriteSignal<bool>) {
    let (following, set_following) = signal(true);
    Effect::new(move |_| {
        current.track();
        if !following.get() {
            return;
        }
        let Some(el) = list.get_untracked() else { return };
        let el: web_sys::Element = el.unchecked_into();
        // A hidden panel follows when shown; measuring it now would only force a layout.
        if el.closest("[hidden]").ok().flatten().is_some() {
            return;
        }
        if let Ok(Some(row)) = el.query_selector(".row.latest") {
            let row: web_sys::HtmlElement = row.unchecked_into();
            let (top, bottom) = (row.offset_top(), row.offset_top() + row.offset_height());
            let view_top = el.scroll_top();
            let view_bottom = view_top + el.client_height();
            if top < view_top || bottom > view_bottom {
                el.set_scroll_top((bottom - el.client_height() / 2).max(0));
            }
        }
    });
    (following, set_following)
}
