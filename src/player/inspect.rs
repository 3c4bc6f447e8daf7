//! What the inspector shows, as signals: the tree at the playhead, the selected node's details
//! and life, the element highlighted over the replay, two moments compared.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::event::NodeId;
use tapedeck_core::inspect::{HistoryEntry, NodeDiff, TreeRow};

use super::signals::Rect;

/// The selected node, as the details show it at the playhead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeDetails {
    pub id: NodeId,
    /// `button#pay.primary`.
    pub label: String,
    /// The node is in the page at the playhead.
    pub present: bool,
    /// Attributes as recorded at the playhead (masked values stay masked).
    pub attrs: Vec<(String, String)>,
    /// Its text (text nodes and comments), or its text content (elements), shortened.
    pub text: Option<String>,
    /// Where it is laid out in the replay (recorded page pixels).
    pub rect: Option<Rect>,
    pub scroll: Option<(f64, f64)>,
    /// An input's value and checked state at the playhead.
    pub value: Option<String>,
    pub checked: Option<bool>,
    pub selector: String,
}

/// A box drawn over the replay around an element, with its label (`button#pay 240×44`).
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    pub rect: Rect,
    pub label: String,
}

/// Two moments compared: the other moment, and each node's difference.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareView {
    /// The moment compared with the playhead (ms).
    pub at: f64,
    /// The playhead it was compared at (ms).
    pub shown_at: f64,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub nodes: Arc<HashMap<NodeId, NodeDiff>>,
    /// Ancestors of differing nodes (a closed row says something inside it changed).
    pub inside: Arc<HashSet<NodeId>>,
    /// Each differing node, described (at most a few hundred).
    pub list: Arc<Vec<(NodeId, NodeDiff, String)>>,
}

#[derive(Clone, Copy)]
pub struct InspectSignals {
    /// Pick mode: the pointer over the replay highlights elements, a click selects one.
    pub picking: RwSignal<bool>,
    pub selected: RwSignal<Option<NodeId>>,
    /// The node under the pointer (in the replay while picking, or a hovered tree row).
    pub hover: RwSignal<Option<NodeId>>,
    pub highlight: RwSignal<Option<Highlight>>,
    pub expanded: RwSignal<HashSet<NodeId>>,
    pub rows: RwSignal<Arc<Vec<TreeRow>>>,
    /// Nodes that changed in the last frames while playing (marked briefly).
    pub changed: RwSignal<Arc<HashSet<NodeId>>>,
    pub details: RwSignal<Option<NodeDetails>>,
    pub history: RwSignal<Arc<Vec<HistoryEntry>>>,
    pub compare: RwSignal<Option<CompareView>>,
}

impl InspectSignals {
    pub fn new() -> Self {
        InspectSignals {
            picking: RwSignal::new(false),
            selected: RwSignal::new(None),
            hover: RwSignal::new(None),
            highlight: RwSignal::new(None),
            expanded: RwSignal::new(HashSet::new()),
            rows: RwSignal::new(Arc::new(Vec::new())),
            changed: RwSignal::new(Arc::new(HashSet::new())),
            details: RwSignal::new(None),
            history: RwSignal::new(Arc::new(Vec::new())),
            compare: RwSignal::new(None),
        }
    }
}

impl Default for InspectSignals {
    fn default() -> Self {
        Self::new()
    }
}
