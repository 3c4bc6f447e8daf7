//! The analysis of a session that grows while it downloads.
//!
//! What is read event by event (console and network rows, Sentry's breadcrumbs, spans and
//! errors, the elements clicks may land on, clicks, typing) is kept between calls, so each
//! [`Analyser::analyse`] reads only the events added since the last. What only grows is kept
//! too: the errors console rows are, the dead clicks decided (a click is decided once the
//! session covers its wait), the activity rows of clicks and typing (described once). The rest
//! is made again from what was kept: network rows anchored to their page's time origin (a
//! later request can move it), rage clicks, the error list, the trail's order. Texts are shared
//! between versions (`Arc`), so the panels' last analysis and the next copy no text; the rows
//! themselves are copied a budget at a time ([`Analyser::analyse_some`], `assembly.rs`).
//! A session that was rebuilt rather than grown (its start moved, it has fewer events, or the
//! last event read is no longer where it was: repairs sorted late events in) is read again
//! from the beginning. That check is a safety net, not a proof (two events of one type at one
//! time can trade places unseen): whoever rebuilds a session starts a new `Analyser`, as the
//! player does.

use serde_json::Value;

use super::assembly::{Assembly, Sources};
use super::{
    activity, add_reported_clicks, clicks, console, console_error, network, read_breadcrumb, sentry, Analysis, Click,
    ClickOptions, ErrorEntry, Reported, Targets,
};
use crate::event::{EventData, Incremental};
use crate::order::sort_by_time;
use crate::session::Session;

#[derive(Debug, Default)]
pub struct Analyser {
    /// Events read so far, the session start they were read against, the time and type of the
    /// last one read, and the page it was on.
    read: usize,
    start: Option<f64>,
    last: Option<(f64, u8)>,
    page: usize,
    /// Rows read so far (console, Sentry's requests, vitals, memory, recorder options).
    rows: Analysis,
    reported: Reported,
    /// Network plugin requests, anchored to their page's time origin on each analysis.
    recorded: network::RecordedNetwork,
    targets: Targets,
    /// What only grows with the session, kept rather than made again: every click, the
    /// activity trail's click and typing rows, the errors the console rows are, and the dead
    /// clicks decided (under `options`).
    clicks: Vec<Click>,
    trail: activity::Trail,
    console_errors: Vec<ErrorEntry>,
    console_checked: usize,
    dead: clicks::DeadClicks,
    options: Option<ClickOptions>,
    /// The next analysis, while its rows are put together.
    assembly: Option<Assembly>,
}

impl Analyser {
    /// Reads up to `max` more events of `session` ahead of the next [`Analyser::analyse`], so
    /// that a session that grows fast is read in slices between frames: whether every event
    /// is read.
    pub fn read_some(&mut self, session: &Session, max: usize) -> bool {
        let last = |read: usize| {
            read.checked_sub(1)
                .and_then(|i| session.events.get(i))
                .map(|e| (e.timestamp, e.data.type_number()))
        };
        if self.start != Some(session.start) || session.events.len() < self.read || last(self.read) != self.last {
            *self = Analyser {
                start: Some(session.start),
                ..Analyser::default()
            };
        }
        let end = self.read.saturating_add(max).min(session.events.len());
        self.read_new(session, end);
        self.last = last(self.read);
        self.targets.grow_to(session, end);
        self.read == session.events.len()
    }

    /// The analysis of `session` as it stands now.
    /// (One whose rows were being put together is finished first, and made again when the
    /// session has grown since.)
    pub fn analyse(&mut self, session: &Session, options: &ClickOptions) -> Analysis {
        loop {
            if let Some(a) = self.analyse_some(session, options, usize::MAX) {
                if !self.is_behind(session) {
                    return a;
                }
            }
        }
    }

    /// Reads up to `budget` more events of `session`; once every event is read, puts up to
    /// `budget` rows of its analysis together (no event is read meanwhile: the analysis is of
    /// the session as it was when its rows began): the analysis, once complete. A long
    /// session's analysis is so made in slices between frames.
    pub fn analyse_some(&mut self, session: &Session, options: &ClickOptions, budget: usize) -> Option<Analysis> {
        if self.assembly.is_none() {
            if !self.read_some(session, budget) {
                return None;
            }
            self.begin(session, options);
        }
        let sources = Sources {
            console: &self.rows.console,
            spans: &self.rows.network,
            recorded: &self.recorded,
            start: session.start,
            captured: &self.reported.errors,
            console_errors: &self.console_errors,
            breadcrumbs: &self.reported.breadcrumbs,
            clicks: &self.clicks,
            trail: &self.trail,
        };
        let assembly = self.assembly.as_mut()?;
        if !assembly.step(&sources, budget) {
            return None;
        }
        self.assembly.take().map(Assembly::finish)
    }

    /// Whether `session` holds events this analyser has not put in an analysis yet.
    pub fn is_behind(&self, session: &Session) -> bool {
        self.assembly.is_some() || self.read != session.events.len() || self.start != Some(session.start)
    }

    /// Makes at once what is made again from what was kept, and what only grows from the
    /// events read last (the errors of console rows, dead clicks, the trail's descriptions);
    /// the copies of every row are left to [`Assembly`].
    fn begin(&mut self, session: &Session, options: &ClickOptions) {
        for (i, c) in self.rows.console.iter().enumerate().skip(self.console_checked) {
            self.console_errors.extend(console_error(i, c));
        }
        self.console_checked = self.rows.console.len();
        if self.options != Some(*options) {
            self.dead = clicks::DeadClicks::default();
            self.options = Some(*options);
        }
        self.dead.advance(session, &self.clicks, &self.targets, options);
        let mut rage = clicks::rage_clicks(&self.clicks, options);
        let mut dead = self.dead.found.clone();
        add_reported_clicks(&self.clicks, &mut rage, &mut dead, &self.reported);
        let (head, middle) = self.trail.update(
            session,
            &self.clicks,
            &rage,
            &dead,
            &self.targets,
            &self.reported.navigations,
        );
        let mut vitals = self.rows.vitals.clone();
        sort_by_time(&mut vitals, |x| x.t);
        let mut memory = self.rows.memory.clone();
        sort_by_time(&mut memory, |x| x.t);
        let a = Analysis {
            rage_clicks: rage,
            dead_clicks: dead,
            vitals,
            memory,
            recorder_options: self.rows.recorder_options.clone(),
            ..Analysis::default()
        };
        self.assembly = Some(Assembly::new(a, head, middle));
    }

    /// Reads the events from the last read up to `end`.
    fn read_new(&mut self, session: &Session, end: usize) {
        let start = session.start;
        let a = &mut self.rows;
        for (i, e) in (self.read..).zip(session.events.range(self.read..end)) {
            let t = e.timestamp - start;
            let page = &mut self.page;
            match &e.data {
                EventData::FullSnapshot(_) => *page = session.page_of_snapshot(i).unwrap_or(*page),
                EventData::Incremental(Incremental::MouseInteraction(_)) => {
                    self.clicks.extend(clicks::click_of(session, i, *page));
                }
                EventData::Incremental(Incremental::Input(input)) => self.trail.input(t, *page, input.id),
                EventData::Plugin(p) if p.plugin.starts_with("rrweb/console") => {
                    if let Ok(payload) = serde_json::from_str(p.payload.get()) {
                        console::push(&mut a.console, t, *page, payload);
                    }
                }
                EventData::Incremental(Incremental::Log(raw)) => {
                    if let Ok(payload) = serde_json::from_str(raw.get()) {
                        console::push(&mut a.console, t, *page, payload);
                    }
                }
                EventData::Plugin(p) if p.plugin.starts_with("rrweb/network") => {
                    if let Ok(payload) = serde_json::from_str::<network::NetworkPayload>(p.payload.get()) {
                        self.recorded.push(*page, e.timestamp, payload.requests);
                    }
                }
                EventData::Custom(c) if c.tag == "performanceSpan" => {
                    if let Ok(span) = serde_json::from_str::<sentry::Span>(c.payload.get()) {
                        let href = session.pages.get(*page).map_or("", |p| p.href.as_str());
                        match sentry::span(&span, start, *page, href) {
                            sentry::SpanKind::Request(entry) => a.network.push(entry),
                            sentry::SpanKind::Vital(v) => a.vitals.push(v),
                            sentry::SpanKind::Memory(m) => a.memory.push(m),
                            sentry::SpanKind::Other => {}
                        }
                    }
                }
                EventData::Custom(c) if c.tag == "breadcrumb" => {
                    if let Ok(b) = serde_json::from_str::<sentry::Breadcrumb>(c.payload.get()) {
                        let t = b.timestamp.map_or(t, |s| sentry::to_ms(s) - start);
                        read_breadcrumb(a, &mut self.reported, b, t, *page);
                    }
                }
                EventData::Custom(c) if c.tag == crate::load::sentry::SENTRY_ERROR_TAG => {
                    if let Ok(payload) = serde_json::from_str::<Value>(c.payload.get()) {
                        self.reported.errors.push(sentry::error_event(&payload, t));
                    }
                }
                EventData::Custom(c) if c.tag == "options" && a.recorder_options.is_none() => {
                    a.recorder_options = Some(c.payload.get().to_owned());
                }
                _ => {}
            }
        }
        self.read = end.max(self.read);
    }
}
