//! Tapedeck, the player app: Leptos components over the pure replay core.
//!
//! - [`player`]: the controller (owns the replay engine and the renderer, runs the clock) and
//!   the signals the UI renders.
//! - [`renderer`]: applies the mirror to the sandboxed iframe's DOM.
//! - [`pages`], [`components`]: the UI, which only renders signals.
//! - [`embed`]: the automation contract (`data-state`, `performance.measure`, `postMessage`).
//! - [`warmup`]: compiles the first frame's code while the config downloads.

pub mod app;
pub mod components;
pub mod config;
pub mod crash;
pub mod download;
pub mod embed;
pub mod fetch;
pub mod format;
pub mod heap;
pub mod hooks;
pub mod pages;
pub mod player;
pub mod renderer;
pub mod source;
pub mod theme;
pub mod warmup;

use wasm_bindgen::prelude::*;

/// Entry point: loads `config.json`, then mounts the app.
pub fn start() {
    crash::install();
    wasm_bindgen_futures::spawn_local(async {
        let (config, warning) = config::load().await;
        leptos::mount::mount_to_body(
            move || leptos::view! { <app::App config=config.clone() config_warning=warning.clone()/> },
        );
    });
    // Runs once the request for the config has left: compiles the first frame's code meanwhile.
    wasm_bindgen_futures::spawn_local(warmup::warm_up());
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    pub fn console_warn(s: &str);
}
