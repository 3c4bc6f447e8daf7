use leptos::prelude::*;

use crate::components::{
    ActivityPanel, ConsolePanel, ElementsPanel, ErrorsPanel, FindPanel, NetworkPanel, PerformanceStrip,
};
use crate::hooks::{turn, use_in_turn};
use crate::player::{Controller, Panel, PlayerSignals};

/// The developer panels beside the replay: console, network, errors, activity, elements (and, above
/// them, web vitals and memory when the recording has them).
#[component]
pub fn SidePanel(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let ctl = StoredValue::new_local(controller);
    let count = move |p: Panel| {
        signals.analysis.with(|a| {
            let a = a.as_ref()?;
            Some(match p {
                Panel::Console => a.console.len(),
                Panel::Network => a.network.len(),
                Panel::Errors => a.errors.len(),
                Panel::Activity => a.activity.len(),
                Panel::Elements => return None,
            })
        })
    };
    // Built once the player is ready (or the load failed), a part a task: Find and the tabs,
    // the panel shown, then each hidden one (building them first would hold the first frame
    // back; at once they were one task of 100–325 ms). The empty aside keeps its place.
    let head = use_in_turn(move || signals.settled().then_some(turn::PANEL_TABS));
    let panel = move |p: Panel| {
        use_in_turn(move || {
            let shown = signals.panel.get_untracked() == p;
            signals
                .settled()
                .then_some(if shown { turn::PANEL_SHOWN } else { turn::PANEL_HIDDEN })
        })
    };
    let (console, network, errors, activity, elements) = (
        panel(Panel::Console),
        panel(Panel::Network),
        panel(Panel::Errors),
        panel(Panel::Activity),
        panel(Panel::Elements),
    );
    view! {
        <aside class="side-panel" aria-label="Developer panels">
            {move || head.get().then(|| panel_head(signals, ctl, count))}
            {move || console.get().then(|| view! { <ConsolePanel signals=signals ctl=ctl/> })}
            {move || network.get().then(|| view! { <NetworkPanel signals=signals ctl=ctl/> })}
            {move || errors.get().then(|| view! { <ErrorsPanel signals=signals ctl=ctl/> })}
            {move || activity.get().then(|| view! { <ActivityPanel signals=signals ctl=ctl/> })}
            {move || elements.get().then(|| view! { <ElementsPanel signals=signals ctl=ctl/> })}
        </aside>
    }
}

/// Find, the performance strip and the panels' tabs.
fn panel_head(
    signals: PlayerSignals,
    ctl: StoredValue<Controller, LocalStorage>,
    count: impl Fn(Panel) -> Option<usize> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <FindPanel signals=signals ctl=ctl/>
        <PerformanceStrip signals=signals ctl=ctl/>
        <div class="tabs" role="tablist" aria-label="Panels">
            {Panel::ALL
                .into_iter()
                .map(|p| {
                    view! {
                        <button
                            role="tab"
                            class="tab"
                            class:errors-tab=p == Panel::Errors
                            id=format!("tab-{}", p.name())
                            data-testid=format!("tab-{}", p.name())
                            aria-controls=format!("panel-{}", p.name())
                            aria-selected=move || (signals.panel.get() == p).to_string()
                            tabindex=move || if signals.panel.get() == p { "0" } else { "-1" }
                            on:click=move |_| signals.panel.set(p)
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                let i = Panel::ALL.iter().position(|x| *x == p).unwrap_or(0);
                                let next = match ev.key().as_str() {
                                    "ArrowRight" => Panel::ALL[(i + 1) % Panel::ALL.len()],
                                    "ArrowLeft" => Panel::ALL[(i + Panel::ALL.len() - 1) % Panel::ALL.len()],
                                    _ => return,
                                };
                                ev.prevent_default();
                                ev.stop_propagation();
                                signals.panel.set(next);
                                if let Some(el) = web_sys::window()
                                    .and_then(|w| w.document())
                                    .and_then(|d| d.get_element_by_id(&format!("tab-{}", next.name())))
                                {
                                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                                }
                            }
                        >
                            {p.title()}
                            <span class="tab-count" data-testid="tab-count" title=move || count(p).map(|n| n.to_string())>
                                {move || count(p).map(crate::format::short_count)}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

use wasm_bindgen::JsCast;
