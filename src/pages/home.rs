use leptos::prelude::*;

use crate::components::{AppHeader, OpenRecording, SessionList};

/// `/`: the sessions of the index, and ways to open any other recording.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <AppHeader/>
        <main class="page home">
            <section class="home-intro">
                <h1>"Session replays"</h1>
                <p class="lead">"Open a recording to watch what the user saw, at the moment it went wrong."</p>
            </section>
            <div class="home-grid">
                <SessionList/>
                <OpenRecording/>
            </div>
        </main>
    }
}
