//! Opening a session: its first frame as soon as the body's first page is in, the rest played
//! while it downloads, checkpoints built in the background, and the rendering policy switched.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::analysis::Analysis;
use tapedeck_core::event::Event;
use tapedeck_core::load::{Loaded, Rest};
use tapedeck_core::mirror::Patch;
use tapedeck_core::replay::Replay;
use tapedeck_core::sanitize::Policy;
use web_sys::HtmlIFrameElement;

use super::{Controller, Playing, BUILD_SLICE_MS, BUILD_STEP_EVENTS};
use crate::embed;
use crate::fetch::{now, sleep, yield_to_browser, OpenError};
use crate::player::signals::{PlayState, Selected, SessionInfo};
use crate::renderer::{FramePage, Renderer};

/// Nodes of the first page built in one task (about 25 ms on the 2-core development machine).
const FIRST_BUILD_NODES: usize = 2_000;

/// Idle wait of the checkpoint builder while more of the body is still to come, ms.
const WAIT_FOR_MORE_MS: i32 = 50;

/// Events the analysis reads, or rows it puts together, at a time in the background (about
/// 1 ms).
const ANALYSE_STEP_EVENTS: usize = 2_000;
/// Bytes of the panels' text made searchable for Find between two looks at the slice's clock.
const FIND_STEP_BYTES: usize = 64 * 1024;

impl Controller {
    /// A session arrived (whole, or its beginning with `streaming`): show its first frame in
    /// `frame`. While streaming, [`Controller::grow`] adds events and [`Controller::complete`]
    /// ends the load.
    pub fn open(&self, loaded: Loaded, frame: HtmlIFrameElement, page: Option<FramePage>, streaming: bool) {
        let Loaded {
            session,
            mut problems,
            windows,
        } = loaded;
        self.signals.windows.set(windows);
        let replay = Replay::with_policy(session, self.policy.get());
        for p in &replay.problems.details {
            problems.push(p.event, p.message.clone());
        }
        let mut renderer = Renderer::new(frame);
        let repaint = {
            let this = self.clone();
            Rc::new(move || this.repaint_assets()) as Rc<dyn Fn()>
        };
        renderer.on_asset_ready(repaint);
        let relayout = {
            let this = self.clone();
            // Deferred: a load event can come while the renderer is building.
            Rc::new(move || {
                let this = this.clone();
                wasm_bindgen_futures::spawn_local(async move { this.frame_changed() });
            }) as Rc<dyn Fn()>
        };
        renderer.on_layout_change(relayout);
        let first = replay.index.pages.first().map_or(0.0, |p| p.start);
        let info = info_of(&replay);
        *self.inner.borrow_mut() = Some(Playing {
            replay,
            renderer,
            analysis: Arc::new(Analysis::default()),
            analyser: Default::default(),
            last_tick: None,
            held: Vec::new(),
            inspected: Default::default(),
            finding: Default::default(),
        });
        self.signals.find.indexing.set(true);
        self.signals.streaming.set(streaming);
        // What moves the playhead meanwhile (an embedder's seek) is where the frame is shown.
        self.signals.time_ms.set(first);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(page) = page {
                page.ready().await;
                if this.is_disposed() {
                    return;
                }
            }
            // The first frame in tasks of their own, none of them long: the page's mirror (made
            // by `open`, in a task `load_stream` began for it), its DOM a slice of
            // FIRST_BUILD_NODES nodes a task, then its layout (a recorded page's style and layout
            // alone take 40-80 ms). Each yield goes on ahead of the rest of the body's reading
            // (`yield_ahead`), which would otherwise take its 30 ms turn between them. The player
            // stays in its loading state until the frame is shown.
            if !this.ahead_after_yield().await {
                return;
            }
            // At the playhead: a seek meanwhile moved it (`seek_now`).
            let mut whole = this.begin_first_page(this.signals.time_ms.get_untracked());
            let mut slices = 0;
            while !whole {
                if slices > 0 && !this.ahead_after_yield().await {
                    return;
                }
                whole = this.build_more_of_first_page();
                slices += 1;
            }
            if !this.ahead_after_yield().await {
                return;
            }
            this.show_first_frame();
            // The load's problems and the session's facts (the timeline) once the page is
            // shown: drawing them first would hold the first frame back. The rest of the body
            // may have arrived meanwhile, with problems and facts of its own.
            this.signals.problems.update(|all| {
                let later = std::mem::replace(all, problems);
                all.merge(later);
            });
            if this.signals.info.with_untracked(Option::is_none) {
                this.signals.info.set(Some(info));
            }
            // The analysis a slice a task, then the player ready (what waits for it is built a
            // part a task from then on: `hooks::use_in_turn`).
            let mut analysed = false;
            let live = this.in_slices(|c| {
                if analysed {
                    return c.go_live();
                }
                analysed = c.analyse_slice();
                false
            });
            if live.await {
                this.build_checkpoints_in_background();
            }
        });
    }

    /// Yields to the browser: false when the player was left meanwhile.
    async fn after_yield(&self) -> bool {
        yield_to_browser().await;
        !self.is_disposed()
    }

    /// Yields to the browser, going on ahead of the body's reading: false when the player was
    /// left meanwhile.
    async fn ahead_after_yield(&self) -> bool {
        crate::fetch::yield_ahead().await;
        !self.is_disposed()
    }

    /// Runs `step` once a task, after yielding to the browser, until it returns true. False
    /// when the player was left meanwhile.
    async fn in_slices(&self, mut step: impl FnMut(&Controller) -> bool) -> bool {
        loop {
            if !self.after_yield().await {
                return false;
            }
            if step(self) {
                return true;
            }
        }
    }

    /// The first page is built: shows it at the playhead (an embedder may have moved it) and
    /// lays it out, so that the first frame's measure includes its layout.
    fn show_first_frame(&self) {
        self.show(self.signals.time_ms.get_untracked());
        self.signals.frame_shown.set(true);
        embed::mark(embed::MARK_FIRST_PAGE_BUILT);
        self.force_layout();
        embed::measure(embed::MEASURE_FIRST_FRAME, embed::MARK_LOAD_START);
    }

    /// After the first frame and its analysis (console, network, errors and clicks): the
    /// renderer's warnings, and the player ready.
    fn go_live(&self) -> bool {
        self.settle();
        let warnings: Vec<String> = self
            .inner
            .borrow_mut()
            .as_mut()
            .map(|p| p.renderer.warnings.drain(..).collect())
            .unwrap_or_default();
        if !warnings.is_empty() {
            self.signals.problems.update(|all| {
                for w in warnings {
                    all.push(None, w);
                }
            });
        }
        if self.signals.state.get_untracked() == PlayState::Loading {
            self.set_state(PlayState::Ready);
        }
        true
    }

    /// Starts building the first page (at `first`, ms): whether it is already complete.
    fn begin_first_page(&self, first: f64) -> bool {
        let mut inner = self.inner.borrow_mut();
        let Some(p) = inner.as_mut() else { return true };
        let patches = p.replay.frame(first.clamp(0.0, p.replay.duration()));
        let now = p.replay.session.start + first;
        let Some(shown) = p.replay.shown() else { return true };
        self.fit_frame(&p.renderer, shown.page.viewport);
        if patches.iter().any(|patch| matches!(patch, Patch::Rebuild)) {
            p.renderer.begin_render(shown, now)
        } else {
            p.renderer.apply(shown, &patches, now);
            true
        }
    }

    /// Builds one more slice of the first page: whether it is complete. A seek or a rebuild
    /// meanwhile built the page whole (`Renderer::apply`).
    fn build_more_of_first_page(&self) -> bool {
        let Ok(mut inner) = self.inner.try_borrow_mut() else {
            return false;
        };
        let Some(p) = inner.as_mut() else { return true };
        match p.replay.shown() {
            Some(shown) => p.renderer.render_more(shown, FIRST_BUILD_NODES),
            None => {
                p.renderer.cancel_render();
                true
            }
        }
    }

    /// More events of a session still downloading. Events out of time order wait for the end.
    pub fn grow(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        // Measured only when the events join (held ones wait for the end, unmeasured).
        let _span;
        {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            if !p.held.is_empty() {
                p.held.extend(events);
                return;
            }
            _span = embed::Span::start(embed::MEASURE_GROW, embed::MARK_GROW_START);
            if let Err(back) = p.replay.extend(events) {
                p.held = back;
                return;
            }
        }
        // The session's length now; its analysis once the background builder has read the
        // new events in slices (read here at once, a long session's later parts made one
        // task last hundreds of ms).
        self.publish_info();
        self.background.analysis_due.set(true);
        if self.signals.state.get_untracked() != PlayState::Loading {
            self.build_checkpoints_in_background();
        }
    }

    /// The download ended: the last events join (the session is rebuilt when the whole body
    /// needed repairs), every problem of the load is listed.
    pub fn complete(&self, rest: Rest) {
        let Rest {
            events,
            mut problems,
            format,
            windows,
        } = rest;
        self.signals.windows.set(windows);
        let mut grew = !events.is_empty();
        let rebuilt = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            grew |= !p.held.is_empty();
            let mut all = std::mem::take(&mut p.held);
            all.extend(events);
            // A vendor's events may have come after the first page: its format decides how
            // the whole body is read.
            grew |= p.replay.session.format != format;
            p.replay.session.format = format;
            match p.replay.complete(all, &mut problems) {
                Ok(rebuilt) => {
                    if rebuilt {
                        self.reset_find_index(p);
                        p.analyser = Default::default();
                    }
                    rebuilt
                }
                Err(error) => {
                    drop(inner);
                    self.fail(&OpenError::Load {
                        url: String::new(),
                        error,
                    });
                    return;
                }
            }
        };
        self.signals.problems.update(|all| all.merge(problems));
        self.signals.streaming.set(false);
        // Nothing new (the whole body came with the first page): the analysis stands. Else
        // the background builder reads what came last (all of it again when rebuilt) and
        // publishes its analysis in slices, as while streaming.
        if grew || rebuilt {
            self.publish_info();
            self.background.analysis_due.set(true);
            if self.signals.state.get_untracked() != PlayState::Loading {
                self.build_checkpoints_in_background();
            }
        }
        if rebuilt {
            self.show(self.signals.time_ms.get_untracked());
        }
    }

    /// Renders recorded content again under `block_remote` (remote images, fonts and sheets
    /// not loaded), at the same moment.
    pub fn set_block_remote(&self, block: bool) {
        self.signals.block_remote.set(block);
        let policy = Policy { block_remote: block };
        if self.policy.replace(policy) == policy {
            return;
        }
        {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            p.replay.set_policy(policy);
        }
        self.show(self.signals.time_ms.get_untracked());
        self.signals.indexed.set(false);
        self.build_checkpoints_in_background();
    }

    /// Publishes the session's length and pages after it grew.
    fn publish_info(&self) {
        let info = {
            let inner = self.inner.borrow();
            let Some(p) = inner.as_ref() else { return };
            info_of(&p.replay)
        };
        self.signals.info.set(Some(info));
    }

    /// Reads the session's analysis for a slice of time (`BUILD_SLICE_MS`; at once, the events
    /// a long session had when its first frame was shown took over 100 ms): whether it is made
    /// and published.
    fn analyse_slice(&self) -> bool {
        let analysis = {
            let Ok(mut inner) = self.inner.try_borrow_mut() else {
                return false;
            };
            let Some(p) = inner.as_mut() else { return true };
            let _span = embed::Span::start(embed::MEASURE_ANALYSE, embed::MARK_ANALYSE_START);
            let start = now();
            loop {
                let made = p
                    .analyser
                    .analyse_some(&p.replay.session, &self.click_options, ANALYSE_STEP_EVENTS);
                if let Some(a) = made {
                    break a;
                }
                if now() - start >= BUILD_SLICE_MS {
                    return false;
                }
            }
        };
        self.publish_analysis(analysis);
        true
    }

    /// Publishes `analysis` with the session's length and pages; another is due when the
    /// session grew past it.
    fn publish_analysis(&self, analysis: Analysis) {
        let analysis = Arc::new(analysis);
        let info = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            self.background
                .analysis_due
                .set(p.analyser.is_behind(&p.replay.session));
            p.analysis = Arc::clone(&analysis);
            // The rings and the click outline shown now come from the analysis: a frame shown
            // before it was read (a deep link's first frame) gets them now.
            self.show_clicks(p, self.signals.time_ms.get_untracked());
            info_of(&p.replay)
        };
        self.signals.info.set(Some(info));
        self.signals.analysis.set(Some(analysis));
        // A link's error: selected once read, unless the user picked a row meanwhile.
        if let Some((ms, open)) = self.background.landing_error.get() {
            let waiting = self.signals.selected.get_untracked() == Selected::None;
            if !waiting || self.select_error_near(ms, open) || !self.background.analysis_due.get() {
                self.background.landing_error.set(None);
            }
        }
        if !self.signals.find.query.with_untracked(String::is_empty) {
            self.refresh_find(false);
        }
    }

    /// Selects the error at `ms` once the analysis has read that moment, if it is still being
    /// made (`open`: the errors panel opens then).
    pub(super) fn select_error_near_when_analysed(&self, ms: f64, open: bool) {
        if self.background.analysis_due.get() {
            self.background.landing_error.set(Some((ms, open)));
        }
    }

    /// Applies the rest of the session once, in small slices between frames, so that every
    /// later seek finds a checkpoint near its target — and reads the screen's text for Find
    /// once Find was opened. New problems join the list. One builder runs at a time: asked
    /// again while it runs, it goes on with what was asked.
    pub(super) fn build_checkpoints_in_background(&self) {
        if self.background.running.replace(true) {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                if !this.in_slices(|c| c.build_slice() == Some(true)).await {
                    break;
                }
                // A download that failed half-way never stops streaming: nothing more comes.
                if this.signals.state.get_untracked() == PlayState::Error {
                    break;
                }
                if !this.signals.streaming.get_untracked() {
                    this.signals.indexed.set(true);
                    break;
                }
                sleep(WAIT_FOR_MORE_MS).await;
            }
            this.background.running.set(false);
        });
    }

    /// Find was opened: the screen's text is read from now on (an hour's session holds tens
    /// of MB of it, kept only for those who search), and the panels' rows are made searchable.
    pub fn want_screen_text(&self) {
        // Before the first frame the builder is not running yet: it starts after that frame
        // (`go_live`) and reads the text then.
        let live = self.signals.state.get_untracked() != PlayState::Loading
            && self.inner.try_borrow().is_ok_and(|i| i.is_some());
        let first = !self.background.screen_wanted.replace(true);
        if live && (first || self.finder_due()) {
            self.build_checkpoints_in_background();
        }
    }
}

/// What the background builder is doing.
#[derive(Default)]
pub(super) struct Background {
    /// A builder runs.
    running: Cell<bool>,
    /// Find was opened in this player: the screen's text is indexed.
    screen_wanted: Cell<bool>,
    /// The session grew since its analysis was published: the builder reads the new events
    /// and publishes it.
    analysis_due: Cell<bool>,
    /// A link's moment (ms) whose error is selected once the analysis has read it, and
    /// whether the errors panel opens then.
    landing_error: Cell<Option<(f64, bool)>>,
}

impl Controller {
    /// One slice of checkpoint building and of indexing the screen's text: whether the whole
    /// session is covered (or closed); None when the player is busy.
    fn build_slice(&self) -> Option<bool> {
        let mut inner = self.inner.try_borrow_mut().ok()?;
        let Some(p) = inner.as_mut() else {
            return Some(true);
        };
        let (details, total) = (p.replay.problems.details.len(), p.replay.problems.total);
        let wanted = self.background.screen_wanted.get();
        let due = self.background.analysis_due.get();
        let start = now();
        // An analysis is read and put together a budget of events and rows at a time (at once,
        // a long session's took up to 100 ms): a slice that worked on one is measured whole.
        let span = due.then(|| embed::Span::start(embed::MEASURE_ANALYSE, embed::MARK_ANALYSE_START));
        let mut fresh = None;
        let rows_before = self.finder_due_in(p);
        let (built, indexed, found) = loop {
            if due && fresh.is_none() {
                fresh = p
                    .analyser
                    .analyse_some(&p.replay.session, &self.click_options, ANALYSE_STEP_EVENTS);
            }
            let analysed = !due || fresh.is_some();
            let built = p.replay.build_ahead(BUILD_STEP_EVENTS);
            let indexed = !wanted || self.index_slice(p, BUILD_STEP_EVENTS);
            // Find's rows of the analysis being replaced would be made for nothing: they wait
            // for the next slice (the slice ends once that analysis is made).
            let found = if due {
                !self.finder_wanted()
            } else {
                self.finder_slice(p, FIND_STEP_BYTES)
            };
            if (built && indexed && analysed && (found || due)) || now() - start >= BUILD_SLICE_MS {
                break (built, indexed, found);
            }
        };
        drop(span);
        // Done once nothing is left to read: events that joined while an analysis was put
        // together are the next one's.
        let done = built && indexed && found && !(due && p.analyser.is_behind(&p.replay.session));
        // The whole text is in (until more of the body comes): the query runs on all of it.
        let text_done =
            wanted && indexed && !self.signals.streaming.get_untracked() && self.signals.find.indexing.get_untracked();
        if p.replay.problems.total != total {
            let fresh: Vec<_> = p.replay.problems.details[details..].to_vec();
            let uncounted = p.replay.problems.total - total - fresh.len();
            self.signals.problems.update(|all| {
                for f in fresh {
                    all.push(f.event, f.message);
                }
                all.total += uncounted;
            });
        }
        drop(inner);
        let published = fresh.is_some();
        if let Some(analysis) = fresh {
            self.publish_analysis(analysis);
        }
        if text_done {
            self.signals.find.indexing.set(false);
            self.index_complete();
        } else if rows_before && found && !published {
            // The query waited for these rows (an analysis published while loading).
            self.refresh_find(false);
        }
        Some(done)
    }
}

fn info_of(replay: &Replay) -> SessionInfo {
    SessionInfo {
        duration_ms: replay.duration(),
        start: replay.session.start,
        events: replay.session.events.len(),
        page_starts: replay.index.pages.iter().map(|p| p.start).collect(),
        inactive: replay.index.inactive.clone(),
        format: replay.session.format.label(),
    }
}
