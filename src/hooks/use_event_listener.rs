//! An event listener on a target outside the component (the window, the document), removed when
//! the component goes away.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Listens for `event` on `target` with `handler` until the owner is cleaned up.
pub fn use_event_listener<T: ?Sized + 'static>(target: web_sys::EventTarget, event: &'static str, handler: Closure<T>) {
    if target
        .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref())
        .is_err()
    {
        return;
    }
    let guard = StoredValue::new_local(Some((target, handler)));
    on_cleanup(move || {
        if let Some(Some((t, h))) = guard.try_update_value(|g| g.take()) {
            let _ = t.remove_event_listener_with_callback(event, h.as_ref().unchecked_ref());
        }
    });
}
