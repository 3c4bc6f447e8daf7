use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals};

/// Loads or blocks the recorded page's images, fonts and style sheets from other origins
/// (`block_remote_assets` in `config.json` sets the default).
#[component]
pub fn RemoteAssetsToggle(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <button
            class="toggle"
            class:on=move || signals.block_remote.get()
            data-testid="block-remote"
            aria-pressed=move || signals.block_remote.get().to_string()
            title="Block the recorded page's images, fonts and style sheets from other servers: nothing of the recording is fetched (privacy)"
            on:click=move |_| controller.set_block_remote(!signals.block_remote.get_untracked())
        >
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3a9 9 0 100 18 9 9 0 000-18zm0 2a7 7 0 015.6 11.2L7.8 6.4A7 7 0 0112 5zm-5.6 2.8l9.8 9.8A7 7 0 016.4 7.8z" fill="currentColor"/></svg>
            <span class="label">{move || if signals.block_remote.get() { "Remote assets blocked" } else { "Block remote assets" }}</span>
        </button>
    }
}
