use leptos::prelude::*;

use crate::components::{AppHeader, Player};
use crate::source::{LocalFile, Source};

/// `/play?src=<url>` plays any URL; `/play?file=<name>` plays the local file just opened.
#[component]
pub fn PlayPage() -> impl IntoView {
    let query = crate::hooks::use_query();
    let local = expect_context::<LocalFile>();
    // Only a different recording makes a new player (not `?t=` moving in the history).
    // Nor `?window=` alone, which chooses what the player loads.
    let which = Memo::new(move |_| query.with(|q| (q.get("src"), q.get("file"), q.get("window"))));
    let view_for = move || {
        let (src, file, _) = which.get();
        if let Some(src) = src.filter(|s| !s.is_empty()) {
            let title = tapedeck_core::deeplink::title_of_src(&src);
            return view! { <Player source=Source::Url(src.clone()) title=title/> }.into_any();
        }
        match (file, local.get()) {
            (Some(name), Some(f)) if f.name() == name => {
                view! { <Player source=Source::File(f) title=name/> }.into_any()
            }
            (Some(name), _) => view! {
                <div class="message-page" data-testid="player" data-state="error">
                    <h1>"The file is no longer open"</h1>
                    <p>{format!("{name} was opened from your computer; the browser forgets it on reload. Open it again, or drop it on this page.")}</p>
                    <a class="button" href="/">"Open a recording"</a>
                </div>
            }
            .into_any(),
            (None, _) => view! {
                <div class="message-page" data-testid="player" data-state="error">
                    <h1>"No recording given"</h1>
                    <p>"Use "<code>"/play?src=<url of a recording>"</code>", or open a file from the home page."</p>
                    <a class="button" href="/">"Open a recording"</a>
                </div>
            }
            .into_any(),
        }
    };
    view! {
        <AppHeader/>
        <main class="page player-page">{view_for}</main>
    }
}
