//! A long list held in chunks of a fixed number of items: a session's events, the pointer's
//! samples.
//!
//! A long session's events are the largest thing the player holds (two million on four hours),
//! and they arrive in parts while it loads. In one `Vec`, each growth copies them all into a
//! block twice as large and frees the old one: up to half the slots stay unused, the freed
//! blocks are holes that only smaller things can fill, and which of them a load leaves depends
//! on the size of the first part — and in wasm the copy is one task: the pointer's 40 MB of
//! samples doubling made one delivery of a four-hour session take 60–130 ms. In chunks nothing
//! held is moved, a chunk is allocated at its full size once, and only the last one has room
//! to spare.

use std::ops::{Bound, Index, RangeBounds};

use crate::event::Event;
use crate::order::sort_by_time;

/// Items per chunk (about a megabyte of events in wasm32).
const CHUNK: usize = 1 << 14;

/// Items in order, indexed like a slice.
#[derive(Clone)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// A session's events.
pub type EventStore = Chunked<Event>;

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    pub fn new() -> Chunked<T> {
        Chunked::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => {
                // A clone's last chunk has no room: it gets its full size, not a doubling.
                if chunk.len() == chunk.capacity() {
                    chunk.reserve_exact(CHUNK - chunk.len());
                }
                chunk.push(item)
            }
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    /// Every event, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.chunks.iter().flatten()
    }

    /// The events of `range` (indices past the end are left out), in order.
    pub fn range(&self, range: impl RangeBounds<usize>) -> impl DoubleEndedIterator<Item = &T> + Clone {
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e.saturating_add(1),
            Bound::Excluded(&e) => e,
            Bound::Unbounded => self.len,
        }
        .min(self.len);
        let start = start.min(end);
        let (first, last) = (start / CHUNK, end.div_ceil(CHUNK));
        self.chunks[first..last.max(first)]
            .iter()
            .enumerate()
            .flat_map(move |(k, chunk)| {
                let base = (first + k) * CHUNK;
                let from = start.saturating_sub(base).min(chunk.len());
                let to = (end - base).min(chunk.len());
                chunk[from..to.max(from)].iter()
            })
    }

    /// The index of the first event for which `pred` is false, the events being partitioned by
    /// it (all true, then all false), like `slice::partition_point`.
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        // The first chunk whose last event is false holds the point.
        let k = self.chunks.partition_point(|c| c.last().is_some_and(&mut pred));
        match self.chunks.get(k) {
            Some(chunk) => k * CHUNK + chunk.partition_point(pred),
            None => self.len,
        }
    }

    /// Takes the last item out.
    pub fn pop(&mut self) -> Option<T> {
        let chunk = self.chunks.last_mut()?;
        let item = chunk.pop()?;
        if chunk.is_empty() {
            self.chunks.pop();
        }
        self.len -= 1;
        Some(item)
    }

    /// Sorts the items from `from` on by `time` (stable, [`sort_by_time`]), leaving those
    /// before in place: a tail that came out of order.
    pub fn sort_from(&mut self, from: usize, time: impl Fn(&T) -> f64) {
        let mut tail = Vec::with_capacity(self.len.saturating_sub(from));
        while self.len > from {
            tail.extend(self.pop());
        }
        tail.reverse();
        sort_by_time(&mut tail, time);
        self.extend(tail);
    }

    /// The events as one `Vec` with room for `more` (a session built again from all of them
    /// and the rest of its body). Each chunk is freed once copied.
    pub fn into_vec(self, more: usize) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len.saturating_add(more));
        for chunk in self.chunks {
            out.extend(chunk);
        }
        out
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Chunked<T> {
    /// As a list, like a `Vec`'s.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(e) => e,
            None => panic!("item {i} of {}", self.len),
        }
    }
}

impl<T> Extend<T> for Chunked<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, events: I) {
        for e in events {
            self.push(e);
        }
    }
}

impl<T> From<Vec<T>> for Chunked<T> {
    /// Takes the events from the end, so the `Vec` shrinks as the chunks fill: the whole is
    /// never held twice.
    fn from(mut events: Vec<T>) -> Chunked<T> {
        let len = events.len();
        let mut chunks = Vec::with_capacity(len.div_ceil(CHUNK));
        while !events.is_empty() {
            let at = (events.len() - 1) / CHUNK * CHUNK;
            let mut chunk = Vec::with_capacity(CHUNK);
            chunk.extend(events.drain(at..));
            chunks.push(chunk);
            if events.capacity() > events.len() + 4 * CHUNK {
                events.shrink_to_fit();
            }
        }
        chunks.reverse();
        Chunked { chunks, len }
    }
}

impl<T> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(events: I) -> Chunked<T> {
        let mut store = Chunked::new();
        store.extend(events);
        store
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventData;

    fn event(t: f64) -> Event {
        Event {
            timestamp: t,
            data: EventData::Load,
            window: 0,
        }
    }

    fn times<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<f64> {
        events.map(|e| e.timestamp).collect()
    }

    /// Sizes around the chunk's edges: empty, one short of a chunk, a chunk, one more, several.
    const SIZES: [usize; 7] = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 7];

    #[test]
    fn indexes_ranges_and_partition_points_like_a_slice() {
        for n in SIZES {
            let vec: Vec<Event> = (0..n).map(|i| event(i as f64)).collect();
            let pushed: EventStore = vec.iter().cloned().collect();
            let converted = EventStore::from(vec.clone());
            for store in [&pushed, &converted] {
                assert_eq!(store.len(), n);
                assert_eq!(times(store.iter()), times(vec.iter()), "{n}");
                assert_eq!(times(store.iter().rev()), times(vec.iter().rev()), "{n}");
                assert_eq!(store.last().map(|e| e.timestamp), vec.last().map(|e| e.timestamp));
                assert!(store.get(n).is_none());
                let edges = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, n.saturating_sub(1), n, n + 5];
                for &a in &edges {
                    if a < n {
                        assert_eq!(store[a].timestamp, a as f64);
                    }
                    let t = a as f64 - 0.5;
                    assert_eq!(
                        store.partition_point(|e| e.timestamp <= t),
                        vec.partition_point(|e| e.timestamp <= t),
                        "{n}: point before {a}"
                    );
                    assert_eq!(times(store.range(a..)), times(vec.iter().skip(a)), "{n}: {a}..");
                    for &b in &edges {
                        let want: Vec<f64> = vec
                            .iter()
                            .skip(a)
                            .take(b.saturating_sub(a))
                            .map(|e| e.timestamp)
                            .collect();
                        assert_eq!(times(store.range(a..b)), want, "{n}: {a}..{b}");
                    }
                }
            }
            assert_eq!(times(converted.clone().into_vec(0).iter()), times(vec.iter()));
            // Other bounds, and ranges a slice would refuse: clamped to what is there.
            use std::ops::Bound::{Excluded, Included, Unbounded};
            for a in [
                0,
                1,
                CHUNK - 1,
                CHUNK,
                n.saturating_sub(1),
                n,
                3 * CHUNK + 8,
                usize::MAX,
            ] {
                let from_a = |k: usize| vec.iter().skip(k).map(|e| e.timestamp).collect::<Vec<_>>();
                assert_eq!(
                    times(pushed.range((Excluded(a), Unbounded))),
                    from_a(a.saturating_add(1)),
                    "{n}: ({a}.."
                );
                let upto: Vec<f64> = vec.iter().take(a.saturating_add(1)).map(|e| e.timestamp).collect();
                assert_eq!(times(pushed.range((Unbounded, Included(a)))), upto, "{n}: ..={a}");
                assert_eq!(times(pushed.range(a..)), from_a(a), "{n}: {a}.. past the end");
                assert_eq!(pushed.range(a..a / 2).count(), 0, "{n}: {a}..{}", a / 2);
            }
        }
    }

    #[test]
    fn only_the_last_chunk_has_room() {
        let mut store = EventStore::new();
        store.extend((0..3 * CHUNK + 1).map(|i| event(i as f64)));
        assert_eq!(store.chunks.len(), 4);
        assert!(store.chunks[..3]
            .iter()
            .all(|c| c.len() == CHUNK && c.capacity() == CHUNK));
        let converted = EventStore::from(store.into_vec(0));
        assert!(converted.chunks[..3]
            .iter()
            .all(|c| c.len() == CHUNK && c.capacity() == CHUNK));
        assert_eq!(converted.chunks[3].len(), 1);
    }

    #[test]
    fn a_tail_sorted_in_place_is_sorted_like_a_slice_and_keeps_full_chunks() {
        for n in SIZES {
            for from in [0, 1, CHUNK - 1, CHUNK, n.saturating_sub(3), n] {
                // Descending times: the tail is wholly out of order.
                let vec: Vec<(u32, u32)> = (0..n as u32).map(|i| (i % 7, n as u32 - i)).collect();
                let mut store = Chunked::from(vec.clone());
                store.sort_from(from, |a| f64::from(a.0));
                let mut want = vec.clone();
                if from < n {
                    want[from..].sort_by_key(|a| a.0);
                }
                assert_eq!(store.len(), n);
                assert_eq!(store.iter().copied().collect::<Vec<_>>(), want, "{n} from {from}");
                assert!(
                    store.chunks.iter().rev().skip(1).all(|c| c.len() == CHUNK),
                    "{n} from {from}"
                );
                let mut popped = store.clone();
                for k in (0..n.min(CHUNK + 2)).rev() {
                    assert_eq!(popped.pop(), Some(want[n - (n.min(CHUNK + 2)) + k]));
                }
                assert_eq!(popped.len(), n - n.min(CHUNK + 2));
            }
        }
        assert_eq!(Chunked::<u8>::new().pop(), None);
    }
}
