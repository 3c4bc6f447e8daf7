//! Compiles the first frame's code before the first recording arrives.
//!
//! V8 compiles WebAssembly functions lazily, on their first call, on the main thread: without
//! this, the first page of the first recording pays for compiling the loader, the engine, the
//! sanitiser and the renderer (≈50 ms of the monaco-long first frame on the 2-core machine).
//! While the player waits for `config.json` (the main thread is idle), a tiny built-in
//! recording (`tiny.json`, gzipped as `tiny.json.gz` with `gzip -9`) goes the same way: streamed
//! in, replayed, diffed, and rendered into a detached document that has no window — nothing is
//! shown, run or fetched. The WebAssembly memory is grown once here too, instead of in small
//! steps during the first load. Each round is a task of its own (one task of ten rounds held
//! the main thread 100–200 ms), and the rounds stop once a recording has begun to load: from
//! then on they would only delay it.

use tapedeck_core::load::Loader;
use tapedeck_core::replay::Replay;
use wasm_bindgen::JsCast;

use crate::renderer::Renderer;

pub const TINY: &[u8] = include_bytes!("tiny.json.gz");
/// Memory reserved up front (committed by the browser only when used).
const RESERVE_BYTES: usize = 32 << 20;

thread_local! {
    static LOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A recording has begun to load: the warm-up's remaining rounds are skipped.
pub fn stop() {
    LOADING.with(|l| l.set(true));
}

/// Runs the tiny recording through the loader, the engine and the renderer, a round a task,
/// until [`stop`].
pub async fn warm_up() {
    let _span = crate::embed::Span::start(crate::embed::MEASURE_WARM_UP, crate::embed::MARK_WARM_UP);
    drop(Vec::<u8>::with_capacity(RESERVE_BYTES));
    for round in 0..ROUNDS {
        if round > 0 {
            crate::fetch::yield_to_browser().await;
        }
        if LOADING.with(|l| l.get()) {
            break;
        }
        once();
    }
}

const ROUNDS: usize = 10;

fn once() {
    let mut loader = Loader::new();
    for chunk in TINY.chunks(256) {
        loader.push(chunk);
    }
    let Some(loaded) = loader.take_playable() else { return };
    let mut replay = Replay::new(loaded.session);
    if let Ok(rest) = loader.finish_rest() {
        let _ = replay.complete(rest.events, &mut tapedeck_core::load::Problems::default());
    }
    let _ = replay.frame(0.0);
    let _ = replay.frame(replay.duration());
    let Some(mirror) = replay.shown() else { return };
    let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.implementation().ok())
        .and_then(|i| i.create_html_document().ok())
    else {
        return;
    };
    let Ok(frame) = doc.create_element("iframe") else {
        return;
    };
    let mut renderer = Renderer::new(frame.unchecked_into());
    renderer.render_detached(mirror, &doc);
}
