use leptos::prelude::*;

/// Shown when a list stopped following the playhead: click to follow again.
#[component]
pub fn FollowButton(following: ReadSignal<bool>, set_following: WriteSignal<bool>) -> impl IntoView {
    view! {
        <button class="follow-button" data-testid="follow-button" class:hidden=move || following.get() on:click=move |_| set_following.set(true)>
            "↓ Follow playhead"
        </button>
    }
}
