//! What the UI shows of a player, as signals (all `Copy`, all plain data).

use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::analysis::Analysis;
use tapedeck_core::index::{PointerSample, Span};
use tapedeck_core::load::{Problems, Windows};

use crate::fetch::Progress;

/// Playback speeds offered, slowest first.
pub const SPEEDS: [f64; 6] = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

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

/// What the UI shows of a loaded session (fixed once loaded).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub duration_ms: f64,
    pub start: f64,
    pub events: usize,
    /// Offset of each page's start.
    pub page_starts: Vec<f64>,
    pub inactive: Vec<Span>,
    /// The recorder's format the body was read in ("rrweb", "Sentry Replay", "PostHog").
    pub format: &'static str,
}

/// A failure, as the error screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    pub title: String,
    pub message: String,
}

/// A click ripple: where, and how long ago (ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ripple {
    pub x: f64,
    pub y: f64,
    pub age: f64,
    pub at: f64,
}

/// The side panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Console,
    Network,
    Errors,
    Activity,
    Elements,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Console,
        Panel::Network,
        Panel::Errors,
        Panel::Activity,
        Panel::Elements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Console => "console",
            Panel::Network => "network",
            Panel::Errors => "errors",
            Panel::Activity => "activity",
            Panel::Elements => "elements",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Panel::Console => "Console",
            Panel::Network => "Network",
            Panel::Errors => "Errors",
            Panel::Activity => "Activity",
            Panel::Elements => "Elements",
        }
    }

    pub fn parse(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// The row a user chose (in one of the panels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected {
    None,
    Console(usize),
    Network(usize),
    Error(usize),
    Activity(usize),
}

/// A box over the replay, in recorded page pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A rage click shown over the replay: a pulsing ring on the element, with the count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RageRing {
    pub rect: Rect,
    pub count: usize,
}

/// The reactive face of a player.
#[derive(Clone, Copy)]
pub struct PlayerSignals {
    pub state: RwSignal<PlayState>,
    pub progress: RwSignal<Progress>,
    pub error: RwSignal<Option<ErrorInfo>>,
    pub info: RwSignal<Option<SessionInfo>>,
    pub problems: RwSignal<Problems>,
    /// Playhead, ms from the session start.
    pub time_ms: RwSignal<f64>,
    pub speed: RwSignal<f64>,
    pub skip_inactive: RwSignal<bool>,
    /// Fast-forwarding through an inactive span right now.
    pub skipping: RwSignal<bool>,
    /// The recorded viewport (width, height) at the playhead.
    pub viewport: RwSignal<(f64, f64)>,
    /// The recorded page's URL at the playhead.
    pub href: RwSignal<String>,
    pub pointer: RwSignal<Option<PointerSample>>,
    pub ripples: RwSignal<Vec<Ripple>>,
    /// Every event has been applied once (checkpoints cover the whole session).
    pub indexed: RwSignal<bool>,
    /// The first frame is shown (the panels and the controls follow in later tasks).
    pub frame_shown: RwSignal<bool>,
    /// The session is shown and playable while the rest of its body still downloads.
    pub streaming: RwSignal<bool>,
    /// Recorded images, fonts and style sheets from other origins are not loaded.
    pub block_remote: RwSignal<bool>,
    /// Console, network, errors, clicks, activity (computed once at load).
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
    pub panel: RwSignal<Panel>,
    pub selected: RwSignal<Selected>,
    /// How far before an error "replay the lead-up" starts, seconds.
    pub lead_up_s: RwSignal<f64>,
    pub rage_rings: RwSignal<Vec<RageRing>>,
    /// The element of the latest click, outlined.
    pub outline: RwSignal<Option<Rect>>,
    /// A passing message for the user (bad deep link, link copied).
    pub notice: RwSignal<Option<String>>,
    /// The windows (tabs, frames) the body recorded on their own, and the one shown.
    pub windows: RwSignal<Windows>,
    /// The replay and its controls fill the window (and the screen where allowed).
    pub theater: RwSignal<bool>,
    /// The latest thing said to screen readers (where a link or a jump landed).
    pub announce: RwSignal<String>,
    /// The inspector: tree, selected node, highlight, comparison.
    pub inspect: super::inspect::InspectSignals,
    /// Find: the query, its results, the one shown.
    pub find: super::find::FindSignals,
    /// The session's short name (file names of exports).
    pub name: RwSignal<String>,
    /// The range to export (offsets, ms) while the export panel is open.
    pub export: RwSignal<Option<(f64, f64)>>,
    /// The playhead is being dragged along the timeline.
    pub scrubbing: RwSignal<bool>,
}

impl PlayerSignals {
    /// The load is over, ready or failed (tracked): what waits for it (the control bar, the
    /// panels, a link's landing) is built or done from then on.
    pub fn settled(self) -> bool {
        self.state.get() != PlayState::Loading
    }

    /// How many rows a panel's list (`list_px` high, CSS px; 0 when not known) renders around
    /// the playhead: while it is dragged, when each frame may move the list to rows not made
    /// yet, only those that fill the list (`analysis::scrub_rows`).
    pub fn row_budget(self, list_px: Signal<f64>) -> Signal<usize> {
        use tapedeck_core::analysis::{scrub_rows, MAX_ROWS};
        Signal::derive(move || {
            if self.scrubbing.get() {
                scrub_rows(list_px.get())
            } else {
                MAX_ROWS
            }
        })
    }

    /// Whether side panel `p` is the one shown.
    pub fn panel_shown(self, p: Panel) -> Signal<bool> {
        Signal::derive(move || self.panel.get() == p)
    }

    pub fn new() -> Self {
        PlayerSignals {
            state: RwSignal::new(PlayState::Loading),
            progress: RwSignal::new(Progress::default()),
            error: RwSignal::new(None),
            info: RwSignal::new(None),
            problems: RwSignal::new(Problems::default()),
            time_ms: RwSignal::new(0.0),
            speed: RwSignal::new(1.0),
            skip_inactive: RwSignal::new(true),
            skipping: RwSignal::new(false),
            viewport: RwSignal::new((1280.0, 800.0)),
            href: RwSignal::new(String::new()),
            pointer: RwSignal::new(None),
            ripples: RwSignal::new(Vec::new()),
            indexed: RwSignal::new(false),
            streaming: RwSignal::new(false),
            frame_shown: RwSignal::new(false),
            block_remote: RwSignal::new(false),
            analysis: RwSignal::new(None),
            panel: RwSignal::new(Panel::Console),
            selected: RwSignal::new(Selected::None),
            lead_up_s: RwSignal::new(30.0),
            rage_rings: RwSignal::new(Vec::new()),
            outline: RwSignal::new(None),
            notice: RwSignal::new(None),
            windows: RwSignal::new(Windows::default()),
            theater: RwSignal::new(false),
            announce: RwSignal::new(String::new()),
            inspect: super::inspect::InspectSignals::new(),
            find: super::find::FindSignals::new(),
            name: RwSignal::new("session".to_owned()),
            export: RwSignal::new(None),
            scrubbing: RwSignal::new(false),
        }
    }

    pub fn duration(&self) -> f64 {
        self.info.with_untracked(|i| i.as_ref().map_or(0.0, |i| i.duration_ms))
    }
}

impl Default for PlayerSignals {
    fn default() -> Self {
        Self::new()
    }
}
