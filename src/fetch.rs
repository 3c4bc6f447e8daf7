//! Downloading: a body read chunk by chunk into the core's loader, with progress.

use std::fmt;

use js_sys::{Reflect, Uint8Array};
use tapedeck_core::event::Event;
use tapedeck_core::load::{LoadError, Loaded, Loader, Rest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, Response};

/// How far a download is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub loaded: u64,
    /// From Content-Length, or the file size, when known.
    pub total: Option<u64>,
    pub events: usize,
}

/// Characters of an address quoted in a message.
const URL_SHOWN: usize = 160;

/// Why a recording could not be opened, with the URL it was about.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    /// The request failed before any answer: network down, server down, or CORS.
    Network { url: String, detail: String },
    /// The server answered with an error status.
    Status { url: String, status: u16, text: String },
    /// The body broke off while downloading.
    Read { url: String, detail: String },
    /// The body is not a playable recording.
    Load { url: String, error: LoadError },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // An address comes from a link or an index anyone may write, and the browser's reasons
        // quote it: quoted, not whole.
        let shown = |url: &str| tapedeck_core::deeplink::shown_within(url, URL_SHOWN);
        match self {
            OpenError::Network { url, detail } => write!(
                f,
                "Could not download {url}: the request failed before the server answered ({detail}). \
                 The server may be down or unreachable, or it does not allow this player's origin (CORS). \
                 Try opening the URL in a new tab: if it loads there, the server must send Access-Control-Allow-Origin.",
                url = shown(url),
                detail = shown(detail)
            ),
            OpenError::Status { url, status: 404, .. } => write!(
                f,
                "There is no recording at {url} (404 Not Found). Check the session id, or sessions_url in config.json.",
                url = shown(url)
            ),
            OpenError::Status { url, status, text } => write!(
                f,
                "The server answered {status} {text} for {url}. Try again later, or check the server's logs.",
                text = tapedeck_core::deeplink::shown_within(text, 80),
                url = shown(url)
            ),
            OpenError::Read { url, detail } => write!(
                f,
                "The download of {url} broke off ({detail}). Check the connection and reload.",
                url = shown(url),
                detail = shown(detail)
            ),
            OpenError::Load { url, error } => write!(f, "{} cannot be played. {error}", shown(url)),
        }
    }
}

impl OpenError {
    /// A short title for the message.
    pub fn title(&self) -> &'static str {
        match self {
            OpenError::Network { .. } => "Could not reach the recording",
            OpenError::Status { status: 404, .. } => "Recording not found",
            OpenError::Status { .. } => "The server refused the recording",
            OpenError::Read { .. } => "The download broke off",
            OpenError::Load {
                error: LoadError::NoFullSnapshot { .. },
                ..
            } => "Nothing to show",
            OpenError::Load {
                error: LoadError::Stopped(_),
                ..
            } => "Too large for this player",
            OpenError::Load { .. } => "This is not a recording Tapedeck can play",
        }
    }
}

fn js_detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Makes `url` absolute against the player's own address (not the current route's).
pub fn absolute_url(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}/"))
        .unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

/// Sends the request for `url` now; its response is awaited later (with [`load_request`]), so
/// the download overlaps whatever the caller prepares meanwhile.
pub fn request(url: &str) -> JsFuture {
    let window = web_sys::window().expect("a window");
    JsFuture::from(window.fetch_with_str(url))
}

async fn response(url: &str, request: JsFuture) -> Result<Response, OpenError> {
    let resp = request.await.map_err(|e| OpenError::Network {
        url: url.to_owned(),
        detail: js_detail(&e),
    })?;
    let resp: Response = resp.unchecked_into();
    if !resp.ok() {
        return Err(OpenError::Status {
            url: url.to_owned(),
            status: resp.status(),
            text: resp.status_text(),
        });
    }
    Ok(resp)
}

/// Downloads a small body whole (config, index).
pub async fn fetch_text(url: &str) -> Result<String, OpenError> {
    text_of(url, request(url)).await
}

/// The body of a request sent with [`request`] (or `fetch` itself), whole.
pub async fn text_of(url: &str, request: JsFuture) -> Result<String, OpenError> {
    let resp = response(url, request).await?;
    let text = JsFuture::from(resp.text().map_err(|e| OpenError::Read {
        url: url.to_owned(),
        detail: js_detail(&e),
    })?)
    .await
    .map_err(|e| OpenError::Read {
        url: url.to_owned(),
        detail: js_detail(&e),
    })?;
    Ok(text.as_string().unwrap_or_default())
}

/// How a body arrives in the player: its beginning as soon as there is a page to show, then
/// more events while the rest downloads.
pub enum Arrival {
    /// The first full snapshot is in: a session of the events so far, to show and play.
    Start(Loaded),
    /// Events decoded since the last arrival.
    More(Vec<Event>),
}

/// How a load ended.
pub enum Finished {
    /// The body was played while it arrived ([`Arrival::Start`] was sent): the rest of it.
    Rest(Rest),
    /// No page could be shown before the end: the whole session.
    Whole(Loaded),
}

/// Receives what arrives during a load.
pub trait Sink {
    fn progress(&self, p: Progress);
    fn arrive(&self, a: Arrival);
    /// Whether nobody wants the rest any more (the player was closed): the download stops.
    fn cancelled(&self) -> bool {
        false
    }
    /// The most bytes the engine may hold while loading: past it, the download stops and the
    /// part loaded is the session (`max_memory_mb` in `config.json`).
    fn memory_limit(&self) -> usize {
        tapedeck_core::settings::Config::default().memory_limit()
    }
}

/// Why a load stopped at the memory limit: for the problems list once a page is shown
/// (`started`), else for the error.
fn memory_stop(loader: &Loader, total: Option<u64>, started: bool, held: usize, limit: usize) -> String {
    let read = crate::format::bytes(loader.bytes_in());
    let of = total
        .map(|t| format!(" of {}", crate::format::bytes(t)))
        .unwrap_or_default();
    let (when, after) = if started {
        (
            format!("Loading stopped at {read}{of}"),
            "The part loaded plays; the rest of the recording is left out.",
        )
    } else {
        (
            format!("Loading stopped before the recording's first page was in ({read}{of} read)"),
            "Nothing could be shown: raise max_memory_mb, or open a smaller recording.",
        )
    };
    format!(
        "{when}: the player held {} MB, more than the {} MB it may take (max_memory_mb in \
         config.json). {after}",
        held.div_ceil(1 << 20),
        limit >> 20,
    )
}

/// Work done between two chances for the browser to paint and handle input, ms.
const SLICE_MS: f64 = 30.0;
/// Bytes fed to the loader at a time.
const FEED_BYTES: usize = 64 * 1024;
/// Bytes fed at a time before the first page is in.
const FIRST_FEED_BYTES: usize = 8 * 1024;
/// The least time between two deliveries of more events, ms (the player re-indexes on each).
const GROW_EVERY_MS: f64 = 400.0;

/// The page's clock (`performance.now()`), ms.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Waits `ms` (at least until the browser has painted and handled input).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Lets the browser paint and handle input.
pub async fn yield_to_browser() {
    sleep(0).await;
}

/// Lets the browser paint and handle input, then goes on ahead of the tasks already waiting
/// (the body's reading): `scheduler.yield()` where the browser has it (Chromium since 129).
/// Elsewhere as [`yield_to_browser`]: the reading, waiting first, then takes its
/// turn in between.
pub async fn yield_ahead() {
    let global = js_sys::global();
    let scheduler = Reflect::get(&global, &"scheduler".into()).ok();
    let yielded = scheduler.as_ref().and_then(|s| {
        let f = Reflect::get(s, &"yield".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        f.call0(s).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    match yielded {
        Some(promise) => {
            let _ = JsFuture::from(promise).await;
        }
        None => yield_to_browser().await,
    }
}

/// Loads a recording whose request was sent with [`request`], reporting progress after every
/// chunk.
pub async fn load_request(
    url: &str,
    request: JsFuture,
    window: Option<String>,
    sink: &dyn Sink,
) -> Result<Finished, OpenError> {
    let resp = response(url, request).await?;
    let total = resp
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        // A compressed transfer is decoded by the browser: Content-Length is not what we count.
        .filter(|_| resp.headers().get("content-encoding").ok().flatten().is_none());
    let Some(body) = resp.body() else {
        return Err(OpenError::Load {
            url: url.to_owned(),
            error: LoadError::Empty,
        });
    };
    load_stream(url, body, total, window, sink).await
}

/// Reads a stream (a download or a local file) into the core's loader, handing the session to
/// `sink` as soon as its first page can be shown, and more of it as it arrives. `window` names
/// the recorded window to show, of a body that recorded several.
pub async fn load_stream(
    label: &str,
    stream: ReadableStream,
    total: Option<u64>,
    window: Option<String>,
    sink: &dyn Sink,
) -> Result<Finished, OpenError> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut loader = Loader::for_window(window);
    let read_err = |e: JsValue| OpenError::Read {
        url: label.to_owned(),
        detail: js_detail(&e),
    };
    let progress = |loader: &Loader| Progress {
        loaded: loader.bytes_in(),
        total,
        events: loader.events_so_far(),
    };
    sink.progress(progress(&loader));
    let mut started = false;
    let mut slice_start = now();
    let mut last_grow = now();
    let mut grow_every = GROW_EVERY_MS;
    let closed = || {
        let _ = reader.cancel();
        Err(OpenError::Read {
            url: label.to_owned(),
            detail: "the player was closed".to_owned(),
        })
    };
    let limit = sink.memory_limit();
    // What the engine held when it went past the limit.
    let mut over: Option<usize> = None;
    'body: loop {
        if sink.cancelled() {
            return closed();
        }
        let chunk = JsFuture::from(reader.read()).await.map_err(read_err)?;
        let done = Reflect::get(&chunk, &"done".into())
            .map_err(read_err)?
            .as_bool()
            .unwrap_or(true);
        if done {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(read_err)?
            .unchecked_into();
        if loader.bytes_in() == 0 {
            crate::embed::mark(crate::embed::MARK_FIRST_BYTES);
        }
        // A fast connection hands over megabytes at once: feed them in slices, so the first
        // page shows as soon as its bytes are in and the page stays responsive.
        // Small slices until the first page is in: not a byte more is decoded before it shows.
        let bytes = value.to_vec();
        let mut at = 0;
        while at < bytes.len() {
            // Past the limit, and more of the body follows (had the body ended, nothing would
            // be left out): the download stops here.
            if let Some(held) = over {
                let _ = reader.cancel();
                loader.stop(memory_stop(&loader, total, started, held, limit));
                sink.progress(progress(&loader));
                break 'body;
            }
            let step = if started { FEED_BYTES } else { FIRST_FEED_BYTES };
            let piece = &bytes[at..bytes.len().min(at + step)];
            at += piece.len();
            loader.push(piece);
            let playable = if started { None } else { loader.take_playable() };
            over = Some(crate::heap::live()).filter(|held| *held > limit);
            if let Some(loaded) = playable {
                crate::embed::mark(crate::embed::MARK_FIRST_PAGE_PARSED);
                started = true;
                sink.progress(progress(&loader));
                // The page's mirror is made in a task of its own (a page with big style sheets
                // takes tens of ms to sanitise), ahead of the body's reading.
                yield_ahead().await;
                if sink.cancelled() {
                    return closed();
                }
                sink.arrive(Arrival::Start(loaded));
                last_grow = now();
                yield_to_browser().await;
                slice_start = now();
            } else if started && now() - last_grow >= grow_every {
                let t0 = now();
                sink.arrive(Arrival::More(loader.take_events()));
                // Growing re-indexes the whole session: keep it a small share of the load.
                grow_every = GROW_EVERY_MS.max(10.0 * (now() - t0));
                last_grow = now();
            }
            if now() - slice_start >= SLICE_MS {
                sink.progress(progress(&loader));
                yield_to_browser().await;
                slice_start = now();
            }
            if sink.cancelled() {
                return closed();
            }
        }
        sink.progress(progress(&loader));
    }
    let to_open_error = |error| OpenError::Load {
        url: label.to_owned(),
        error,
    };
    if started {
        loader.finish_rest().map(Finished::Rest).map_err(to_open_error)
    } else {
        loader.finish().map(Finished::Whole).map_err(to_open_error)
    }
}
