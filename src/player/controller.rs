//! The player controller: owns the replay engine (core) and the renderer, runs the clock, and
//! publishes what components show as signals. Components never touch replay state directly.

use std::cell::RefCell;
use std::rc::Rc;

use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::analysis::{Analysis, ClickOptions};
use tapedeck_core::deeplink;
use tapedeck_core::replay::Replay;
use tapedeck_core::sanitize::Policy;

mod export;
mod find;
mod highlights;
mod inspect;
mod loading;
mod scrub;

use super::clock::Clock;
use super::signals::{ErrorInfo, Panel, PlayState, PlayerSignals, Ripple, Selected, SPEEDS};
use crate::embed::{self, Command};
use crate::fetch::OpenError;
use crate::renderer::Renderer;

/// How long a click ripple shows, ms of replay time.
const RIPPLE_MS: f64 = 700.0;
/// Real time an inactive span takes when skipped, ms (rrweb's fast-forward, but quicker).
const SKIP_REAL_MS: f64 = 1_500.0;
const MAX_SKIP_SPEED: f64 = 360.0;
/// Longest real-time step one frame may take (after the tab was hidden, say).
const MAX_FRAME_MS: f64 = 250.0;
/// How long a click's outline and a rage click's ring stay after the click, ms of replay time.
const CLICK_HIGHLIGHT_MS: f64 = 1_500.0;
/// How long after a frame is shown paused its scroll offsets are kept in place, ms.
const SETTLE_MS: f64 = 4_000.0;
/// Background checkpoint building goes in steps of this many events (a millisecond or two)...
const BUILD_STEP_EVENTS: usize = 250;
/// ...for up to this long a task, ms: less than a download slice (30 ms), enough for the
/// checkpoints to keep up with what arrives, so that seeks while loading find one near.
const BUILD_SLICE_MS: f64 = 20.0;

/// Told the time of a jump.
type JumpListener = Rc<dyn Fn(f64)>;

struct Playing {
    replay: Replay,
    renderer: Renderer,
    analysis: Arc<Analysis>,
    /// Grows the analysis with each part of a session still downloading.
    analyser: tapedeck_core::analysis::Analyser,
    /// `performance.now()` of the last clock tick.
    last_tick: Option<f64>,
    /// Events that arrived while loading but need the whole body first (out of time order).
    held: Vec<tapedeck_core::event::Event>,
    /// What the inspector last showed (`inspect.rs`).
    inspected: inspect::Inspected,
    /// The screen's text index and the chosen result (`find.rs`).
    finding: find::Finding,
}

/// Owns a session being played. Cheap to clone (shared).
#[derive(Clone)]
pub struct Controller {
    signals: PlayerSignals,
    inner: Rc<RefCell<Option<Playing>>>,
    clock: Clock,
    /// While paused, scroll offsets are applied again on every frame until this
    /// `performance.now()` time: fonts, images and style sheets of the replayed page arrive after
    /// the frame was built, and a recorded offset may not fit the page until they have.
    settle_until: Rc<std::cell::Cell<f64>>,
    settle_clock: Clock,
    /// A drag's next position (`scrub.rs`).
    scrub: scrub::Scrub,
    /// Told about every jump the user makes (to record it in the browser history).
    on_jump: Rc<RefCell<Option<JumpListener>>>,
    click_options: ClickOptions,
    /// How recorded content is rendered (remote assets blocked or not).
    policy: Rc<std::cell::Cell<Policy>>,
    /// Set when the player went away: nothing runs any more, everything is let go.
    disposed: Rc<std::cell::Cell<bool>>,
    /// The background builder's state (`loading.rs`).
    background: Rc<loading::Background>,
}

impl Controller {
    pub fn new(signals: PlayerSignals, click_options: ClickOptions) -> Self {
        Controller {
            signals,
            inner: Rc::new(RefCell::new(None)),
            clock: Clock::default(),
            settle_until: Rc::new(std::cell::Cell::new(0.0)),
            settle_clock: Clock::default(),
            scrub: scrub::Scrub::default(),
            on_jump: Rc::new(RefCell::new(None)),
            click_options,
            policy: Rc::new(std::cell::Cell::new(Policy::default())),
            disposed: Rc::new(std::cell::Cell::new(false)),
            background: Rc::default(),
        }
    }

    /// The player went away: stops the clocks and background work and lets go of the replay,
    /// the renderer and the callbacks that held them (the player's signals are gone too, so
    /// nothing may touch them after this).
    pub fn dispose(&self) {
        self.disposed.set(true);
        self.clock.dispose();
        self.settle_clock.dispose();
        self.scrub.dispose();
        self.on_jump.borrow_mut().take();
        let inner = Rc::clone(&self.inner);
        let release = move || {
            if let Ok(mut i) = inner.try_borrow_mut() {
                if let Some(p) = i.take() {
                    p.renderer.release();
                }
                return true;
            }
            false
        };
        if !release() {
            // Called while the replay is in use further up the stack: after this task.
            wasm_bindgen_futures::spawn_local(async move {
                release();
            });
        }
    }

    /// Whether the player went away (see [`Controller::dispose`]).
    pub fn is_disposed(&self) -> bool {
        self.disposed.get()
    }

    pub fn signals(&self) -> PlayerSignals {
        self.signals
    }

    /// Loading failed: show why.
    pub fn fail(&self, error: &OpenError) {
        self.signals.error.set(Some(ErrorInfo {
            title: error.title().to_owned(),
            message: error.to_string(),
        }));
        self.set_state(PlayState::Error);
    }

    fn set_state(&self, state: PlayState) {
        if self.signals.state.get_untracked() != state {
            self.signals.state.set(state);
            embed::post_state(state.as_str(), self.signals.time_ms.get_untracked());
        }
    }

    /// Renders the frame at `ms` and publishes where the playhead is.
    fn show(&self, ms: f64) {
        let mut inner = self.inner.borrow_mut();
        let Some(p) = inner.as_mut() else { return };
        let ms = ms.clamp(0.0, p.replay.duration());
        let patches = p.replay.frame(ms);
        let now = p.replay.session.start + ms;
        if let Some(shown) = p.replay.shown() {
            p.renderer.apply(shown, &patches, now);
            self.fit_frame(&p.renderer, shown.page.viewport);
        }
        // What the browser refused while rendering joins the problems (once each).
        if !p.renderer.warnings.is_empty() && self.signals.state.get_untracked() != PlayState::Loading {
            let fresh = std::mem::take(&mut p.renderer.warnings);
            self.signals.problems.update(|all| {
                for w in fresh {
                    all.push(None, w);
                }
            });
        }
        let index = &p.replay.index;
        let href = index
            .pages
            .get(index.page_at(ms))
            .map(|pg| pg.href.clone())
            .unwrap_or_default();
        if self.signals.href.get_untracked() != href {
            self.signals.href.set(href);
        }
        let pointer = index.pointer_at(ms);
        p.renderer.set_hover(pointer.and_then(|pt| pt.id));
        self.signals.pointer.set(pointer);
        let ripples: Vec<Ripple> = index
            .clicks_between(ms - RIPPLE_MS, ms)
            .iter()
            .map(|c| Ripple {
                x: c.x,
                y: c.y,
                age: ms - c.t,
                at: c.t,
            })
            .collect();
        if !(ripples.is_empty() && self.signals.ripples.with_untracked(|r| r.is_empty())) {
            self.signals.ripples.set(ripples);
        }
        self.show_clicks(p, ms);
        self.follow_inspector(p, ms);
        self.show_find(p, ms);
        self.signals.time_ms.set(ms);
    }

    /// Keeps recorded scroll offsets in place while the replayed page settles (see `settle_until`).
    fn settle(&self) {
        let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
        let running = self.settle_until.get() > now;
        self.settle_until.set(now + SETTLE_MS);
        if running {
            return;
        }
        let this = self.clone();
        self.settle_clock.start(move |now| {
            if now > this.settle_until.get() || this.signals.state.get_untracked() == PlayState::Playing {
                this.settle_until.set(0.0);
                return false;
            }
            this.reapply_scrolls();
            true
        });
    }

    /// Sizes the frame to the recorded viewport now, not when the stage's effects run: the
    /// page is laid out once, at its recorded size (a big page's layout costs as much as its
    /// build).
    fn fit_frame(&self, renderer: &Renderer, viewport: (f64, f64)) {
        if viewport.0 > 0.0 && self.signals.viewport.get_untracked() != viewport {
            renderer.size_frame(viewport.0, viewport.1);
            self.signals.viewport.set(viewport);
        }
    }

    /// Forces style and layout of the replay, so a measure includes them.
    fn force_layout(&self) {
        if let Some(p) = self.inner.borrow().as_ref() {
            p.renderer.force_layout();
        }
    }

    /// Something loaded in the replay (a font, an image, a page the renderer asked for): builds
    /// what waited for its page, then puts scroll offsets back.
    fn frame_changed(&self) {
        if let Ok(mut inner) = self.inner.try_borrow_mut() {
            if let Some(p) = inner.as_mut() {
                let now = p.replay.session.start + self.signals.time_ms.get_untracked();
                if let Some(shown) = p.replay.shown() {
                    p.renderer.settle(shown, now);
                }
            }
        }
        self.reapply_scrolls();
    }

    fn reapply_scrolls(&self) {
        if let Ok(inner) = self.inner.try_borrow() {
            if let Some(p) = inner.as_ref() {
                if let Some(shown) = p.replay.shown() {
                    p.renderer.reapply_scrolls(shown);
                }
            }
        }
    }

    fn repaint_assets(&self) {
        if let Ok(mut inner) = self.inner.try_borrow_mut() {
            if let Some(p) = inner.as_mut() {
                let now = p.replay.session.start + self.signals.time_ms.get_untracked();
                if let Some(shown) = p.replay.shown() {
                    p.renderer.repaint_canvases(shown, now);
                }
            }
        }
    }

    fn loaded(&self) -> bool {
        self.inner.borrow().is_some()
    }

    /// Handles a command from the embedding contract or the UI.
    pub fn command(&self, cmd: Command) {
        match cmd {
            Command::Play => self.play(),
            Command::Pause => self.pause(),
            Command::Seek(ms) => self.seek(ms),
        }
    }

    pub fn play(&self) {
        if !self.loaded() {
            return;
        }
        if self.signals.time_ms.get_untracked() >= self.signals.duration() && !self.signals.streaming.get_untracked() {
            self.show(0.0);
        }
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.last_tick = None;
        }
        self.set_state(PlayState::Playing);
        let this = self.clone();
        self.clock.start(move |now| this.tick(now));
    }

    pub fn pause(&self) {
        if !self.loaded() {
            return;
        }
        self.clock.stop();
        self.settle();
        self.signals.skipping.set(false);
        if matches!(
            self.signals.state.get_untracked(),
            PlayState::Playing | PlayState::Ready
        ) {
            self.set_state(PlayState::Paused);
        }
    }

    pub fn toggle(&self) {
        if self.signals.state.get_untracked() == PlayState::Playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Jumps to `ms` (clamped to the session), keeping play/pause; records `tapedeck:seek`.
    pub fn seek(&self, ms: f64) {
        self.cancel_scrub();
        self.seek_now(ms);
    }

    /// [`Controller::seek`] without ending a drag (a drag's own frames).
    fn seek_now(&self, ms: f64) {
        if !ms.is_finite() {
            return;
        }
        if !self.loaded() {
            // Nothing to seek in yet: answered all the same, `loading` where the playhead is,
            // so that an embedding page learns to send it again once `ready`.
            embed::post_state(
                self.signals.state.get_untracked().as_str(),
                self.signals.time_ms.get_untracked(),
            );
            return;
        }
        if !self.signals.frame_shown.get_untracked() {
            // The first frame is still being made, a task at a time: the seek only moves where
            // it is shown (built there, not built whole here and again there).
            let end = self.inner.borrow().as_ref().map_or(0.0, |p| p.replay.duration());
            self.signals.time_ms.set(ms.clamp(0.0, end));
            embed::post_state(
                self.signals.state.get_untracked().as_str(),
                self.signals.time_ms.get_untracked(),
            );
            return;
        }
        let span = embed::Span::start(embed::MEASURE_SEEK, embed::MARK_SEEK_START);
        self.show(ms);
        self.force_layout();
        drop(span);
        self.settle();
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.last_tick = None;
        }
        // Every seek is posted, changed state or not: an embedding page learns its seek landed.
        let state = match self.signals.state.get_untracked() {
            PlayState::Playing => PlayState::Playing,
            _ => PlayState::Paused,
        };
        if self.signals.state.get_untracked() != state {
            self.signals.state.set(state);
        }
        embed::post_state(state.as_str(), self.signals.time_ms.get_untracked());
    }

    /// Whether the viewer has moved the playhead from `at` (ms) or is playing: a link's moment
    /// landed now would throw them back.
    pub fn moved_since(&self, at: f64) -> bool {
        self.signals.state.get_untracked() == PlayState::Playing
            || (self.signals.time_ms.get_untracked() - at).abs() > 1.0
    }

    /// Moves the playhead by `delta` ms.
    pub fn seek_by(&self, delta: f64) {
        self.seek(self.signals.time_ms.get_untracked() + delta);
    }

    /// Called with the time of every jump the user makes (row, marker, error): the page records
    /// it in the browser history so back and forward move between moments.
    pub fn on_jump(&self, f: Rc<dyn Fn(f64)>) {
        *self.on_jump.borrow_mut() = Some(f);
    }

    /// A deliberate jump to a moment: paused there, remembered in the history.
    pub fn jump(&self, ms: f64) {
        self.pause();
        self.seek(ms);
        let now = self.signals.time_ms.get_untracked();
        self.signals.announce.set(format!("At {}", crate::format::offset(now)));
        let cb = self.on_jump.borrow().clone();
        if let Some(f) = cb {
            f(now);
        }
    }

    /// Lands where a deep link says (`t` seconds or `at` moment), paused; with `at`, selects an
    /// error at that moment (±1 s) and opens the errors panel, unless the link names its own
    /// `panel` (that one wins; the error stays selected in its panel). Returns false when the
    /// session is not loaded yet.
    pub fn land(&self, t: Option<&str>, at: Option<&str>, panel: Option<Panel>, play: bool) -> bool {
        let Some((start, duration)) = self
            .inner
            .borrow()
            .as_ref()
            .map(|p| (p.replay.session.start, p.replay.duration()))
        else {
            return false;
        };
        if let Some(landing) = deeplink::resolve(t, at, start, duration) {
            self.signals.notice.set(landing.notice);
            self.seek(landing.ms);
            if at.is_some() {
                // The analysis may not have read the link's moment yet (the end of a download
                // is analysed in the background): then it is selected once it has.
                if !self.select_error_near(landing.ms, panel.is_none()) {
                    self.select_error_near_when_analysed(landing.ms, panel.is_none());
                }
            }
        }
        if let Some(p) = panel {
            self.signals.panel.set(p);
        }
        if t.is_some() || at.is_some() {
            let now = self.signals.time_ms.get_untracked();
            self.signals
                .announce
                .set(format!("Landed at {}", crate::format::offset(now)));
        }
        if play {
            self.play();
        }
        true
    }

    /// Selects the error at `ms` (±1 s), opening the errors panel with `open`: whether there
    /// is one in the published analysis.
    fn select_error_near(&self, ms: f64, open: bool) -> bool {
        let hit = self
            .signals
            .analysis
            .with_untracked(|a| a.as_ref().and_then(|a| a.error_near(ms, 1_000.0)));
        if let Some(i) = hit {
            self.signals.selected.set(Selected::Error(i));
            if open {
                self.signals.panel.set(Panel::Errors);
            }
        }
        hit.is_some()
    }

    /// Shows error `i`: exactly at its moment, paused, selected.
    pub fn select_error(&self, i: usize) {
        let t = self
            .signals
            .analysis
            .with_untracked(|a| a.as_ref().and_then(|a| a.errors.get(i).map(|e| e.t)));
        if let Some(t) = t {
            self.signals.selected.set(Selected::Error(i));
            self.jump(t);
        }
    }

    /// The next (`forward`) or previous error from the playhead.
    pub fn step_error(&self, forward: bool) {
        let now = self.signals.time_ms.get_untracked();
        let i = self.signals.analysis.with_untracked(|a| {
            let errors = &a.as_ref()?.errors;
            if forward {
                errors.iter().position(|e| e.t > now + 1.0)
            } else {
                errors.iter().rposition(|e| e.t < now - 1.0)
            }
        });
        if let Some(i) = i {
            self.select_error(i);
        }
    }

    /// Plays the lead-up to error `i` (from `lead_up_s` before it).
    pub fn replay_lead_up(&self, i: usize) {
        let t = self
            .signals
            .analysis
            .with_untracked(|a| a.as_ref().and_then(|a| a.errors.get(i).map(|e| e.t)));
        if let Some(t) = t {
            let lead = self.signals.lead_up_s.get_untracked().max(0.0) * 1000.0;
            self.jump((t - lead).max(0.0));
            self.play();
        }
    }

    pub fn set_speed(&self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.signals.speed.set(speed);
        }
    }

    /// The next speed up (`step` 1) or down (-1) of [`SPEEDS`].
    pub fn step_speed(&self, step: i32) {
        let cur = self.signals.speed.get_untracked();
        let i = SPEEDS.iter().position(|s| *s >= cur).unwrap_or(1) as i32;
        let j = (i + step).clamp(0, SPEEDS.len() as i32 - 1) as usize;
        self.set_speed(SPEEDS[j]);
    }

    pub fn toggle_skip(&self) {
        self.signals.skip_inactive.update(|s| *s = !*s);
    }

    /// One frame of playback; false when playback stopped.
    fn tick(&self, now: f64) -> bool {
        let (dt, span) = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return false };
            let dt = p.last_tick.map_or(0.0, |last| (now - last).clamp(0.0, MAX_FRAME_MS));
            p.last_tick = Some(now);
            (dt, p.replay.index.inactive_at(self.signals.time_ms.get_untracked()))
        };
        let t = self.signals.time_ms.get_untracked();
        let speed = self.signals.speed.get_untracked();
        let skipping = self.signals.skip_inactive.get_untracked() && span.is_some();
        let rate = match span.filter(|_| skipping) {
            Some(s) => (s.len() / SKIP_REAL_MS).clamp(speed, MAX_SKIP_SPEED),
            None => speed,
        };
        let mut next = t + dt * rate;
        if let Some(s) = span.filter(|_| skipping) {
            // Land at the end of the span (normal speed resumes there), not beyond it.
            next = next.min(s.end);
        }
        if self.signals.skipping.get_untracked() != skipping {
            self.signals.skipping.set(skipping);
        }
        let duration = self.signals.duration();
        self.show(next.min(duration));
        if next >= duration && self.signals.streaming.get_untracked() {
            // The rest is still downloading: wait at the end of what has arrived.
            return true;
        }
        if next >= duration {
            self.signals.skipping.set(false);
            self.set_state(PlayState::Ended);
            return false;
        }
        true
    }

    /// The rendered DOM, serialised (tests compare it with the mirror's).
    pub fn rendered_html(&self) -> Option<String> {
        self.inner.borrow().as_ref().map(|p| p.renderer.serialize())
    }

    /// The mirror shown, serialised.
    pub fn mirror_html(&self) -> Option<String> {
        let inner = self.inner.borrow();
        let shown = inner.as_ref()?.replay.shown()?;
        Some(shown.serialize(shown.root()?))
    }
}
