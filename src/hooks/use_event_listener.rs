//! An event listener on a target outside the component (the window, the document, an element
//! reached by a `NodeRef`), removed when the component (or the effect that added it) goes away.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Listens for `event` on `target` with `handler` until the owner is cleaned up.
pub fn use_event_listener<T: ?Sized + 'static>(target: web_sys::EventTarget, event: &'static str, handler: Closure<T>) {
    listen(target, event, handler, false);
}

/// [`use_event_listener`] for a handler that never cancels the event (`passive`): the browser
/// scrolls on a wheel or a touch at once, without waiting for the page's busy main thread.
pub fn use_passive_listener<T: ?Sized + 'static>(
    target: web_sys::EventTarget,
    event: &'static str,
    handler: Closure<T>,
) {
    listen(target, event, handler, true);
}

fn listen<T: ?Sized + 'static>(target: web_sys::EventTarget, event: &'static str, handler: Closure<T>, passive: bool) {
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(passive);
    if target
        .add_event_listener_with_callback_and_add_event_listener_options(
            event,
            handler.as_ref().unchecked_ref(),
            &options,
        )
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
