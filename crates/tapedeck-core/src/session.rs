//! A loaded session: events in time order, split into pages.

use std::collections::BTreeMap;

use crate::chunked::EventStore;
use crate::event::{Event, EventData, Meta, MOUSE_INTERACTION_NAMES};
use crate::load::{Format, Problems};
use crate::order::sort_by_time;

/// One page of a session: a full snapshot (usually after a Meta) and everything until the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Index of the page's FullSnapshot event.
    pub snapshot: usize,
    /// Index of the first event of the page (its Meta when there is one).
    pub first: usize,
    /// Timestamp (epoch ms) of the full snapshot.
    pub time: f64,
    pub href: String,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug)]
pub struct Session {
    /// Events sorted (stably) by timestamp.
    pub events: EventStore,
    pub pages: Vec<Page>,
    /// Timestamp of the first and last event (epoch ms).
    pub start: f64,
    pub end: f64,
    /// The recorder's format the body was in.
    pub format: Format,
}

impl Session {
    /// The page whose full snapshot is event `i`, if it is one (pages are in event order).
    pub fn page_of_snapshot(&self, i: usize) -> Option<usize> {
        self.pages.binary_search_by_key(&i, |p| p.snapshot).ok()
    }

    /// Sorts the events and finds the pages. Events whose order had to be repaired are noted;
    /// events whose time cannot be right (negative, or half a day away from the rest of the
    /// session) are skipped and noted.
    pub fn new(events: Vec<Event>, problems: &mut Problems) -> Session {
        Session::read(events, Format::Rrweb, problems)
    }

    /// [`Session::new`] for a body in `format`. Sentry writes its spans when they end, with the
    /// time they began: its events out of order are its format, not a repair.
    pub fn read(mut events: Vec<Event>, format: Format, problems: &mut Problems) -> Session {
        drop_absurd_times(&mut events, problems);
        let inversions = events.windows(2).filter(|w| w[1].timestamp < w[0].timestamp).count();
        if inversions > 0 && format == Format::Sentry {
            sort_by_time(&mut events, |e| e.timestamp);
        } else if inversions > 0 {
            problems.push(
                None,
                format!("{inversions} events were out of time order; they were sorted by timestamp"),
            );
            sort_by_time(&mut events, |e| e.timestamp);
        }
        let start = events.first().map_or(0.0, |e| e.timestamp);
        let end = events.last().map_or(0.0, |e| e.timestamp);
        let pages = find_pages(events.iter());
        Session {
            events: EventStore::from(events),
            pages,
            start,
            end,
            format,
        }
    }

    /// Appends events decoded after the session was built (a body still loading). Takes them
    /// only when nothing would need a repair — each at or after the one before, none negative
    /// or half a day after the one before; otherwise gives them back untouched.
    pub fn extend(&mut self, more: Vec<Event>) -> Result<(), Vec<Event>> {
        let mut last = self.end;
        for e in &more {
            let t = e.timestamp;
            if !(t >= last && t - last <= MAX_DISTANCE_MS) {
                return Err(more);
            }
            last = t;
        }
        self.append(more);
        Ok(())
    }

    /// Appends events known to need no repair.
    pub(crate) fn append(&mut self, more: Vec<Event>) {
        let Some(end) = more.last().map(|e| e.timestamp) else {
            return;
        };
        let old = self.events.len();
        self.events.extend(more);
        self.end = end;
        if self
            .events
            .range(old..)
            .any(|e| matches!(e.data, EventData::FullSnapshot(_) | EventData::Meta(_)))
        {
            // Only what follows the last page is read again (all of a long session's events
            // were, at each part with a snapshot).
            let from = self.pages.last().map_or(0, |p| p.snapshot + 1);
            find_more_pages(self.events.range(from..), from, &mut self.pages);
        }
    }

    /// Whether `Session::new` on these events followed by `rest` would keep every one of them
    /// as it is, in this order (so a session built from a body's beginning can just grow).
    pub fn accepts_rest(&self, rest: &[Event]) -> bool {
        // The session's own events are in time order (read sorted, extended only in order):
        // only the rest, and where it joins them, can be out of order.
        let joined = || self.events.last().into_iter().chain(rest).map(|e| e.timestamp);
        // (`partial_cmp`: a NaN is out of order.)
        if joined().zip(joined().skip(1)).any(|(a, b)| {
            !matches!(
                b.partial_cmp(&a),
                Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
            )
        }) {
            return false;
        }
        let first = self.events.first().or(rest.first()).map(|e| e.timestamp);
        let last = rest.last().or(self.events.last()).map(|e| e.timestamp);
        let (Some(first), Some(last)) = (first, last) else {
            return false;
        };
        // Every time lies between the first and the last, and so does their median: when they
        // are less than half a day apart, none is too far from it (a four-hour session's two
        // million times were copied and their median selected only to find that: 150 ms).
        if first >= 0.0 && last - first <= MAX_DISTANCE_MS {
            return true;
        }
        let all = || self.events.iter().chain(rest);
        match median_time(all()) {
            Some(median) => all().all(|e| time_is_sane(e.timestamp, median)),
            None => false,
        }
    }

    /// Duration in ms from the first to the last event.
    pub fn duration(&self) -> f64 {
        self.end - self.start
    }

    /// The page shown at offset `ms` from the session start (the first page before it starts).
    pub fn page_at(&self, ms: f64) -> usize {
        let t = self.start + ms;
        self.pages.partition_point(|p| p.time <= t).saturating_sub(1)
    }

    /// Number of events of each kind, named as in the recordings' `.meta.json`
    /// (`type:FullSnapshot`, `source:Mutation`, `interaction:Click`, `plugin:rrweb/console@1`).
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        let mut add = |k: String| *out.entry(k).or_insert(0) += 1;
        for e in &self.events {
            add(format!("type:{}", e.data.type_name()));
            match &e.data {
                EventData::Incremental(inc) => {
                    add(format!("source:{}", inc.source_name()));
                    if let crate::event::Incremental::MouseInteraction(mi) = inc {
                        let name = MOUSE_INTERACTION_NAMES
                            .get(mi.kind as usize)
                            .copied()
                            .unwrap_or("Unknown");
                        add(format!("interaction:{name}"));
                    }
                }
                EventData::Plugin(p) => add(format!("plugin:{}", p.plugin)),
                EventData::Custom(c) => add(format!("custom:{}", c.tag)),
                _ => {}
            }
        }
        out
    }
}

fn find_pages<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<Page> {
    let mut pages = Vec::new();
    find_more_pages(events, 0, &mut pages);
    pages
}

/// Adds to `pages` the pages of `events`, the session's from index `from`: its start, or just
/// after the last page's snapshot (a Meta before that snapshot was its own).
fn find_more_pages<'a>(events: impl Iterator<Item = &'a Event>, from: usize, pages: &mut Vec<Page>) {
    let mut meta: Option<(usize, &Meta)> = None;
    for (i, e) in events.enumerate() {
        let i = from + i;
        match &e.data {
            EventData::Meta(m) => meta = Some((i, m)),
            EventData::FullSnapshot(_) => {
                let (first, href, width, height) = match meta.take() {
                    Some((mi, m)) => (mi, m.href.clone(), m.width, m.height),
                    // A snapshot without its own Meta (a periodic checkout) keeps the page's URL and size.
                    None => match pages.last() {
                        Some(p) => {
                            let p: &Page = p;
                            (i, p.href.clone(), p.width, p.height)
                        }
                        None => (i, String::new(), 0.0, 0.0),
                    },
                };
                pages.push(Page {
                    snapshot: i,
                    first,
                    time: e.timestamp,
                    href,
                    width,
                    height,
                });
            }
            _ => {}
        }
    }
}

/// Whether `Session::new` would find a page in these events: a full snapshot whose time it
/// keeps.
pub fn has_page(events: &[Event]) -> bool {
    let Some(median) = median_time(events.iter()) else {
        return false;
    };
    events
        .iter()
        .any(|e| matches!(e.data, EventData::FullSnapshot(_)) && time_is_sane(e.timestamp, median))
}

fn median_time<'a>(events: impl Iterator<Item = &'a Event>) -> Option<f64> {
    let mut times: Vec<f64> = events.map(|e| e.timestamp).filter(|t| *t >= 0.0).collect();
    if times.is_empty() {
        return None;
    }
    let mid = times.len() / 2;
    Some(*times.select_nth_unstable_by(mid, f64::total_cmp).1)
}

fn time_is_sane(t: f64, median: f64) -> bool {
    t >= 0.0 && (t - median).abs() <= MAX_DISTANCE_MS
}

/// No recorded session is half a day long: an event that far from the middle of the others has a
/// broken clock (or a forged time) and would stretch the timeline to nothing.
const MAX_DISTANCE_MS: f64 = 12.0 * 3_600_000.0;

fn drop_absurd_times(events: &mut Vec<Event>, problems: &mut Problems) {
    let Some(median) = median_time(events.iter()) else {
        return;
    };
    events.retain(|e| {
        let t = e.timestamp;
        let keep = time_is_sane(t, median);
        if !keep {
            let why = if t < 0.0 {
                format!("{} event at a negative time ({t})", e.data.type_name())
            } else {
                format!(
                    "{} event at {t}, {:.0} hours away from the rest of the session",
                    e.data.type_name(),
                    (t - median).abs() / 3_600_000.0
                )
            };
            problems.skipped_events += 1;
            problems.push(None, format!("{why}; skipped"));
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventData;
    use proptest::prelude::*;

    fn event(t: f64) -> Event {
        Event {
            timestamp: t,
            data: EventData::Load,
            window: 0,
        }
    }

    /// What `accepts_rest` answered before it took the short way: every time, in order and
    /// near the median of all of them.
    fn accepts_rest_slowly(session: &Session, rest: &[Event]) -> bool {
        let all = || session.events.iter().chain(rest);
        if all().zip(all().skip(1)).any(|(a, b)| b.timestamp < a.timestamp) {
            return false;
        }
        match median_time(all()) {
            Some(median) => all().all(|e| time_is_sane(e.timestamp, median)),
            None => false,
        }
    }

    /// A time: mostly near the session's (ms of a day), some far (days away), negative or NaN.
    fn time() -> impl Strategy<Value = f64> {
        prop_oneof![
            8 => 1.7e12..1.7e12 + 86_400_000.0,
            1 => 0.0..4e12,
            1 => -1e6..0.0,
            1 => Just(f64::NAN),
        ]
    }

    proptest! {
        #[test]
        fn the_short_way_answers_as_the_whole_check(
            head in prop::collection::vec(time(), 0..40),
            rest in prop::collection::vec(time(), 0..40),
            sorted_rest in any::<bool>(),
        ) {
            let session = Session::read(head.into_iter().map(event).collect(), Format::Rrweb, &mut Problems::default());
            let mut rest: Vec<f64> = rest;
            if sorted_rest {
                rest.sort_by(f64::total_cmp);
            }
            let rest: Vec<Event> = rest.into_iter().map(event).collect();
            prop_assert_eq!(session.accepts_rest(&rest), accepts_rest_slowly(&session, &rest));
        }
    }

    #[test]
    fn pages_found_part_by_part_are_the_pages_of_the_whole() {
        let snapshot = || {
            let s: crate::event::FullSnapshot =
                serde_json::from_str(r#"{"node":{"type":0,"childNodes":[],"id":1}}"#).unwrap();
            EventData::FullSnapshot(Box::new(s))
        };
        let meta = |n: usize| {
            EventData::Meta(Meta {
                href: format!("https://example.com/{n}"),
                width: 800.0 + n as f64,
                height: 600.0,
            })
        };
        // Pages with and without their Meta, a Meta left waiting at a part's end, events between.
        let kinds = [0, 1, 2, 2, 1, 0, 0, 2, 1, 2, 2, 0, 1, 1, 2, 0];
        let events: Vec<Event> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| Event {
                timestamp: 1.7e12 + i as f64,
                data: match k {
                    1 => meta(i),
                    2 => snapshot(),
                    _ => EventData::Load,
                },
                window: 0,
            })
            .collect();
        let whole = find_pages(events.iter());
        assert_eq!(whole.len(), 6);
        for cut in 0..=events.len() {
            for second in cut..=events.len() {
                let mut session = Session::read(events[..cut].to_vec(), Format::Rrweb, &mut Problems::default());
                session.append(events[cut..second].to_vec());
                session.append(events[second..].to_vec());
                let got: Vec<_> = session
                    .pages
                    .iter()
                    .map(|p| (p.snapshot, p.first, p.href.clone(), p.width))
                    .collect();
                let want: Vec<_> = whole
                    .iter()
                    .map(|p| (p.snapshot, p.first, p.href.clone(), p.width))
                    .collect();
                assert_eq!(got, want, "cut at {cut} and {second}");
            }
        }
    }

    #[test]
    fn a_rest_within_half_a_day_joins_and_one_far_away_does_not() {
        let base = 1.7e12;
        let session = Session::read(
            (0..10).map(|i| event(base + i as f64)).collect(),
            Format::Rrweb,
            &mut Problems::default(),
        );
        assert!(session.accepts_rest(&[event(base + 20.0), event(base + 3_600_000.0)]));
        assert!(!session.accepts_rest(&[event(base + 5.0)]), "before the session's end");
        assert!(
            !session.accepts_rest(&[event(base + 20.0), event(base + 10.0)]),
            "out of order"
        );
        assert!(
            !session.accepts_rest(&[event(base + 30.0 * 3_600_000.0)]),
            "a broken clock"
        );
        assert!(!session.accepts_rest(&[event(f64::NAN)]));
    }
}
