//! A loaded session: events in time order, split into pages.

use std::collections::BTreeMap;

use crate::chunked::EventStore;
use crate::event::{Event, EventData, Meta, MOUSE_INTERACTION_NAMES};
use crate::load::{Format, Problems};

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
            events.sort_by(|a, b| a.timestamp.total_cmp(&b.timestamp));
        } else if inversions > 0 {
            problems.push(
                None,
                format!("{inversions} events were out of time order; they were sorted by timestamp"),
            );
            events.sort_by(|a, b| a.timestamp.total_cmp(&b.timestamp));
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
            self.pages = find_pages(self.events.iter());
        }
    }

    /// Whether `Session::new` on these events followed by `rest` would keep every one of them
    /// as it is, in this order (so a session built from a body's beginning can just grow).
    pub fn accepts_rest(&self, rest: &[Event]) -> bool {
        let all = || self.events.iter().chain(rest);
        if all().zip(all().skip(1)).any(|(a, b)| b.timestamp < a.timestamp) {
            return false;
        }
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
    let mut meta: Option<(usize, &Meta)> = None;
    for (i, e) in events.enumerate() {
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
    pages
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
