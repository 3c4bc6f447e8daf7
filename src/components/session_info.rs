use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::JsonTree;
use crate::format;
use crate::player::PlayerSignals;

/// The recorder's format the session was read in, as a badge that opens what else the body
/// says of itself: its events, the windows it recorded (each a link that plays it) and the
/// recorder's own settings (Sentry's `options`).
#[component]
pub fn SessionInfo(signals: PlayerSignals) -> impl IntoView {
    let query = crate::hooks::use_query();
    let location = use_location();
    let badge = move || {
        let format = signals.info.with(|i| i.as_ref().map(|i| i.format))?;
        let windows = signals.windows.with(|w| w.several().then_some(w.list.len()));
        Some(match windows {
            Some(n) => format!("{format} · {n} windows"),
            None => format.to_owned(),
        })
    };
    // A link to this page with another window chosen (the moment and the panel kept).
    let href_for = move |name: &str| {
        let mut params = query.with(|q| q.without(&["window"]));
        params.push(("window".to_owned(), name.to_owned()));
        format!("{}?{}", location.pathname.get(), crate::config::search(&params))
    };
    let windows = move || {
        let w = signals.windows.get();
        w.several().then(|| {
            let rows = w
                .list
                .iter()
                .enumerate()
                .map(|(i, (name, events))| {
                    let shown = w.shown == Some(i);
                    let label = format!("Window {} · {}", i + 1, format::count(*events, "event", "events"));
                    view! {
                        <li>
                            <a href=href_for(name) data-testid="window-link" aria-current=shown.then_some("true") title=name.clone()>
                                {label}
                            </a>
                            {shown.then(|| view! { <span class="dim">" (shown)"</span> })}
                            <code class="window-name">{format::clip(name, 60)}</code>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>"Windows"</h3>
                <p class="dim">"Tabs and frames recorded on their own. A replay shows one; choose another:"</p>
                <ul class="window-list" data-testid="windows">{rows}</ul>
            }
        })
    };
    let options = move || {
        let text = signals
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.recorder_options.clone()))?;
        let value = serde_json::from_str::<serde_json::Value>(&text).ok()?;
        Some(view! {
            <h3>"Recorder settings"</h3>
            <div data-testid="recorder-settings"><JsonTree value=value expanded=true/></div>
        })
    };
    view! {
        <details class="session-info">
            <summary class="format-badge" data-testid="format" title="The recorder's format this session was read in: open for more">
                {badge}
            </summary>
            <div class="session-info-popover" data-testid="session-info">
                <dl class="session-facts">
                    <dt>"Format"</dt>
                    <dd>{move || signals.info.with(|i| i.as_ref().map(|i| i.format))}</dd>
                    <dt>"Events"</dt>
                    <dd>{move || signals.info.with(|i| i.as_ref().map(|i| i.events.to_string()))}</dd>
                    <dt>"Length"</dt>
                    <dd>{move || signals.info.with(|i| i.as_ref().map(|i| format::clock(i.duration_ms)))}</dd>
                </dl>
                {windows}
                {options}
            </div>
        </details>
    }
}
