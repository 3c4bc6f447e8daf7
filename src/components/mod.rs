//! UI components, one per file. They render signals; replay logic lives in the player
//! controller and the core.

mod app_header;
mod controls;
mod end_overlay;
mod load_error;
mod load_progress;
mod open_recording;
mod play_toggle;
mod player;
mod pointer_overlay;
mod problems;
mod replay_stage;
mod session_list;
mod skip_toggle;
mod speed_select;
mod time_display;
mod timeline;
mod url_bar;

pub use app_header::AppHeader;
pub use controls::Controls;
pub use end_overlay::EndOverlay;
pub use load_error::LoadError;
pub use load_progress::LoadProgress;
pub use open_recording::OpenRecording;
pub use play_toggle::PlayToggle;
pub use player::Player;
pub use pointer_overlay::PointerOverlay;
pub use problems::ProblemsBadge;
pub use replay_stage::ReplayStage;
pub use session_list::SessionList;
pub use skip_toggle::SkipToggle;
pub use speed_select::SpeedSelect;
pub use time_display::TimeDisplay;
pub use timeline::Timeline;
pub use url_bar::UrlBar;
