//! The app shell: routes, shared context, and dropping a file anywhere on the page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::config::{encode_component, Config};
use crate::pages::{HomePage, NotFound, PlayPage, SessionPage};
use crate::source::LocalFile;

#[component]
pub fn App(config: Config, config_warning: Option<String>) -> impl IntoView {
    provide_context(config);
    provide_context(LocalFile::new());
    let theme = RwSignal::new(crate::theme::current());
    crate::theme::install(move |t| theme.set(t));
    provide_context(theme);
    view! {
        <Router>
            <DropZone>
                {config_warning.map(|w| view! { <div class="notice notice-warn" role="status">{w}</div> })}
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/sessions/:id") view=SessionPage/>
                    <Route path=path!("/play") view=PlayPage/>
                </Routes>
            </DropZone>
        </Router>
    }
}

/// Remembers a local file and goes to the player for it.
pub fn play_local_file(local: LocalFile, navigate: &dyn Fn(&str), file: web_sys::File) {
    let name = file.name();
    local.set(file);
    navigate(&format!("/play?file={}", encode_component(&name)));
}

/// The whole page accepts a recording dropped on it.
#[component]
fn DropZone(children: Children) -> impl IntoView {
    let (dragging, set_dragging) = signal(false);
    let local = expect_context::<LocalFile>();
    let navigate = use_navigate();
    let has_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer()
            .map(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
            .unwrap_or(false)
    };
    view! {
        <div
            class="app"
            class:dragging=dragging
            on:dragover=move |ev: web_sys::DragEvent| {
                if has_files(&ev) {
                    ev.prevent_default();
                    set_dragging.set(true);
                }
            }
            on:dragleave=move |ev: web_sys::DragEvent| {
                if ev.related_target().is_none() {
                    set_dragging.set(false);
                }
            }
            on:drop=move |ev: web_sys::DragEvent| {
                set_dragging.set(false);
                let Some(file) = ev.data_transfer().and_then(|dt| dt.files()).and_then(|f| f.get(0)) else {
                    return;
                };
                ev.prevent_default();
                play_local_file(local, &|url| navigate(url, Default::default()), file);
            }
        >
            {children()}
            <div class="drop-hint" aria-hidden="true">
                <div class="drop-card">"Drop the recording to play it"</div>
            </div>
        </div>
    }
}
