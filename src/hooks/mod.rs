//! Browser hooks, one per file.

mod use_element_size;
mod use_player_keys;

pub use use_element_size::use_element_size;
pub use use_player_keys::use_player_keys;
