use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{AppHeader, Player};
use crate::config::{Config, IndexEntry};
use crate::fetch;
use crate::source::Source;

/// `/sessions/:id`: plays one session of the configured storage.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let config = expect_context::<Config>();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    // `?window=` chooses what the player loads: a new player for it.
    let query = leptos_router::hooks::use_query_map();
    let window = Memo::new(move |_| query.with(|q| q.get("window")));
    // The index may give the session a title and its own URL (e.g. a .json.gz).
    let index_url = fetch::absolute_url(&config.index_url);
    let index = LocalResource::new(move || {
        let url = index_url.clone();
        async move {
            let text = fetch::fetch_text(&url).await.ok()?;
            serde_json::from_str::<Vec<IndexEntry>>(&text).ok()
        }
    });
    view! {
        <AppHeader/>
        <main class="page player-page">
            <Suspense fallback=|| ()>
                {move || {
                    let config = config.clone();
                    index.get().map(move |entries| {
                        let id = id.get();
                        window.track();
                        let entry = entries.as_ref().and_then(|e| e.iter().find(|e| e.id == id)).cloned();
                        let title = entry.as_ref().and_then(|e| e.title.clone()).unwrap_or_else(|| id.clone());
                        let url = crate::config::entry_url(&config, &id, entry.as_ref());
                        view! { <Player source=Source::Url(url) title=title/> }
                    })
                }}
            </Suspense>
        </main>
    }
}
