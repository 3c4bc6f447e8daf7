//! The replay engine: the mirror at any time, fast.
//!
//! Checkpoints (O(1) clones of the mirror) are taken at every full snapshot and then every
//! [`CHECKPOINT_WORK`] units of work (a unit is one node added, removed or changed). A seek
//! restores the nearest checkpoint at or before the target — or keeps going from where it is,
//! when that is closer — and applies only the events after it. Its cost depends on the page's
//! changes since the checkpoint, and on how large what they change has grown: an `insertRule`
//! re-edits its `<style>`'s whole text, so a sheet that only grows (CSS-in-JS) makes seeks late
//! in a session dearer (`examples/seek_profile.rs` shows it per tenth of a session). A seek past
//! what was built (while a session loads) builds up to the target and takes the builder's own
//! state: nothing is applied twice.
//!
//! Checkpoints are built lazily, the first time time passes them, so the first frame needs only
//! the first snapshot. The engine never reads a clock: times are offsets (ms) it is given.
//!
//! The work checkpoints are bounded in number: past [`CHECKPOINT_BUDGET`], every other one is
//! dropped and the spacing doubles, so a four-hour session keeps about as many as two hours
//! would at the first spacing (each kept checkpoint holds what changed since the one before
//! it). After k thinnings a seek applies up to 2^k times the first spacing's work. Full-snapshot
//! checkpoints are all kept, and not counted (a seek applies only incremental events after the
//! checkpoint it restores): a recording with a snapshot every few seconds keeps one each.

use crate::event::{Event, EventData, Incremental};
use crate::index::SessionIndex;
use crate::load::{LoadError, Problems};
use crate::mirror::{diff, Mirror, Patch};
use crate::session::Session;

/// Work between two checkpoints (nodes added, removed or changed; other events count 1).
pub const CHECKPOINT_WORK: usize = 2_000;

/// Work checkpoints kept before they are thinned and their spacing doubles (an hour of a busy
/// page, 500k events, takes about 500 at the first spacing: it keeps them all).
pub const CHECKPOINT_BUDGET: usize = 1_024;

struct Checkpoint {
    /// Events before this index are applied.
    event: usize,
    mirror: Mirror,
    /// Taken at a full snapshot: never thinned.
    page: bool,
}

pub struct Replay {
    pub session: Session,
    pub index: SessionIndex,
    checkpoints: Vec<Checkpoint>,
    /// The checkpoint builder: events before `built` have been applied once, into `frontier`.
    built: usize,
    frontier: Option<Mirror>,
    work_since_checkpoint: usize,
    /// The state last asked for, and the next event to apply to it.
    current: Mirror,
    cursor: usize,
    /// What the renderer shows.
    shown: Option<Mirror>,
    /// Problems found while applying events (each event's reported once).
    pub problems: Problems,
    /// Work between checkpoints now; `base_work` at the start, doubled at each thinning.
    checkpoint_work: usize,
    base_work: usize,
    /// Work checkpoints kept at most (the page checkpoints are not counted).
    budget: usize,
    work_checkpoints: usize,
    policy: crate::sanitize::Policy,
    /// Problems of events before this index were reported by an earlier build of this session.
    report_from: usize,
}

fn work_of(data: &EventData) -> usize {
    match data {
        EventData::Incremental(Incremental::Mutation(m)) => {
            1 + m.adds.iter().map(|a| a.node.count()).sum::<usize>()
                + m.removes.len()
                + m.attributes.len()
                + m.texts.len()
        }
        _ => 1,
    }
}

impl Replay {
    /// An engine for `session` (which has at least one page).
    pub fn new(session: Session) -> Replay {
        Self::with_spacing(session, CHECKPOINT_WORK)
    }

    /// An engine rendering under `policy` (e.g. with remote assets blocked).
    pub fn with_policy(session: Session, policy: crate::sanitize::Policy) -> Replay {
        Self::build(session, CHECKPOINT_WORK, policy)
    }

    /// An engine with checkpoints every `work` units (for tests and benchmarks).
    pub fn with_spacing(session: Session, work: usize) -> Replay {
        Self::build(session, work, crate::sanitize::Policy::default())
    }

    /// Keeps at most `budget` work checkpoints (at least one) instead of [`CHECKPOINT_BUDGET`]
    /// (for tests and benchmarks).
    pub fn with_budget(mut self, budget: usize) -> Replay {
        self.budget = budget.max(1);
        self.thin_to_budget();
        self
    }

    fn build(session: Session, work: usize, policy: crate::sanitize::Policy) -> Replay {
        let mut r = Replay::unbuilt(session, work, policy);
        r.build_first();
        r
    }

    /// Builds the first page's snapshot (the first frame needs nothing more).
    fn build_first(&mut self) {
        let first = self.session.pages.first().map_or(0, |p| p.snapshot);
        self.build_until(first + 1);
    }

    fn unbuilt(session: Session, work: usize, policy: crate::sanitize::Policy) -> Replay {
        let index = SessionIndex::new(&session);
        Replay {
            session,
            index,
            checkpoints: Vec::new(),
            built: 0,
            frontier: None,
            work_since_checkpoint: 0,
            current: Mirror::default(),
            cursor: 0,
            shown: None,
            problems: Problems::default(),
            checkpoint_work: work.max(1),
            base_work: work.max(1),
            budget: CHECKPOINT_BUDGET,
            work_checkpoints: 0,
            policy,
            report_from: 0,
        }
    }

    /// Grows the session with events decoded after it was built (playing while loading). What
    /// was built and shown stays valid: the new events all come after the old ones. Gives the
    /// events back when they would need repairs (out of order, absurd times): keep them for
    /// [`Replay::complete`].
    pub fn extend(&mut self, more: Vec<Event>) -> Result<(), Vec<Event>> {
        let from = self.session.events.len();
        self.session.extend(more)?;
        self.index.grow(&self.session, from);
        Ok(())
    }

    /// Ends a load that was played while it arrived: adds the rest of the body. When the whole
    /// body needs repairs the beginning did not show (events out of order across the two parts,
    /// absurd times), the session is built again from all events — and `true` is returned: the
    /// renderer must be given a fresh frame. Repairs are added to `problems`.
    /// Fails when the repaired session has no full snapshot left.
    pub fn complete(&mut self, rest: Vec<Event>, problems: &mut Problems) -> Result<bool, LoadError> {
        if self.session.accepts_rest(&rest) {
            let from = self.session.events.len();
            self.session.append(rest);
            self.index.grow(&self.session, from);
            return Ok(false);
        }
        let mut events = std::mem::take(&mut self.session.events).into_vec(rest.len());
        events.extend(rest);
        let session = Session::read(events, self.session.format, problems);
        if session.pages.is_empty() {
            return Err(LoadError::NoFullSnapshot {
                events: session.events.len(),
            });
        }
        self.rebuild(session, self.policy);
        Ok(true)
    }

    /// Renders under another policy from now on (remote assets blocked or not): the mirror is
    /// built again; problems already reported are not reported twice.
    pub fn set_policy(&mut self, policy: crate::sanitize::Policy) {
        if policy == self.policy {
            return;
        }
        let session = Session {
            events: std::mem::take(&mut self.session.events),
            pages: std::mem::take(&mut self.session.pages),
            start: self.session.start,
            end: self.session.end,
            format: self.session.format,
        };
        self.rebuild(session, policy);
    }

    fn rebuild(&mut self, session: Session, policy: crate::sanitize::Policy) {
        let mut fresh = Replay::unbuilt(session, self.base_work, policy);
        fresh.budget = self.budget;
        fresh.report_from = self.built.max(self.report_from);
        fresh.problems = std::mem::take(&mut self.problems);
        fresh.build_first();
        *self = fresh;
    }

    /// Session duration, ms.
    pub fn duration(&self) -> f64 {
        self.index.duration
    }

    /// Number of checkpoints built so far (full snapshots' included).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Work between two checkpoints now (doubled each time they were thinned).
    pub fn checkpoint_spacing(&self) -> usize {
        self.checkpoint_work
    }

    /// Builds checkpoints ahead of time (during idle time), at most `events` more events.
    /// Returns true when the whole session is covered.
    pub fn build_ahead(&mut self, events: usize) -> bool {
        let end = self.built.saturating_add(events);
        self.build_until(end);
        self.built >= self.session.events.len()
    }

    /// Applies events once, in order, up to index `end`, taking checkpoints on the way.
    fn build_until(&mut self, end: usize) {
        let end = end.min(self.session.events.len());
        while self.built < end {
            let i = self.built;
            let event = &self.session.events[i];
            let mut warnings = Vec::new();
            match &event.data {
                EventData::FullSnapshot(snap) => {
                    let mirror =
                        Mirror::from_snapshot_with(&snap.node, snap.initial_offset, self.policy, &mut warnings);
                    let page = self.session.pages.iter().find(|p| p.snapshot == i);
                    let mut mirror = mirror;
                    if let Some(p) = page {
                        mirror.set_viewport(p.width, p.height);
                    }
                    self.checkpoints.push(Checkpoint {
                        event: i + 1,
                        mirror: mirror.clone(),
                        page: true,
                    });
                    self.frontier = Some(mirror);
                    self.work_since_checkpoint = 0;
                }
                EventData::Incremental(inc) => match &mut self.frontier {
                    Some(m) => {
                        m.apply(inc, event.timestamp, &mut warnings);
                        self.work_since_checkpoint += work_of(&event.data);
                    }
                    None if matches!(inc, Incremental::Mutation(_)) => {
                        warnings.push("a page change before any full snapshot; skipped".to_owned())
                    }
                    None => {}
                },
                _ => {}
            }
            if i >= self.report_from {
                for w in warnings {
                    self.problems.push(Some(i + 1), w);
                }
            }
            self.built += 1;
            if self.work_since_checkpoint >= self.checkpoint_work {
                self.work_since_checkpoint = 0;
                if let Some(m) = &self.frontier {
                    self.checkpoints.push(Checkpoint {
                        event: self.built,
                        mirror: m.clone(),
                        page: false,
                    });
                    self.work_checkpoints += 1;
                    self.thin_to_budget();
                }
            }
        }
    }

    /// While more work checkpoints are kept than the budget allows: drops every other one
    /// (the first, third, ... of the session, so those kept are twice as far from each other
    /// and half of them stay, however few each page has) and doubles the spacing of those to
    /// come. A full snapshot's checkpoint is never dropped.
    fn thin_to_budget(&mut self) {
        while self.work_checkpoints > self.budget {
            let mut seen = 0usize;
            let mut last_dropped = false;
            self.checkpoints.retain(|c| {
                if c.page {
                    last_dropped = false;
                    return true;
                }
                seen += 1;
                last_dropped = seen % 2 == 1;
                !last_dropped
            });
            if last_dropped {
                // The work since the checkpoint kept before it counts towards the next one.
                self.work_since_checkpoint += self.checkpoint_work;
            }
            self.work_checkpoints = self.checkpoints.iter().filter(|c| !c.page).count();
            self.checkpoint_work = self.checkpoint_work.saturating_mul(2);
        }
    }

    /// Index of the first event after offset `ms` (events at exactly `ms` are included).
    fn events_until(&self, ms: f64) -> usize {
        let t = self.session.start + ms;
        let n = self.session.events.partition_point(|e| e.timestamp <= t);
        // Before the first snapshot, show the first snapshot.
        let first = self.session.pages.first().map_or(0, |p| p.snapshot + 1);
        n.max(first)
    }

    /// The mirror at offset `ms`.
    pub fn state_at(&mut self, ms: f64) -> &Mirror {
        let n = self.events_until(ms);
        self.build_until(n);
        if self.checkpoints.is_empty() {
            // No page (every snapshot was unusable): nothing to show but an empty document.
            return &self.current;
        }
        let cp = self.checkpoints.partition_point(|c| c.event <= n).saturating_sub(1);
        let cp_event = self.checkpoints[cp].event;
        if self.built == n && cp_event < n && self.cursor != n {
            // The builder stopped exactly here (a seek past what was built, while loading):
            // its state is this one, nothing needs applying twice.
            if let Some(frontier) = &self.frontier {
                self.current = frontier.clone();
                self.cursor = n;
                return &self.current;
            }
        }
        if !(cp_event <= self.cursor && self.cursor <= n) {
            self.current = self.checkpoints[cp].mirror.clone();
            self.cursor = cp_event;
        }
        let mut ignored = Vec::new();
        for i in self.cursor..n {
            let e = &self.session.events[i];
            if let EventData::Incremental(inc) = &e.data {
                self.current.apply(inc, e.timestamp, &mut ignored);
            }
        }
        self.cursor = n;
        &self.current
    }

    /// Moves to offset `ms` and returns the DOM work from what is shown to what must be.
    pub fn frame(&mut self, ms: f64) -> Vec<Patch> {
        self.state_at(ms);
        let patches = match &self.shown {
            Some(shown) => diff(shown, &self.current),
            None => vec![Patch::Rebuild],
        };
        self.shown = Some(self.current.clone());
        patches
    }

    /// What the renderer was last told to show.
    pub fn shown(&self) -> Option<&Mirror> {
        self.shown.as_ref()
    }

    /// Forgets what is shown: the next frame rebuilds (the renderer lost its document).
    pub fn invalidate(&mut self) {
        self.shown = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page, then `n` changes of one attribute (2 units of work each), with a second page
    /// half way through.
    fn even_session(n: usize) -> Session {
        let meta = |t: usize| {
            format!(r#"{{"type":4,"data":{{"href":"http://x/","width":800,"height":600}},"timestamp":{t}}}"#)
        };
        let snapshot = |t: usize| {
            format!(
                r#"{{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[{{"type":2,"id":2,"tagName":"html","attributes":{{}},"childNodes":[]}}]}},"initialOffset":{{"top":0,"left":0}}}},"timestamp":{t}}}"#
            )
        };
        let mut events = vec![meta(1000), snapshot(1000)];
        for i in 0..n {
            let t = 1001 + i;
            if i == n / 2 {
                events.push(meta(t));
                events.push(snapshot(t));
            }
            events.push(format!(
                r#"{{"type":3,"data":{{"source":0,"texts":[],"attributes":[{{"id":2,"attributes":{{"class":"c{i}"}}}}],"removes":[],"adds":[]}},"timestamp":{t}}}"#
            ));
        }
        crate::load::load(format!("[{}]", events.join(",")).as_bytes())
            .unwrap()
            .session
    }

    /// Thinning keeps the spacing even: between two kept work checkpoints (or a full snapshot's
    /// and the next) lies the spacing now, wherever the last thinning fell — never one and a
    /// half times it.
    #[test]
    fn thinned_checkpoints_stay_evenly_spaced() {
        for budget in 3..=17 {
            let mut r = Replay::with_spacing(even_session(3_001), 10).with_budget(budget);
            r.build_ahead(usize::MAX);
            assert!(r.checkpoint_work >= 80, "thinned: spacing {}", r.checkpoint_work);
            for pair in r.checkpoints.windows(2) {
                if pair[1].page {
                    continue;
                }
                let work: usize = r
                    .session
                    .events
                    .range(pair[0].event..pair[1].event)
                    .map(|e| work_of(&e.data))
                    .sum();
                assert!(
                    work <= r.checkpoint_work + 1,
                    "budget {budget}: {work} units between checkpoints at events {} and {} (spacing {})",
                    pair[0].event,
                    pair[1].event,
                    r.checkpoint_work
                );
            }
        }
    }
}
