use leptos::prelude::*;
use tapedeck_core::analysis::{ErrorEntry, ErrorKind};

use crate::components::WindowedRows;
use crate::format;
use crate::hooks::{use_panel_rows, use_row_window};
use crate::player::{Controller, Panel, PlayerSignals, Selected};

/// The session's errors: uncaught exceptions, rejections, console.error calls, failed requests.
/// Choosing one lands exactly at its moment, paused; the selected one offers to replay its
/// lead-up.
#[component]
pub fn ErrorsPanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let visible = signals.panel_shown(Panel::Errors);
    let window = use_row_window(visible, signals.row_budget(Signal::stored(0.0)), move || {
        let t = signals.time_ms.get();
        signals.analysis.with(|a| {
            a.as_ref()
                .map_or((0, 0), |a| (a.errors.len(), a.errors.partition_point(|e| e.t <= t)))
        })
    });
    let rows = use_panel_rows(visible, move || {
        let w = window.get();
        signals.analysis.with_untracked(|a| {
            a.as_ref()
                .map(|a| {
                    w.rows
                        .clone()
                        .filter_map(|i| Some((i, a.errors.get(i)?.clone())))
                        .collect::<Vec<(usize, ErrorEntry)>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section
            class="panel"
            id="panel-errors"
            role="tabpanel"
            aria-labelledby="tab-errors"
            data-testid="errors-panel"
            hidden=move || !visible.get()
        >
            <div class="panel-toolbar">
                <span class="dim small">"Lead-up to replay before an error"</span>
                <label class="lead-up">
                    <input
                        type="number"
                        min="0"
                        max="600"
                        step="5"
                        aria-label="Lead-up in seconds"
                        prop:value=move || signals.lead_up_s.get().to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                signals.lead_up_s.set(v.clamp(0.0, 600.0));
                            }
                        }
                    />
                    " s"
                </label>
            </div>
            <div class="rows" role="list" aria-label="Errors">
                {move || {
                    let rows = rows.get();
                    if rows.is_empty() {
                        return view! { <p class="empty" role="listitem">"No errors in this session."</p> }.into_any();
                    }
                    view! {
                        <WindowedRows window=window what="errors">
                            {rows.into_iter().map(|(i, e)| view! { <ErrorRow index=i entry=e signals=signals ctl=ctl/> }).collect_view()}
                        </WindowedRows>
                    }
                    .into_any()
                }}
            </div>
        </section>
    }
}

fn kind_class(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::Uncaught | ErrorKind::Rejection | ErrorKind::Captured => "uncaught",
        ErrorKind::ConsoleError => "console",
        ErrorKind::FailedRequest => "request",
        ErrorKind::Breadcrumb => "breadcrumb",
    }
}

#[component]
fn ErrorRow(
    index: usize,
    entry: ErrorEntry,
    signals: PlayerSignals,
    ctl: StoredValue<Controller, LocalStorage>,
) -> impl IntoView {
    let selected = move || signals.selected.get() == Selected::Error(index);
    let t = entry.t;
    let past = move || signals.time_ms.get() >= t;
    view! {
        <div
            class=format!("row error-row kind-{}", kind_class(entry.kind))
            class:future=move || !past()
            role="listitem"
            tabindex="0"
            data-testid="error-row"
            aria-current=move || selected().to_string()
            on:click=move |_| ctl.with_value(|c| c.select_error(index))
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if crate::components::activates_row(&ev) {
                    ctl.with_value(|c| c.select_error(index));
                }
            }
        >
            <span class="level-icon">"✕"</span>
            <span class="row-time">{format::offset(t)}</span>
            <div class="row-main">
                <div class="error-kind">{entry.kind.label()}</div>
                <div class="error-message">{entry.message.clone()}</div>
                {entry.detail.clone().map(|d| view! { <div class="error-detail dim">{d}</div> })}
                <Show when=selected>
                    <button
                        class="button lead-up-button"
                        data-testid="replay-lead-up"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            ctl.with_value(|c| c.replay_lead_up(index));
                        }
                    >
                        {move || format!("▶ Replay the {} s before", signals.lead_up_s.get())}
                    </button>
                </Show>
            </div>
        </div>
    }
}
