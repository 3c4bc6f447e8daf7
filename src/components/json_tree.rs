use leptos::prelude::*;
use serde_json::Value;

/// Deeper levels are not expanded (recorded values can be arbitrarily deep).
const MAX_DEPTH: usize = 12;

fn preview(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().take(4).map(String::as_str).collect();
            let more = if m.len() > 4 { ", …" } else { "" };
            format!("{{{}{more}}}", keys.join(", "))
        }
        Value::Array(a) => format!("Array({})", a.len()),
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// A JSON value as an expandable tree: objects and arrays fold, scalars show as text.
/// Everything is text: nothing recorded is ever parsed as HTML.
#[component]
pub fn JsonTree(
    value: Value,
    #[prop(optional, into)] label: Option<String>,
    #[prop(default = 0)] depth: usize,
) -> impl IntoView {
    let key = label.map(|l| view! { <span class="json-key">{l}": "</span> });
    match value {
        Value::Object(_) | Value::Array(_) if depth < MAX_DEPTH => {
            let summary = preview(&value);
            let children: Vec<(String, Value)> = match value {
                Value::Object(m) => m.into_iter().collect(),
                Value::Array(a) => a.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
                _ => unreachable!(),
            };
            view! {
                <details class="json-tree">
                    <summary>{key}<span class="json-preview">{summary}</span></summary>
                    <div class="json-children">
                        {children.into_iter().map(|(k, v)| view! { <JsonTree value=v label=k depth=depth + 1/> }).collect_view()}
                    </div>
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
