use leptos::prelude::*;

use crate::components::AppHeader;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <AppHeader/>
        <main class="page message-page">
            <h1>"Nothing here"</h1>
            <p>"This address is not a page of Tapedeck. Recordings are at "<code>"/sessions/<id>"</code>
               " or "<code>"/play?src=<url>"</code>"."</p>
            <a class="button" href="/">"See all recordings"</a>
        </main>
    }
}
