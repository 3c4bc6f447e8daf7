//! Scrubbing: a drag's seeks coalesced to one per animation frame, the latest position winning,
//! so the picture follows the pointer as a video's does however fast pointer events come (a
//! seek per event would queue work the screen never shows).

use super::Controller;

impl Controller {
    /// Seeks to `ms` at the next animation frame; a later call before that frame replaces the
    /// target.
    pub fn scrub(&self, ms: f64) {
        if self.scrub_to.replace(Some(ms)).is_some() {
            return; // a frame is already asked for
        }
        let this = self.clone();
        self.scrub_clock.start(move |_| {
            if let Some(t) = this.scrub_to.take() {
                this.seek(t);
            }
            false
        });
    }

    /// The drag ended: its last position is shown now, not a frame later.
    pub fn end_scrub(&self) {
        self.scrub_clock.stop();
        if let Some(t) = self.scrub_to.take() {
            self.seek(t);
        }
    }
}
