//! Where a recording comes from: a URL, or a local file the user opened.

use crate::config::{parse_index, Config};
use crate::fetch::{self, Finished, OpenError, Sink};
use leptos::prelude::*;

/// A recording to open.
#[derive(Clone)]
pub enum Source {
    Url(String),
    File(web_sys::File),
    /// A session of the configured storage, by id: the index is asked for its address (its own
    /// `src`, e.g. a `.json.gz`, else `sessions_url`) and its title first.
    Session {
        id: String,
        config: Config,
    },
}

impl Source {
    /// Starts reading the recording: a URL's request is sent at once, so the download overlaps
    /// what the player prepares before it can use the bytes (its replay frame); a session's
    /// index is asked for at once, so its answer overlaps the player's building.
    pub fn open(self) -> Opening {
        match self {
            Source::Url(url) => Opening::Reading(Reading::url(&url)),
            Source::File(file) => {
                crate::embed::mark(crate::embed::MARK_LOAD_START);
                Opening::Reading(Reading::File(file))
            }
            Source::Session { id, config } => {
                let index_url = fetch::absolute_url(&config.index_url);
                let index = fetch::request(&index_url);
                Opening::Session {
                    id,
                    config,
                    index_url,
                    index,
                }
            }
        }
    }
}

/// A recording being opened (see [`Source::open`]).
pub enum Opening {
    Reading(Reading),
    /// Waiting for the index, before the recording's own request.
    Session {
        id: String,
        config: Config,
        index_url: String,
        index: wasm_bindgen_futures::JsFuture,
    },
}

/// A recording whose read has begun.
pub enum Reading {
    Url {
        url: String,
        request: wasm_bindgen_futures::JsFuture,
    },
    File(web_sys::File),
}

impl Opening {
    /// The recording's own read, begun: a session's index is awaited first (an index that
    /// cannot be read, or lacks the id, gives the `sessions_url` address and no title).
    /// Also gives the title the index has for it.
    pub async fn begun(self) -> (Reading, Option<String>) {
        match self {
            Opening::Reading(r) => (r, None),
            Opening::Session {
                id,
                config,
                index_url,
                index,
            } => {
                let index = fetch::text_of(&index_url, index)
                    .await
                    .ok()
                    .and_then(|text| parse_index(&text).ok());
                let entry = index.and_then(|i| i.entry(&id).cloned());
                let url = crate::config::entry_url(&config, &id, entry.as_ref());
                (Reading::url(&url), entry.and_then(|e| e.title))
            }
        }
    }
}

impl Reading {
    /// Sends the request for `url`: the download starts, and the first frame is measured from here.
    fn url(url: &str) -> Reading {
        crate::embed::mark(crate::embed::MARK_LOAD_START);
        let url = fetch::absolute_url(url);
        let request = fetch::request(&url);
        Reading::Url { url, request }
    }

    /// Downloads (or reads) and loads the recording, handing it to `sink` as it arrives;
    /// `window` names the recorded window to show (of a body that recorded several).
    pub async fn load(self, window: Option<String>, sink: &dyn Sink) -> Result<Finished, OpenError> {
        match self {
            Reading::Url { url, request } => fetch::load_request(&url, request, window, sink).await,
            Reading::File(file) => {
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
