use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals, SPEEDS};

fn label(s: f64) -> String {
    format!("{s}×")
}

/// Playback speed (`[` and `]`).
#[component]
pub fn SpeedSelect(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <label class="speed" title="Playback speed ([ and ])">
            <span class="sr-only">"Playback speed"</span>
            <select
                data-testid="speed"
                prop:value=move || signals.speed.get().to_string()
                on:change=move |ev| {
                    if let Ok(s) = event_target_value(&ev).parse::<f64>() {
                        controller.set_speed(s);
                    }
                }
            >
                {SPEEDS.iter().map(|s| view! { <option value=s.to_string()>{label(*s)}</option> }).collect_view()}
            </select>
        </label>
    }
}
