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
    /// Downloads (or reads) and loads the recording, handing it to `sink` as it arrives;
    /// `window` names the recorded window to show (of a body that recorded several).
    pub async fn load(self, window: Option<String>, sink: &dyn Sink) -> Result<Finished, OpenError> {
        match self {
            Source::Url(url) => fetch::load_url(&fetch::absolute_url(&url), window, sink).await,
            Source::File(file) => {
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
