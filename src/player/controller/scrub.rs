//! Scrubbing: a drag's seeks coalesced to one per animation frame, the latest position winning,
//! so the picture follows the pointer as a video's does however fast pointer events come (a
//! seek per event would queue work the screen never shows).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use super::Controller;
use crate::player::clock::Clock;

/// A drag's next position, shown at the next animation frame.
#[derive(Clone, Default)]
pub(super) struct Scrub {
    to: Rc<Cell<Option<f64>>>,
    clock: Clock,
}

impl Scrub {
    pub(super) fn dispose(&self) {
        self.clock.dispose();
    }
}

impl Controller {
    /// Seeks to `ms` at the next animation frame; a later call before that frame replaces the
    /// target.
    pub fn scrub(&self, ms: f64) {
        if self.is_disposed() {
            return;
        }
        if self.scrub.to.replace(Some(ms)).is_some() {
            return; // a frame is already asked for
        }
        if !self.signals.scrubbing.get_untracked() {
            self.signals.scrubbing.set(true);
        }
        let this = self.clone();
        self.scrub.clock.start(move |_| {
            if let Some(t) = this.scrub.to.take() {
                this.seek_now(t);
            }
            false
        });
    }

    /// The drag ended: its last position is shown now, not a frame later.
    pub fn end_scrub(&self) {
        if let Some(t) = self.cancel_scrub() {
            self.seek(t);
        }
    }

    /// Forgets a drag's position not shown yet (a seek made otherwise — a key, a link, a row —
    /// must not be undone by it a frame later), and returns it.
    pub(super) fn cancel_scrub(&self) -> Option<f64> {
        self.scrub.clock.stop();
        if self.signals.scrubbing.get_untracked() {
            self.signals.scrubbing.set(false);
        }
        self.scrub.to.take()
    }
}
