//! The player controller: owns the loaded session, the core's mirror and the renderer, and
//! publishes what components show as signals. Components never touch replay state directly.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use tapedeck_core::event::EventData;
use tapedeck_core::load::{Loaded, Problems};
use tapedeck_core::mirror::Mirror;
use tapedeck_core::session::Session;
use web_sys::HtmlIFrameElement;

use crate::embed::{self, Command};
use crate::fetch::{OpenError, Progress};
use crate::renderer::Renderer;

/// The player's state, as `data-state` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayState {
    Loading,
    Ready,
    Playing,
    Paused,
    Ended,
    Error,
}

impl PlayState {
    pub fn as_str(self) -> &'static str {
        match self {
            PlayState::Loading => "loading",
            PlayState::Ready => "ready",
            PlayState::Playing => "playing",
            PlayState::Paused => "paused",
            PlayState::Ended => "ended",
            PlayState::Error => "error",
        }
    }
}

/// What the UI shows of a loaded session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub href: String,
    pub width: f64,
    pub height: f64,
    pub duration_ms: f64,
    pub start: f64,
    pub events: usize,
    pub pages: usize,
}

/// A failure, as the error screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    pub title: String,
    pub message: String,
}

/// The reactive face of a player (all `Copy`).
#[derive(Clone, Copy)]
pub struct PlayerSignals {
    pub state: RwSignal<PlayState>,
    pub progress: RwSignal<Progress>,
    pub error: RwSignal<Option<ErrorInfo>>,
    pub info: RwSignal<Option<SessionInfo>>,
    pub problems: RwSignal<Problems>,
    /// Playhead, ms from the session start.
    pub time_ms: RwSignal<f64>,
}

impl PlayerSignals {
    pub fn new() -> Self {
        PlayerSignals {
            state: RwSignal::new(PlayState::Loading),
            progress: RwSignal::new(Progress::default()),
            error: RwSignal::new(None),
            info: RwSignal::new(None),
            problems: RwSignal::new(Problems::default()),
            time_ms: RwSignal::new(0.0),
        }
    }
}

impl Default for PlayerSignals {
    fn default() -> Self {
        Self::new()
    }
}

struct Loaded_ {
    session: Session,
    mirror: Mirror,
    renderer: Renderer,
}

/// Owns a session being played. Shared between the loading task and the command handlers.
#[derive(Clone)]
pub struct Controller {
    signals: PlayerSignals,
    inner: Rc<RefCell<Option<Loaded_>>>,
}

impl Controller {
    pub fn new(signals: PlayerSignals) -> Self {
        Controller {
            signals,
            inner: Rc::new(RefCell::new(None)),
        }
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

    /// A session arrived: rebuild its first page into `frame`.
    pub fn open(&self, loaded: Loaded, frame: HtmlIFrameElement) {
        let Loaded { session, mut problems } = loaded;
        let page = session.pages[0].clone();
        let EventData::FullSnapshot(snap) = &session.events[page.snapshot].data else {
            unreachable!("pages start at full snapshots")
        };
        let mut warnings = Vec::new();
        let mirror = Mirror::from_snapshot(&snap.node, snap.initial_offset, &mut warnings);
        for w in warnings {
            problems.push(Some(page.snapshot + 1), w);
        }
        let mut renderer = Renderer::new(frame);
        renderer.render(&mirror);
        for w in renderer.warnings.drain(..) {
            problems.push(None, w);
        }
        embed::measure(embed::MEASURE_FIRST_FRAME, embed::MARK_LOAD_START);
        self.signals.info.set(Some(SessionInfo {
            href: page.href.clone(),
            width: if page.width > 0.0 { page.width } else { 1280.0 },
            height: if page.height > 0.0 { page.height } else { 800.0 },
            duration_ms: session.duration(),
            start: session.start,
            events: session.events.len(),
            pages: session.pages.len(),
        }));
        self.signals.time_ms.set(page.time - session.start);
        self.signals.problems.set(problems);
        *self.inner.borrow_mut() = Some(Loaded_ {
            session,
            mirror,
            renderer,
        });
        self.set_state(PlayState::Ready);
    }

    fn set_state(&self, state: PlayState) {
        self.signals.state.set(state);
        embed::post_state(state.as_str(), self.signals.time_ms.get_untracked());
    }

    /// Handles a command from the embedding contract or the UI.
    pub fn command(&self, cmd: Command) {
        if self.inner.borrow().is_none() {
            return;
        }
        match cmd {
            Command::Play => self.set_state(PlayState::Playing),
            Command::Pause => self.set_state(PlayState::Paused),
            Command::Seek(ms) => {
                let duration = self.inner.borrow().as_ref().map_or(0.0, |l| l.session.duration());
                self.signals.time_ms.set(ms.clamp(0.0, duration));
                let state = self.signals.state.get_untracked();
                self.set_state(if state == PlayState::Playing {
                    state
                } else {
                    PlayState::Paused
                });
            }
        }
    }

    /// The rendered DOM, serialised (tests compare it with the mirror's).
    pub fn rendered_html(&self) -> Option<String> {
        self.inner.borrow().as_ref().map(|l| l.renderer.serialize())
    }

    /// The mirror, serialised.
    pub fn mirror_html(&self) -> Option<String> {
        let inner = self.inner.borrow();
        let l = inner.as_ref()?;
        Some(l.mirror.serialize(l.mirror.root()?))
    }
}
