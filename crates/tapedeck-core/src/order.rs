//! Rows put in order with one sorting routine for every kind of row.
//!
//! `slice::sort_by` is compiled anew for each element type and comparison: 3–8 KB of
//! WebAssembly each, 126 KB of the player's code for its thirty-odd sorts. [`sort_by_time`]
//! sorts (time, position) pairs, compiled once, then moves the rows to their places;
//! [`sort_by_whole`] uses it for whole-number keys (node ids, depths, offsets).

use std::cmp::Ordering;

/// Sorts `rows` by `time` (`f64::total_cmp`'s order), stable: rows of equal times keep their
/// order, as `sort_by(|a, b| time(a).total_cmp(&time(b)))` would leave them.
pub fn sort_by_time<T>(rows: &mut [T], time: impl Fn(&T) -> f64) {
    if rows
        .windows(2)
        .all(|w| time(&w[0]).total_cmp(&time(&w[1])) != Ordering::Greater)
    {
        return;
    }
    let mut order: Vec<(f64, usize)> = rows.iter().map(&time).zip(0..).collect();
    sort_pairs(&mut order);
    permute(rows, &order);
}

/// Sorts `rows` by a whole-number `key` (a node id, a depth, a byte offset), stable, with the
/// routine [`sort_by_time`] compiles once. Keys must be within ±2^53, where every whole number
/// is exactly an `f64` (mirror ids are within ±2^24, offsets below the 4 GB of wasm32's memory).
pub fn sort_by_whole<T>(rows: &mut [T], key: impl Fn(&T) -> i64) {
    debug_assert!(rows.iter().all(|r| key(r).unsigned_abs() <= 1 << 53));
    sort_by_time(rows, |r| key(r) as f64);
}

/// By time, then by position: the one sort every caller shares.
#[inline(never)]
fn sort_pairs(order: &mut [(f64, usize)]) {
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}

/// Puts at each position `k` the row that was at `order[k].1` (`order` names every position
/// once), following each cycle of the permutation with swaps.
fn permute<T>(rows: &mut [T], order: &[(f64, usize)]) {
    let mut placed = vec![false; rows.len()];
    for start in 0..rows.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at].1;
            if from == start {
                break;
            }
            rows.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_stably_with_the_order_of_total_cmp() {
        let mut rows = vec![
            (2.0, 'a'),
            (-0.0, 'b'),
            (f64::NAN, 'c'),
            (1.0, 'd'),
            (2.0, 'e'),
            (0.0, 'f'),
        ];
        sort_by_time(&mut rows, |r| r.0);
        let names: String = rows.iter().map(|r| r.1).collect();
        assert_eq!(names, "bfdaec");
    }

    #[test]
    fn sorted_and_empty_lists_stay_as_they_are() {
        let mut empty: Vec<f64> = Vec::new();
        sort_by_time(&mut empty, |t| *t);
        assert!(empty.is_empty());
        let mut one = vec![(f64::NAN, 0)];
        sort_by_time(&mut one, |r| r.0);
        assert_eq!(one.len(), 1);
        let mut sorted = vec![(1.0, 0), (1.0, 1), (3.0, 2)];
        sort_by_time(&mut sorted, |r| r.0);
        assert_eq!(sorted, vec![(1.0, 0), (1.0, 1), (3.0, 2)]);
    }

    proptest! {
        #[test]
        fn whole_keys_sort_as_a_stable_sort_by_key(keys in prop::collection::vec(
            prop_oneof![-3..3i64, Just(-(1 << 24)), Just(1 << 24), Just(1 << 53), Just(-(1 << 53)), Just((1 << 53) - 1)],
            0..200,
        )) {
            let rows: Vec<(i64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut ours = rows.clone();
            sort_by_whole(&mut ours, |r| r.0);
            let mut std = rows;
            std.sort_by_key(|r| r.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn answers_as_a_stable_sort_by(times in prop::collection::vec(
            prop_oneof![0.0..5.0f64, Just(1.0), Just(-0.0), Just(f64::NAN), Just(-f64::NAN), Just(f64::INFINITY)],
            0..200,
        )) {
            // Owned rows (a String each): moved, not copied.
            let rows: Vec<(f64, String)> = times.iter().enumerate().map(|(i, t)| (*t, i.to_string())).collect();
            let mut ours = rows.clone();
            sort_by_time(&mut ours, |r| r.0);
            let mut std = rows;
            std.sort_by(|a, b| a.0.total_cmp(&b.0));
            let names = |v: &[(f64, String)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
            prop_assert_eq!(names(&ours), names(&std));
        }
    }
}
