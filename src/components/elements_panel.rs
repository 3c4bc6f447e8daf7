use leptos::html::Div;
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;
use tapedeck_core::analysis::{row_window, MAX_ROWS};
use tapedeck_core::inspect::{RowLabel, TreeRow};
use wasm_bindgen::JsCast;

use crate::components::{CompareBar, NodeDetailsView, NodeHistoryView};
use crate::player::{Controller, Panel, PlayerSignals};

/// The DOM at the playhead, like a browser's Elements panel: the tree (paused it shows the
/// moment, playing it follows and marks what changed), the selected node's details and its
/// life, and what changed since another moment.
#[component]
pub fn ElementsPanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.inspect;
    let visible = signals.panel_shown(Panel::Elements);
    Effect::new(move |_| {
        if visible.get() {
            ctl.with_value(|c| c.refresh_inspector());
        }
    });
    let tree = NodeRef::<Div>::new();
    let selected_index = Memo::new(move |_| {
        let sel = sig.selected.get();
        sig.rows.with(|r| {
            sel.and_then(|s| {
                r.iter()
                    .position(|row| row.id == s && row.label != RowLabel::ShadowRoot)
            })
        })
    });
    // At most MAX_ROWS rows, around the selected one.
    let window = Memo::new(move |_| {
        let len = sig.rows.with(|r| r.len());
        row_window(len, selected_index.get().unwrap_or(0), MAX_ROWS)
    });
    // Keeps the selected row in view.
    Effect::new(move |_| {
        let _ = selected_index.get();
        let Some(list) = tree.get() else { return };
        request_animation_frame(move || {
            if let Ok(Some(row)) = list.query_selector("[aria-selected=true]") {
                // Only the tree scrolls (scrolling the row into view would move the whole page
                // away from the replay on a narrow window).
                let (top, bottom) = (list.get_bounding_client_rect(), row.get_bounding_client_rect());
                if bottom.top() < top.top() {
                    list.set_scroll_top(list.scroll_top() - (top.top() - bottom.top()).ceil() as i32);
                } else if bottom.bottom() > top.bottom() {
                    list.set_scroll_top(list.scroll_top() + (bottom.bottom() - top.bottom()).ceil() as i32);
                }
                // Keys move the selection: the focus follows it.
                let active = document().active_element();
                if active.is_some_and(|a| list.contains(Some(&a))) {
                    let _ = row.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        });
    });
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let rows = sig.rows.get_untracked();
        let Some(i) = selected_index.get_untracked() else {
            if ev.key().starts_with("Arrow") {
                ev.prevent_default();
                if let Some(first) = rows.iter().find(|r| r.label != RowLabel::ShadowRoot) {
                    ctl.with_value(|c| c.select_node(Some(first.id)));
                }
            }
            return;
        };
        let row = &rows[i];
        let pick = |j: Option<usize>| j.and_then(|j| rows.get(j)).map(|r: &TreeRow| r.id);
        let next = |from: usize, step: isize| {
            let mut j = from as isize + step;
            while j >= 0 && (j as usize) < rows.len() {
                if rows[j as usize].label != RowLabel::ShadowRoot {
                    return Some(j as usize);
                }
                j += step;
            }
            None
        };
        let target = match ev.key().as_str() {
            "ArrowDown" => pick(next(i, 1)),
            "ArrowUp" => pick(next(i, -1)),
            "ArrowRight" if row.has_children && !row.expanded => {
                ev.prevent_default();
                ctl.with_value(|c| c.toggle_expanded(row.id, true));
                return;
            }
            "ArrowRight" => pick(next(i, 1)).filter(|_| row.has_children),
            "ArrowLeft" if row.expanded => {
                ev.prevent_default();
                ctl.with_value(|c| c.toggle_expanded(row.id, false));
                return;
            }
            "ArrowLeft" => pick(
                rows[..i]
                    .iter()
                    .rposition(|r| r.depth < row.depth && r.label != RowLabel::ShadowRoot),
            ),
            "Home" => pick(next(0, 1).or(Some(0))),
            "End" => pick(Some(rows.len() - 1)),
            _ => return,
        };
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(id) = target {
            ctl.with_value(|c| c.select_node(Some(id)));
        }
    };
    view! {
        <section
            class="panel elements-panel"
            id="panel-elements"
            role="tabpanel"
            aria-labelledby="tab-elements"
            data-testid="elements-panel"
            hidden=move || !visible.get()
        >
            <CompareBar signals=signals ctl=ctl/>
            <div
                class="dom-tree"
                role="tree"
                aria-label="Page elements at the playhead"
                tabindex=move || if selected_index.get().is_some() { "-1" } else { "0" }
                node_ref=tree
                on:keydown=on_key
                on:pointerleave=move |_| ctl.with_value(|c| c.hover_node(None))
            >
                {move || {
                    let w = window.get();
                    let rows = sig.rows.get();
                    let before = w.start;
                    let after = rows.len() - w.end;
                    let hidden = |n: usize, what: &str| (n > 0).then(|| view! {
                        <p class="rows-hidden" data-testid="rows-hidden">{format!("{n} {what} rows not shown — select a node there to see them")}</p>
                    });
                    view! {
                        {hidden(before, "earlier")}
                        {rows[w.clone()].iter().cloned().map(|row| view! { <DomRow row=row signals=signals ctl=ctl/> }).collect_view()}
                        {hidden(after, "later")}
                    }
                }}
            </div>
            <NodeDetailsView signals=signals ctl=ctl/>
            <NodeHistoryView signals=signals ctl=ctl/>
        </section>
    }
}

/// One row of the tree.
#[component]
fn DomRow(row: TreeRow, signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.inspect;
    let id = row.id;
    let shadow = row.label == RowLabel::ShadowRoot;
    let selected = move || !shadow && sig.selected.get() == Some(id);
    let diff = move || {
        if shadow {
            return None;
        }
        sig.compare.with(|c| {
            let c = c.as_ref()?;
            match c.nodes.get(&id) {
                Some(d) => Some(d.name()),
                None => c.inside.contains(&id).then_some("inside"),
            }
        })
    };
    let just_changed = move || !shadow && sig.changed.with(|c| c.contains(&id));
    let (has_children, expanded) = (row.has_children, row.expanded);
    let label = match row.label {
        RowLabel::Element { tag, attrs } => view! {
            <span class="dom-open">"<"<span class="dom-tag">{tag}</span>
                {attrs.into_iter().map(|(k, v)| view! {
                    " "<span class="dom-attr">{k}</span>"=\""<span class="dom-value">{v}</span>"\""
                }).collect_view()}
            ">"</span>
        }
        .into_any(),
        RowLabel::Text(t) => view! { <span class="dom-text">{format!("\"{t}\"")}</span> }.into_any(),
        RowLabel::Comment(t) => view! { <span class="dom-comment">{format!("<!-- {t} -->")}</span> }.into_any(),
        RowLabel::DocType(n) => view! { <span class="dom-comment">{format!("<!DOCTYPE {n}>")}</span> }.into_any(),
        RowLabel::Document => view! { <span class="dom-pseudo">"#document"</span> }.into_any(),
        RowLabel::ShadowRoot => view! { <span class="dom-pseudo">"#shadow-root (open)"</span> }.into_any(),
    };
    view! {
        <div
            class=move || {
                let mut c = String::from("dom-row");
                if selected() {
                    c.push_str(" selected");
                }
                if just_changed() {
                    c.push_str(" just-changed");
                }
                if let Some(d) = diff() {
                    c.push_str(" diff-");
                    c.push_str(d);
                }
                c
            }
            role="treeitem"
            data-testid=if shadow { "dom-shadow-root" } else { "dom-node" }
            data-node-id=id
            data-diff=diff
            aria-expanded=has_children.then(|| expanded.to_string())
            aria-selected=move || selected().to_string()
            tabindex=move || if selected() { "0" } else { "-1" }
            style:padding-left=format!("{}px", 22 + row.depth.min(40) * 14)
            on:click=move |_| {
                if !shadow {
                    ctl.with_value(|c| c.select_node(Some(id)));
                }
            }
            on:pointerenter=move |_| {
                if !shadow {
                    ctl.with_value(|c| c.hover_node(Some(id)));
                }
            }
        >
            {has_children.then(|| view! {
                <button
                    class="dom-twisty"
                    tabindex="-1"
                    aria-label=if expanded { "Collapse" } else { "Expand" }
                    on:click=move |ev| {
                        ev.stop_propagation();
                        ctl.with_value(|c| c.toggle_expanded(id, !expanded));
                    }
                >{if expanded { "▾" } else { "▸" }}</button>
            })}
            {label}
        </div>
    }
    // `aria-level` is no method of Leptos's elements, and `attr:aria-level` set an attribute of
    // that literal name: the level goes on as a custom attribute.
    .add_any_attr(custom_attribute("aria-level", (row.depth + 1).to_string()))
}
