use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::app::play_local_file;
use crate::config::encode_component;
use crate::source::LocalFile;

/// Open any recording: a file from disk (picker or drop), or a URL.
#[component]
pub fn OpenRecording() -> impl IntoView {
    let local = expect_context::<LocalFile>();
    let navigate = use_navigate();
    let navigate2 = navigate.clone();
    let (url, set_url) = signal(String::new());
    view! {
        <aside class="open-recording" aria-labelledby="open-heading">
            <h2 id="open-heading">"Open a recording"</h2>
            <label class="file-drop" data-testid="file-open">
                <input
                    type="file"
                    accept=".json,.gz,.ndjson,.jsonl,application/json,application/gzip"
                    data-testid="file-input"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(file) = input.files().and_then(|f| f.get(0)) {
                            play_local_file(local, &|u| navigate(u, Default::default()), file);
                        }
                    }
                />
                <svg class="file-drop-icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 16V4m0 0l-5 5m5-5l5 5M4 20h16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
                </svg>
                <span><strong>"Choose a file"</strong>" or drop it anywhere on this page"</span>
                <span class="dim small">"rrweb JSON, {\"events\": […]}, NDJSON or segments; gzip too"</span>
            </label>
            <form
                class="url-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let u = url.get_untracked();
                    if !u.trim().is_empty() {
                        navigate2(&format!("/play?src={}", encode_component(u.trim())), Default::default());
                    }
                }
            >
                <label for="src-url">"Or play from a URL"</label>
                <div class="url-row">
                    <input
                        id="src-url"
                        type="url"
                        placeholder="https://storage.example.com/session.json"
                        prop:value=url
                        on:input=move |ev| set_url.set(event_target_value(&ev))
                    />
                    <button class="button" type="submit">"Play"</button>
                </div>
            </form>
        </aside>
    }
}
