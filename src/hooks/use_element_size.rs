//! The size of an element, kept current by a ResizeObserver.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry};

/// Width and height (CSS px) of the element behind `node`, updated when it resizes.
pub fn use_element_size<E>(node: NodeRef<E>) -> (ReadSignal<f64>, ReadSignal<f64>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (width, set_width) = signal(0.0);
    let (height, set_height) = signal(0.0);
    let observer = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn FnMut(js_sys::Array)>)>);
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let el: web_sys::Element = el.unchecked_into();
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<ResizeObserverEntry>() {
                let rect = entry.content_rect();
                set_width.set(rect.width());
                set_height.set(rect.height());
            }
        });
        if let Ok(obs) = ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
            let rect = el.get_bounding_client_rect();
            set_width.set(rect.width());
            set_height.set(rect.height());
            observer.update_value(|o| {
                if let Some((old, _)) = o.take() {
                    old.disconnect();
                }
                *o = Some((obs, cb));
            });
        }
    });
    // The observer would call its callback once more when the element goes: stop it first.
    on_cleanup(move || {
        if let Some(Some((obs, cb))) = observer.try_update_value(|o| o.take()) {
            obs.disconnect();
            drop(cb);
        }
    });
    (width, height)
}
