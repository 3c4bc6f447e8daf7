//! The player: a loaded session, its playback clock, and the signals the UI renders.

mod clock;
mod controller;
mod signals;

pub use controller::Controller;
pub use signals::{ErrorInfo, Panel, PlayState, PlayerSignals, RageRing, Rect, Ripple, Selected, SessionInfo, SPEEDS};
