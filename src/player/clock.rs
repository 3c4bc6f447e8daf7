//! The playback clock: one callback per animation frame while playing.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `tick(now)` (ms, `performance.now()` time base) on every animation frame until
/// `tick` returns false or the clock is stopped.
#[derive(Clone, Default)]
pub struct Clock {
    handle: Rc<RefCell<Option<i32>>>,
    #[allow(clippy::type_complexity)]
    callback: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>,
}

impl Clock {
    pub fn start(&self, mut tick: impl FnMut(f64) -> bool + 'static) {
        self.stop();
        let handle = Rc::clone(&self.handle);
        let callback = Rc::clone(&self.callback);
        let callback2 = Rc::clone(&self.callback);
        *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
            *handle.borrow_mut() = None;
            if tick(now) {
                if let Some(cb) = callback2.borrow().as_ref() {
                    *handle.borrow_mut() = request(cb);
                }
            }
        }));
        if let Some(cb) = self.callback.borrow().as_ref() {
            *self.handle.borrow_mut() = request(cb);
        }
    }

    /// Stops for good and lets go of the callback (and what it holds). The callback may be
    /// running right now: it is dropped after the current task, never during its own call.
    pub fn dispose(&self) {
        self.stop();
        if let Some(cb) = self.callback.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(async move { drop(cb) });
        }
    }

    pub fn stop(&self) {
        if let Some(h) = self.handle.borrow_mut().take() {
            if let Some(w) = web_sys::window() {
                let _ = w.cancel_animation_frame(h);
            }
        }
    }
}

fn request(cb: &Closure<dyn FnMut(f64)>) -> Option<i32> {
    web_sys::window()?
        .request_animation_frame(cb.as_ref().unchecked_ref())
        .ok()
}
