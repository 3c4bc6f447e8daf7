//! What Find shows, as signals: the query, its results, the one chosen, the element it outlines.

use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::find::Results;

use super::signals::Rect;

#[derive(Clone, Copy)]
pub struct FindSignals {
    /// The search box is shown.
    pub open: RwSignal<bool>,
    /// Asks the search box to take the keyboard (bumped by `/` and Ctrl/Cmd+F).
    pub focus: RwSignal<u32>,
    pub query: RwSignal<String>,
    pub results: RwSignal<Arc<Results>>,
    /// The result shown (index into `results.hits`).
    pub current: RwSignal<Option<usize>>,
    /// The screen's text is still being indexed (results may grow).
    pub indexing: RwSignal<bool>,
    /// The screen's text outgrew the index's budget: later text is not searched.
    pub full: RwSignal<bool>,
    /// The element holding the chosen screen text, outlined over the replay.
    pub outline: RwSignal<Option<Rect>>,
}

impl FindSignals {
    pub fn new() -> Self {
        FindSignals {
            open: RwSignal::new(false),
            focus: RwSignal::new(0),
            query: RwSignal::new(String::new()),
            results: RwSignal::new(Arc::new(Results::default())),
            current: RwSignal::new(None),
            indexing: RwSignal::new(true),
            full: RwSignal::new(false),
            outline: RwSignal::new(None),
        }
    }
}

impl Default for FindSignals {
    fn default() -> Self {
        Self::new()
    }
}
