//! Tapedeck's replay core.
//!
//! Pure Rust: it knows nothing of the DOM, the browser or the clock. Time is always an input.
//! - [`load`]: bytes (plain, gzip, JSON array, NDJSON, segments) to events plus problems.
//! - [`session`]: events in time order, split into pages.
//! - [`event`], [`node`]: the rrweb event model.

pub mod event;
pub mod load;
pub mod mirror;
pub mod node;
pub mod sanitize;
pub mod session;
