//! The replay engine: the mirror at any time, fast.
//!
//! Checkpoints (O(1) clones of the mirror) are taken at every full snapshot and then every
//! [`CHECKPOINT_WORK`] units of work (a unit is one node added, removed or changed). A seek
//! restores the nearest checkpoint at or before the target — or keeps going from where it is,
//! when that is closer — and applies only the events after it. Its cost depends on the page's
//! changes since the checkpoint, never on how far into the session the target is.
//!
//! Checkpoints are built lazily, the first time time passes them, so the first frame needs only
//! the first snapshot. The engine never reads a clock: times are offsets (ms) it is given.

use crate::event::{EventData, Incremental};
use crate::index::SessionIndex;
use crate::load::Problems;
use crate::mirror::{diff, Mirror, Patch};
use crate::session::Session;

/// Work between two checkpoints (nodes added, removed or changed; other events count 1).
pub const CHECKPOINT_WORK: usize = 2_000;

struct Checkpoint {
    /// Events before this index are applied.
    event: usize,
    mirror: Mirror,
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
    checkpoint_work: usize,
    policy: crate::sanitize::Policy,
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

    /// The session back (to play it again under another policy).
    pub fn into_session(self) -> Session {
        self.session
    }

    fn build(session: Session, work: usize, policy: crate::sanitize::Policy) -> Replay {
        let index = SessionIndex::new(&session);
        let mut r = Replay {
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
            policy,
        };
        let first = r.session.pages.first().map_or(0, |p| p.snapshot);
        r.build_until(first + 1);
        r
    }

    /// Session duration, ms.
    pub fn duration(&self) -> f64 {
        self.index.duration
    }

    /// Number of checkpoints built so far.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
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
            for w in warnings {
                self.problems.push(Some(i + 1), w);
            }
            self.built += 1;
            if self.work_since_checkpoint >= self.checkpoint_work {
                if let Some(m) = &self.frontier {
                    self.checkpoints.push(Checkpoint {
                        event: self.built,
                        mirror: m.clone(),
                    });
                }
                self.work_since_checkpoint = 0;
            }
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
        let cp = self.checkpoints.partition_point(|c| c.event <= n).saturating_sub(1);
        let cp_event = self.checkpoints[cp].event;
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
