//! Which rows a panel renders: a session can have tens of thousands of console messages or
//! requests, and a page with all of them as DOM rows stops answering. Panels render a window
//! of at most [`MAX_ROWS`] around the playhead, moved in steps so that it is rebuilt seldom.

use std::ops::Range;

/// Most rows a panel renders at once.
pub const MAX_ROWS: usize = 200;

/// The rows of `len` to render, around row `focus` (where the playhead is), at most `max`.
/// The start moves in steps of a quarter of `max`.
pub fn row_window(len: usize, focus: usize, max: usize) -> Range<usize> {
    if len <= max || max == 0 {
        return 0..len;
    }
    let step = (max / 4).max(1);
    let start = (focus.saturating_sub(max / 2) / step * step).min(len - max);
    start..start + max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_are_whole() {
        assert_eq!(row_window(10, 5, 400), 0..10);
        assert_eq!(row_window(400, 399, 400), 0..400);
    }

    #[test]
    fn long_lists_show_the_playhead_and_move_in_steps() {
        for focus in [0, 1, 199, 200, 250, 5_000, 9_999, 10_000] {
            let w = row_window(10_000, focus, 400);
            assert_eq!(w.len(), 400);
            assert!(w.contains(&focus.min(9_999)), "{focus}: {w:?}");
        }
        // Moving by a few rows keeps the same window.
        assert_eq!(row_window(10_000, 5_000, 400), row_window(10_000, 5_050, 400));
        assert_eq!(row_window(10_000, 0, 400), 0..400);
        assert_eq!(row_window(10_000, 10_000, 400), 9_600..10_000);
    }
}
