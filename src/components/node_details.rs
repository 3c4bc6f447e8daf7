use leptos::prelude::*;

use crate::components::copy_link::copy_text;
use crate::player::{Controller, PlayerSignals};

/// The selected node at the playhead: its name, recorded attributes, text, box, scroll, value,
/// a unique selector and its HTML to copy.
#[component]
pub fn NodeDetailsView(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.inspect;
    move || {
        let Some(d) = sig.details.get() else {
            return view! {
                <p class="node-details empty" data-testid="node-details">
                    "Select an element in the tree, or pick one in the replay with Inspect (i)."
                </p>
            }
            .into_any();
        };
        let id = d.id;
        let selector = d.selector.clone();
        let row = |k: &'static str, v: String| view! { <dt>{k}</dt><dd>{v}</dd> };
        view! {
            <div class="node-details" data-testid="node-details" aria-label="Selected node">
                <h3 class="node-title">
                    <code data-testid="node-label">{d.label.clone()}</code>
                    <span class="node-id">{format!("node {id}")}</span>
                    {(!d.present).then(|| view! { <span class="node-absent">"not in the page at this moment"</span> })}
                </h3>
                <dl class="node-facts">
                    {d.rect.map(|r| row("Box", format!(
                        "{} × {} at {}, {}", r.w.round(), r.h.round(), r.x.round(), r.y.round()
                    )))}
                    {d.scroll.map(|(x, y)| row("Scrolled", format!("{}, {}", x.round(), y.round())))}
                    {d.value.clone().map(|v| row("Value", format!("\"{v}\"")))}
                    {d.checked.map(|c| row("Checked", c.to_string()))}
                    {d.text.clone().map(|t| row("Text", t))}
                </dl>
                {(!d.attrs.is_empty()).then(|| view! {
                    <table class="node-attrs" data-testid="node-attrs">
                        <caption>"Attributes, as recorded"</caption>
                        <tbody>
                            {d.attrs.iter().cloned().map(|(k, v)| view! {
                                <tr data-attr=k.clone()><th scope="row">{k.clone()}</th><td>{v}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                <div class="node-actions">
                    {(!selector.is_empty()).then(|| {
                        let sel = selector.clone();
                        view! {
                            <code class="node-selector" data-testid="node-selector">{selector.clone()}</code>
                            <button class="toggle" data-testid="copy-selector" on:click=move |_| copy_text(signals, "Selector", sel.clone())>
                                "Copy selector"
                            </button>
                        }
                    })}
                    <button
                        class="toggle"
                        data-testid="copy-html"
                        disabled=!d.present
                        on:click=move |_| {
                            if let Some(html) = ctl.with_value(|c| c.node_html(id)) {
                                copy_text(signals, "HTML at this moment", html);
                            }
                        }
                    >"Copy HTML at this moment"</button>
                </div>
            </div>
        }
        .into_any()
    }
}
