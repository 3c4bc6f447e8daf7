//! UI components, one per file. They render signals; replay logic lives in the player
//! controller and the core.

mod activity_panel;
mod announcer;
mod app_header;
mod compare_bar;
mod console_panel;
mod controls;
pub(crate) mod copy_link;
mod elements_panel;
mod end_overlay;
mod error_nav;
mod errors_panel;
mod export_menu;
mod find_panel;
mod follow_button;
mod fullscreen_toggle;
mod inspect_toggle;
mod json_tree;
mod load_error;
mod load_progress;
mod network_panel;
mod node_details;
mod node_highlight;
mod node_history;
mod notice;
mod open_recording;
mod performance_strip;
mod pick_layer;
mod play_toggle;
mod player;
mod pointer_overlay;
mod problems;
mod remote_assets_toggle;
mod replay_stage;
mod session_info;
mod session_list;
mod side_panel;
mod skip_toggle;
mod speed_select;
mod stream_status;
mod theme_toggle;
mod time_display;
mod timeline;
mod url_bar;
mod windowed_rows;

pub use activity_panel::ActivityPanel;
pub use announcer::Announcer;
pub use app_header::AppHeader;
pub use compare_bar::CompareBar;
pub use console_panel::ConsolePanel;
pub use controls::Controls;
pub use copy_link::CopyLink;
pub use elements_panel::ElementsPanel;
pub use end_overlay::EndOverlay;
pub use error_nav::ErrorNav;
pub use errors_panel::ErrorsPanel;
pub use export_menu::ExportMenu;
pub use find_panel::FindPanel;
pub use follow_button::FollowButton;
pub use fullscreen_toggle::FullscreenToggle;
pub use inspect_toggle::InspectToggle;
pub use json_tree::JsonTree;
pub use load_error::LoadError;
pub use load_progress::LoadProgress;
pub use network_panel::NetworkPanel;
pub use node_details::NodeDetailsView;
pub use node_highlight::NodeHighlight;
pub use node_history::NodeHistoryView;
pub use notice::Notice;
pub use open_recording::OpenRecording;
pub use performance_strip::PerformanceStrip;
pub use pick_layer::PickLayer;
pub use play_toggle::PlayToggle;
pub use player::Player;
pub use pointer_overlay::PointerOverlay;
pub use problems::ProblemsBadge;
pub use remote_assets_toggle::RemoteAssetsToggle;
pub use replay_stage::ReplayStage;
pub use session_info::SessionInfo;
pub use session_list::SessionList;
pub use side_panel::SidePanel;
pub use skip_toggle::SkipToggle;
pub use speed_select::SpeedSelect;
pub use stream_status::StreamStatus;
pub use theme_toggle::ThemeToggle;
pub use time_display::TimeDisplay;
pub use timeline::Timeline;
pub use url_bar::UrlBar;
pub use windowed_rows::WindowedRows;

/// Enter or Space on a panel row itself (not on a button, summary or link inside it): the row's
/// action, and the key goes no further.
pub(crate) fn activates_row(ev: &web_sys::KeyboardEvent) -> bool {
    let on_row = ev.target().map(wasm_bindgen::JsValue::from) == ev.current_target().map(wasm_bindgen::JsValue::from);
    if !on_row || !matches!(ev.key().as_str(), "Enter" | " ") {
        return false;
    }
    ev.prevent_default();
    ev.stop_propagation();
    true
}
