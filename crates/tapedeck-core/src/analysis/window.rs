//! Which rows a panel renders: a session can have tens of thousands of console messages or
//! requests, and a page with all of them as DOM rows stops answering. Panels render a window
//! of at most [`MAX_ROWS`] around the playhead, moved in steps so that it is rebuilt seldom.

use std::ops::Range;

/// Most rows a panel renders at once.
pub const MAX_ROWS: usize = 100;

/// Most rows a panel renders while the playhead is dragged: a frame of scrubbing a long session
/// moves the shown list's window each time, and its rows are made in that frame. Enough for a
/// tall panel's screen around the playhead (a quarter of them or more stay after it).
pub const SCRUB_ROWS: usize = 40;

/// The least height of a row (CSS px) while the playhead is dragged: one line of text and its
/// padding (a console row glanced at: 29 px; a request: 28.25; a moment of activity: 29.75, in
/// Chromium at the player's font sizes).
pub const GLANCE_ROW_PX: f64 = 28.0;

/// Fewest rows a dragged panel renders.
pub const MIN_SCRUB_ROWS: usize = 8;

/// Rows a dragged panel renders when its list is `view_px` high (CSS px): those that fill it at
/// [`GLANCE_ROW_PX`] and one more, within [`MIN_SCRUB_ROWS`]..=[`SCRUB_ROWS`]. Rows below the
/// fold would be made and laid out each frame for nothing: a 600 px list renders 23 rows, a
/// phone's 250 px one 10. An unknown height (0, negative, not a number) gives [`SCRUB_ROWS`].
pub fn scrub_rows(view_px: f64) -> usize {
    if view_px.is_nan() || view_px <= 0.0 {
        return SCRUB_ROWS;
    }
    let fit = (view_px / GLANCE_ROW_PX).ceil().min(SCRUB_ROWS as f64) as usize;
    (fit + 1).clamp(MIN_SCRUB_ROWS, SCRUB_ROWS)
}

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
    fn a_dragged_list_keeps_rows_on_both_sides_of_the_playhead() {
        for max in MIN_SCRUB_ROWS..=SCRUB_ROWS {
            for focus in (max..10_000 - max).step_by(7) {
                let w = row_window(10_000, focus, max);
                assert_eq!(w.len(), max);
                // Row `focus - 1` is the latest at or before the playhead.
                assert!(focus - 1 - w.start >= max / 2 - 1, "{max} {focus}: {w:?}");
                assert!(w.end - focus >= max / 4, "{max} {focus}: {w:?}");
            }
        }
    }

    #[test]
    fn a_dragged_list_renders_the_rows_that_fill_it() {
        // Filled at the least row height, and one more.
        for px in [100.0, 250.0, 420.0, 600.0, 640.0, 700.0] {
            let n = scrub_rows(px);
            assert!(n as f64 * GLANCE_ROW_PX >= px, "{px}: {n}");
            assert!((MIN_SCRUB_ROWS..=SCRUB_ROWS).contains(&n), "{px}: {n}");
        }
        assert_eq!(scrub_rows(600.0), 23);
        assert_eq!(scrub_rows(250.0), 10);
        // Tiny lists still render a few; tall ones (or a height not known) at most SCRUB_ROWS.
        assert_eq!(scrub_rows(10.0), MIN_SCRUB_ROWS);
        assert_eq!(scrub_rows(5_000.0), SCRUB_ROWS);
        assert_eq!(scrub_rows(f64::INFINITY), SCRUB_ROWS);
        for unknown in [0.0, -3.0, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(scrub_rows(unknown), SCRUB_ROWS);
        }
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

/// Most markers a timeline shows; more are merged.
pub const MAX_MARKERS: usize = 300;

/// One mark on the timeline for one or more moments close together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Index of the first moment it stands for.
    pub first: usize,
    /// How many moments it stands for.
    pub count: usize,
    pub t: f64,
}

/// Marks for sorted `times`, at least `gap` apart: a moment closer than `gap` to the mark before
/// it joins that mark. With `gap` = duration / [`MAX_MARKERS`] a timeline has at most
/// `MAX_MARKERS` + 1 marks; with the duration of a few pixels, no two marks overlap on screen.
pub fn timeline_marks(times: &[f64], gap: f64) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    for (i, t) in times.iter().enumerate() {
        match out.last_mut() {
            Some(m) if *t - m.t < gap => m.count += 1,
            _ => out.push(Mark {
                first: i,
                count: 1,
                t: *t,
            }),
        }
    }
    out
}

#[cfg(test)]
mod mark_tests {
    use super::*;

    #[test]
    fn moments_apart_keep_a_mark_each_close_ones_share_one() {
        let marks = timeline_marks(&[1.0, 1.0, 1.5, 5.0], 1.0);
        assert_eq!(
            marks.iter().map(|m| (m.first, m.count)).collect::<Vec<_>>(),
            vec![(0, 3), (3, 1)]
        );
        assert_eq!(timeline_marks(&[1.0, 2.0, 3.0], 0.5).len(), 3);
        let times: Vec<f64> = (0..10_000).map(|i| i as f64 * 0.36).collect();
        let marks = timeline_marks(&times, 3_600.0 / MAX_MARKERS as f64);
        assert!(marks.len() <= MAX_MARKERS + 1, "{}", marks.len());
        assert_eq!(marks.iter().map(|m| m.count).sum::<usize>(), 10_000);
        assert_eq!(marks[0].first, 0);
        // Never closer than the gap.
        assert!(marks
            .windows(2)
            .all(|w| w[1].t - w[0].t >= 3_600.0 / MAX_MARKERS as f64));
    }
}
