use leptos::html::Div;
use leptos::prelude::*;
use tapedeck_core::analysis::{timeline_marks, MAX_MARKERS};

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// The timeline: click or drag to seek (mouse, pen or finger); hover for the time; inactive
/// spans shaded; page changes marked. A slider for the keyboard: arrows, Home/End, Page Up/Down.
#[component]
pub fn Timeline(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let track = NodeRef::<Div>::new();
    let (hover, set_hover) = signal(None::<f64>);
    let (dragging, set_dragging) = signal(false);
    let duration = move || signals.info.with(|i| i.as_ref().map_or(0.0, |i| i.duration_ms));
    let pct = move |ms: f64| {
        let d = duration();
        if d > 0.0 {
            (ms / d * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    // The time under the pointer.
    let time_at = move |client_x: i32| -> Option<f64> {
        let el = track.get_untracked()?;
        let rect = el.get_bounding_client_rect();
        (rect.width() > 0.0).then(|| ((client_x as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0) * duration())
    };
    let c1 = controller.clone();
    let ctl = StoredValue::new_local(controller.clone());
    let c2 = controller.clone();
    let c3 = controller;
    // Markers sit on the track; choosing one must not also seek to where the pointer is.
    let stop = |ev: web_sys::PointerEvent| ev.stop_propagation();
    let markers = move || {
        signals.analysis.with(|a| {
            let (Some(a), d) = (a.as_ref(), duration().max(1.0)) else { return Vec::new() };
            let at = |t: f64| format!("{}%", (t / d * 100.0).clamp(0.0, 100.0));
            let mut out = Vec::new();
            let plural = |n: usize| if n > 1 { format!(" (×{n} here)") } else { String::new() };
            let times: Vec<f64> = a.errors.iter().map(|e| e.t).collect();
            for m in timeline_marks(&times, d, MAX_MARKERS) {
                let (i, e) = (m.first, &a.errors[m.first]);
                let title = format!("{} at {}: {}{}", e.kind.label(), format::clock(e.t), e.message, plural(m.count));
                out.push(
                    view! {
                        <button class="tl-marker marker-error" data-testid="marker-error" style:left=at(e.t) title=title.clone() aria-label=title
                            on:pointerdown=stop on:click=move |_| ctl.with_value(|c| c.select_error(i))></button>
                    }
                    .into_any(),
                );
            }
            let times: Vec<f64> = a.rage_clicks.iter().map(|r| r.t).collect();
            for m in timeline_marks(&times, d, MAX_MARKERS) {
                let r = &a.rage_clicks[m.first];
                let (t, title) = (r.t, format!("Rage click ×{} at {}{}", r.count, format::clock(r.t), plural(m.count)));
                out.push(
                    view! {
                        <button class="tl-marker marker-rage" data-testid="marker-rage-click" style:left=at(t) title=title.clone() aria-label=title
                            on:pointerdown=stop on:click=move |_| ctl.with_value(|c| c.jump(t))></button>
                    }
                    .into_any(),
                );
            }
            let times: Vec<f64> = a.dead_clicks.iter().map(|c| c.t).collect();
            for m in timeline_marks(&times, d, MAX_MARKERS) {
                let dc = &a.dead_clicks[m.first];
                let (t, title) = (dc.t, format!("Dead click at {}{}", format::clock(dc.t), plural(m.count)));
                out.push(
                    view! {
                        <button class="tl-marker marker-dead" data-testid="marker-dead-click" style:left=at(t) title=title.clone() aria-label=title
                            on:pointerdown=stop on:click=move |_| ctl.with_value(|c| c.jump(t))></button>
                    }
                    .into_any(),
                );
            }
            let poor: Vec<_> = a.vitals.iter().filter(|v| v.is_poor()).collect();
            let times: Vec<f64> = poor.iter().map(|v| v.t).collect();
            for m in timeline_marks(&times, d, MAX_MARKERS) {
                let v = poor[m.first];
                let (t, title) = (v.t, format!("Poor {} ({}) at {}{}", v.short(), v.value_text(), format::clock(v.t), plural(m.count)));
                out.push(
                    view! {
                        <button class="tl-marker marker-vital" data-testid="marker-poor-vital" style:left=at(t) title=title.clone() aria-label=title
                            on:pointerdown=stop on:click=move |_| ctl.with_value(|c| c.jump(t))></button>
                    }
                    .into_any(),
                );
            }
            out
        })
    };
    view! {
        <div
            class="timeline"
            class:dragging=dragging
            data-testid="timeline"
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if ev.button() != 0 {
                    return;
                }
                ev.prevent_default();
                if let Some(el) = track.get_untracked() {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
                set_dragging.set(true);
                if let Some(t) = time_at(ev.client_x()) {
                    c1.seek(t);
                }
            }
            on:pointermove=move |ev: web_sys::PointerEvent| {
                let t = time_at(ev.client_x());
                set_hover.set(t);
                if dragging.get_untracked() {
                    if let Some(t) = t {
                        c2.seek(t);
                    }
                }
            }
            // ←/→ (±5 s, shift ±1 s) are the player's own keys; the slider adds its ends and pages.
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let now = signals.time_ms.get_untracked();
                let to = match ev.key().as_str() {
                    "Home" => 0.0,
                    "End" => duration(),
                    "PageUp" => now + 30_000.0,
                    "PageDown" => now - 30_000.0,
                    _ => return,
                };
                ev.prevent_default();
                c3.seek(to.clamp(0.0, duration()));
            }
            on:pointerup=move |_| set_dragging.set(false)
            on:pointercancel=move |_| set_dragging.set(false)
            on:pointerleave=move |_| set_hover.set(None)
        >
            // The slider is the track; the markers are buttons of their own beside it (a slider
            // holds no controls).
            <div
                class="timeline-track"
                node_ref=track
                data-testid="timeline-slider"
                role="slider"
                tabindex="0"
                aria-label="Playback position"
                aria-valuemin="0"
                aria-valuemax=move || (duration() / 1000.0).round().to_string()
                aria-valuenow=move || (signals.time_ms.get() / 1000.0).round().to_string()
                aria-valuetext=move || format!("{} of {}", format::clock(signals.time_ms.get()), format::clock(duration()))
            >
                {move || signals.info.with(|i| i.as_ref().map(|i| i.inactive.iter().map(|s| {
                    let d = i.duration_ms.max(1.0);
                    view! {
                        <div
                            class="tl-inactive"
                            title="No user activity (skipped when Skip inactivity is on)"
                            style:left=format!("{}%", s.start / d * 100.0)
                            style:width=format!("{}%", s.len() / d * 100.0)
                        ></div>
                    }
                }).collect_view()))}
                <div class="tl-played" style:width=move || format!("{}%", pct(signals.time_ms.get()))></div>
                {move || signals.info.with(|i| i.as_ref().map(|i| i.page_starts.iter().skip(1).map(|s| {
                    let d = i.duration_ms.max(1.0);
                    view! { <div class="tl-page" data-testid="page-marker" title="Page change" style:left=format!("{}%", s / d * 100.0)></div> }
                }).collect_view()))}
                <div class="tl-handle" style:left=move || format!("{}%", pct(signals.time_ms.get()))></div>
            </div>
            <div class="tl-markers">{markers}</div>
            {move || hover.get().map(|t| view! {
                <div class="tl-tooltip" data-testid="timeline-tooltip" style:left=format!("{}%", pct(t))>{format::clock(t)}</div>
            })}
        </div>
    }
}
