//! UI components, one per file. They render signals; replay logic lives in the controller and core.

mod app_header;
mod load_error;
mod load_progress;
mod open_recording;
mod player;
mod problems;
mod replay_stage;
mod session_list;
mod status_bar;
mod url_bar;

pub use app_header::AppHeader;
pub use load_error::LoadError;
pub use load_progress::LoadProgress;
pub use open_recording::OpenRecording;
pub use player::Player;
pub use problems::ProblemsBadge;
pub use replay_stage::ReplayStage;
pub use session_list::SessionList;
pub use status_bar::StatusBar;
pub use url_bar::UrlBar;
