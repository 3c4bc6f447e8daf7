//! The player: a loaded session, its playback clock, and the signals the UI renders.

mod clock;
mod controller;
mod find;
mod inspect;
mod signals;

pub use controller::Controller;
pub use find::FindSignals;
pub use inspect::{CompareView, Highlight, InspectSignals, NodeDetails};
pub use signals::{ErrorInfo, Panel, PlayState, PlayerSignals, RageRing, Rect, Ripple, Selected, SessionInfo, SPEEDS};
