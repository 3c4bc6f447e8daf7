//! Where a recording comes from: a URL, or a local file the user opened.

use crate::fetch::{self, Finished, OpenError, Sink};
use leptos::prelude::*;

/// A recording to open.
#[derive(Clone)]
pub enum Source {
    Url(String),
    File(web_sys::File),
}

impl Source {
    /// Starts reading the recording: a URL's request is sent at once, so the download overlaps
    /// what the player prepares before it can use the bytes (its replay frame).
    pub fn open(self) -> Opening {
        match self {
            Source::Url(url) => {
                let url = fetch::absolute_url(&url);
                let request = fetch::request(&url);
                Opening::Url { url, request }
            }
            Source::File(file) => Opening::File(file),
        }
    }
}

/// A recording being read (see [`Source::open`]).
pub enum Opening {
    Url {
        url: String,
        request: wasm_bindgen_futures::JsFuture,
    },
    File(web_sys::File),
}

impl Opening {
    /// Downloads (or reads) and loads the recording, handing it to `sink` as it arrives;
    /// `window` names the recorded window to show (of a body that recorded several).
    pub async fn load(self, window: Option<String>, sink: &dyn Sink) -> Result<Finished, OpenError> {
        match self {
            Opening::Url { url, request } => fetch::load_request(&url, request, window, sink).await,
            Opening::File(file) => {
                let name = file.name();
                fetch::load_stream(&name, file.stream(), Some(file.size() as u64), window, sink).await
            }
        }
    }
}

/// The local file last opened with the picker or by dropping it (kept in memory only).
#[derive(Clone, Copy)]
pub struct LocalFile(pub StoredValue<Option<web_sys::File>, LocalStorage>);

impl LocalFile {
    pub fn new() -> Self {
        LocalFile(StoredValue::new_local(None))
    }

    pub fn get(&self) -> Option<web_sys::File> {
        self.0.get_value()
    }

    pub fn set(&self, file: web_sys::File) {
        self.0.set_value(Some(file));
    }
}

impl Default for LocalFile {
    fn default() -> Self {
        Self::new()
    }
}
