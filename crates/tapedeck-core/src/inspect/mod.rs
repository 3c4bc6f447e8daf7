//! The inspector's questions, answered from the mirror and the events (no DOM): the tree at a
//! moment, a node's life, what changed between two moments, a node as HTML and as a selector.

mod compare;
mod history;
mod html;
mod tree;

pub use compare::{compare, Comparison, NodeDiff};
pub use history::{attributes_at, describe_serialized, node_history, Attrs, Change, HistoryEntry, NodeIndex};
pub use html::outer_html;
pub use tree::{ancestors, css_escape, default_expanded, node_label, tree_rows, unique_selector, RowLabel, TreeRow};
