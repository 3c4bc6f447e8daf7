//! Browser hooks, one per file.

mod use_element_size;
mod use_event_listener;
mod use_follow_playhead;
mod use_in_turn;
mod use_panel_rows;
mod use_player_keys;
mod use_query;
mod use_row_window;
mod use_theater;

pub use use_element_size::use_element_size;
pub use use_event_listener::{use_event_listener, use_passive_listener};
pub use use_follow_playhead::use_follow_playhead;
pub use use_in_turn::{turn, use_in_turn};
pub use use_panel_rows::use_panel_rows;
pub use use_player_keys::use_player_keys;
pub use use_query::use_query;
pub use use_row_window::{use_filtered_row_window, use_row_window, RowWindow};
pub use use_theater::use_theater;
