//! Where a recording comes from: a URL, or a local file the user opened.

use leptos::prelude::*;
use tapedeck_core::load::Loaded;

use crate::fetch::{self, OpenError, Progress};

/// A recording to open.
#[derive(Clone)]
pub enum Source {
    Url(String),
    File(web_sys::File),
}

impl Source {
    /// Downloads (or reads) and loads the recording.
    pub async fn load(self, on_progress: impl Fn(Progress)) -> Result<Loaded, OpenError> {
        match self {
            Source::Url(url) => fetch::load_url(&fetch::absolute_url(&url), on_progress).await,
            Source::File(file) => {
                let name = file.name();
                fetch::load_stream(&name, file.stream(), Some(file.size() as u64), on_progress).await
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
