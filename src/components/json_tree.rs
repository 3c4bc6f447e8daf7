use leptos::prelude::*;
use serde_json::Value;

/// Deeper levels are not expanded (recorded values can be arbitrarily deep).
const MAX_DEPTH: usize = 12;
/// Children shown under one opened object or array; the rest are counted.
const MAX_CHILDREN: usize = 100;
/// Characters of a string shown in a row.
const MAX_TEXT: usize = 500;

fn preview(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().take(4).map(|k| crate::format::clip(k, 40)).collect();
            let more = if m.len() > 4 { ", …" } else { "" };
            format!("{{{}{more}}}", keys.join(", "))
        }
        Value::Array(a) => format!("Array({})", a.len()),
        Value::String(s) => format!("\"{}\"", crate::format::clip(s, MAX_TEXT)),
        other => crate::format::clip(&other.to_string(), MAX_TEXT),
    }
}

/// The first [`MAX_CHILDREN`] children of an object or array, and how many more there are.
fn children(value: &Value) -> (Vec<(String, Value)>, usize) {
    match value {
        Value::Object(m) => (
            m.iter()
                .take(MAX_CHILDREN)
                .map(|(k, v)| (crate::format::clip(k, 200), v.clone()))
                .collect(),
            m.len().saturating_sub(MAX_CHILDREN),
        ),
        Value::Array(a) => (
            a.iter()
                .take(MAX_CHILDREN)
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
            a.len().saturating_sub(MAX_CHILDREN),
        ),
        _ => (Vec::new(), 0),
    }
}

/// A JSON value as an expandable tree: objects and arrays fold, scalars show as text.
/// Everything is text: nothing recorded is ever parsed as HTML. A level's children are built
/// only when it is opened, at most [`MAX_CHILDREN`] of them, so a huge recorded value costs
/// nothing until looked at.
#[component]
pub fn JsonTree(
    value: Value,
    #[prop(optional, into)] label: Option<String>,
    #[prop(default = 0)] depth: usize,
    /// Shown opened (its first level built at once).
    #[prop(optional)]
    expanded: bool,
) -> impl IntoView {
    let key = label.map(|l| view! { <span class="json-key">{l}": "</span> });
    match value {
        Value::Object(_) | Value::Array(_) if depth < MAX_DEPTH => {
            let summary = preview(&value);
            let value = StoredValue::new(value);
            let open = RwSignal::new(expanded);
            let shown = move || {
                open.get().then(|| {
                    let (kids, more) = value.with_value(children);
                    let rest = (more > 0).then(|| view! { <div class="json-more">{format!("… {more} more")}</div> });
                    view! {
                        {kids.into_iter().map(|(k, v)| view! { <JsonTree value=v label=k depth=depth + 1/> }).collect_view()}
                        {rest}
                    }
                })
            };
            view! {
                <details class="json-tree" open=expanded on:toggle=move |ev| {
                    let el: web_sys::HtmlDetailsElement = event_target(&ev);
                    open.set(el.open());
                }>
                    <summary>{key}<span class="json-preview">{summary}</span></summary>
                    <div class="json-children">{shown}</div>
                </details>
            }
            .into_any()
        }
        other => {
            let class = match &other {
                Value::String(_) => "json-string",
                Value::Number(_) => "json-number",
                Value::Bool(_) | Value::Null => "json-literal",
                _ => "json-preview",
            };
            view! { <div class="json-leaf">{key}<span class=class>{preview(&other)}</span></div> }.into_any()
        }
    }
}
