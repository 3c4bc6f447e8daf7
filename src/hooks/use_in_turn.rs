//! Parts of the UI built one a task once the player is ready, so that no one task builds them all.

use std::cell::RefCell;

use leptos::prelude::*;

/// The turns of the parts built after the first frame, first to last.
pub mod turn {
    /// The timeline.
    pub const TIMELINE: u8 = 0;
    /// The rows of playback controls.
    pub const CONTROLS: u8 = 1;
    /// Find, the performance strip and the panels' tabs.
    pub const PANEL_TABS: u8 = 2;
    /// The panel shown.
    pub const PANEL_SHOWN: u8 = 3;
    /// The hidden panels.
    pub const PANEL_HIDDEN: u8 = 4;
}

/// The parts waiting for their turn: (turn, order of asking, what shows the part).
#[derive(Default)]
struct Queue {
    waiting: Vec<(u8, u64, RwSignal<bool>)>,
    asked: u64,
    running: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// Whether a part of the UI may be built: false until `ready()` (tracked) gives the part's turn,
/// then true from a later task. The parts waiting are shown one a task, lowest turn first
/// (then in the order they became ready), each in a task of its own after a yield to the
/// browser: together the control bar and the panels were one task of 200–370 ms.
pub fn use_in_turn(ready: impl Fn() -> Option<u8> + Send + Sync + 'static) -> Signal<bool> {
    let shown = RwSignal::new(false);
    Effect::new(move |queued: Option<bool>| {
        if queued == Some(true) {
            return true;
        }
        let Some(turn) = ready() else { return false };
        enqueue(turn, shown);
        true
    });
    shown.into()
}

fn enqueue(turn: u8, shown: RwSignal<bool>) {
    let start = QUEUE.with_borrow_mut(|q| {
        q.asked += 1;
        let asked = q.asked;
        q.waiting.push((turn, asked, shown));
        !std::mem::replace(&mut q.running, true)
    });
    if start {
        leptos::task::spawn_local(run());
    }
}

/// Shows the waiting parts, one a task, until none is left.
async fn run() {
    loop {
        crate::fetch::yield_to_browser().await;
        // A part left before its turn (the player closed) is skipped without a task.
        loop {
            let Some(next) = QUEUE.with_borrow_mut(next) else {
                return;
            };
            if next.try_set(true).is_none() {
                break;
            }
        }
    }
}

/// The next part to show, or none (and the queue stops running).
fn next(q: &mut Queue) -> Option<RwSignal<bool>> {
    let at = q
        .waiting
        .iter()
        .enumerate()
        .min_by_key(|(_, (turn, asked, _))| (*turn, *asked))
        .map(|(i, _)| i);
    match at {
        Some(i) => Some(q.waiting.swap_remove(i).2),
        None => {
            q.running = false;
            None
        }
    }
}
