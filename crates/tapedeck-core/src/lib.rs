//! Tapedeck's replay core.
//!
//! Pure Rust: it knows nothing of the DOM, the browser or the clock. Time is always an input.
//! - [`load`]: bytes (plain, gzip, JSON array, NDJSON, segments) to events plus problems.
//! - [`session`]: events in time order, split into pages.
//! - [`event`], [`node`]: the rrweb event model.
//! - [`mirror`]: the sanitised virtual DOM, events applied to it, and diffs into patches.
//! - [`index`]: what is looked up by time (pages, activity, pointer, clicks).
//! - [`replay`]: the engine: checkpoints, seeking, frames.
//! - [`inspect`]: the tree at a moment, a node's history, two moments compared.
//! - [`export`]: a time range as a recording of its own, a moment as HTML, a bug report.
//! - [`find`]: one query over the screen's text (all session long), console, network, pages, activity.

pub mod analysis;
pub mod base64;
pub mod chunked;
pub mod deeplink;
pub mod event;
pub mod export;
pub mod find;
pub mod index;
pub mod inspect;
pub mod load;
pub mod mirror;
pub mod node;
pub mod order;
pub mod replay;
pub mod sanitize;
pub mod session;
pub mod settings;
pub mod text;
