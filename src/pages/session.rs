use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{AppHeader, Player};
use crate::config::Config;
use crate::source::Source;

/// `/sessions/:id`: plays one session of the configured storage.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let config = expect_context::<Config>();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    // `?window=` chooses what the player loads: a new player for it.
    let query = crate::hooks::use_query();
    let window = Memo::new(move |_| query.with(|q| q.get("window")));
    // The player asks the index for the session's address (its own, e.g. a .json.gz) and title
    // while it builds itself.
    view! {
        <AppHeader/>
        <main class="page player-page">
            {move || {
                let id = id.get();
                window.track();
                let source = Source::Session { id: id.clone(), config: config.clone() };
                view! { <Player source=source title=id/> }
            }}
        </main>
    }
}
