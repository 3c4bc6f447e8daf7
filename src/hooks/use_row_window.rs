//! The rows a long panel list renders: a session can have tens of thousands of messages or
//! requests, so a panel renders a window of at most `max` rows around the playhead (fewer while
//! the playhead is dragged: `PlayerSignals::row_budget`), moved in steps
//! (`analysis::row_window`) so it is rebuilt seldom.

use std::ops::Range;

use leptos::prelude::*;
use tapedeck_core::analysis::row_window;

/// The window of a list: which rows are rendered, of how many.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowWindow {
    pub rows: Range<usize>,
    pub len: usize,
}

impl RowWindow {
    /// Rows not rendered before the window.
    pub fn before(&self) -> usize {
        self.rows.start
    }

    /// Rows not rendered after it.
    pub fn after(&self) -> usize {
        self.len - self.rows.end
    }
}

/// `len_and_focus` gives the list's length and the position of the playhead in it. While the
/// panel is not `shown` its window stays where it was and the list is not read: scrubbing
/// across an hour, or a session growing while it downloads, must not move lists nobody sees
/// (nor filter them again); the window catches up when the panel is shown.
pub fn use_row_window(
    shown: Signal<bool>,
    max: Signal<usize>,
    len_and_focus: impl Fn() -> (usize, usize) + Send + Sync + 'static,
) -> Memo<RowWindow> {
    Memo::new(move |prev: Option<&RowWindow>| {
        // Read first, so that showing the panel always moves its window.
        let hidden = !shown.get();
        if let Some(prev) = prev.filter(|_| hidden) {
            return prev.clone();
        }
        let (len, focus) = len_and_focus();
        RowWindow {
            rows: row_window(len, focus, max.get()),
            len,
        }
    })
}

/// The window of a filtered list: `shown` holds the indices (ascending) of the rows that pass the
/// filters, `current` how many rows of the whole list are at or before the playhead.
pub fn use_filtered_row_window(
    visible: Signal<bool>,
    max: Signal<usize>,
    shown: Memo<Vec<usize>>,
    current: Memo<usize>,
) -> Memo<RowWindow> {
    use_row_window(visible, max, move || {
        let cur = current.get();
        shown.with(|s| (s.len(), s.partition_point(|i| *i < cur)))
    })
}
