use leptos::html::Div;
use leptos::prelude::*;
use tapedeck_core::analysis::{timeline_marks, MAX_MARKERS};
use tapedeck_core::order::sort_by_time;

use crate::hooks::use_element_size;

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// The timeline: click or drag to seek (mouse, pen or finger); hover for the time; inactive
/// spans shaded; page changes marked. A slider for the keyboard: arrows, Home/End, Page Up/Down.
#[component]
pub fn Timeline(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let track = NodeRef::<Div>::new();
    let (hover, set_hover) = signal(None::<f64>);
    let (dragging, set_dragging) = signal(false);
    // Where a Shift-drag (a range to export) began.
    let (range_from, set_range_from) = signal(None::<f64>);
    let duration = move || signals.info.with(|i| i.as_ref().map_or(0.0, |i| i.duration_ms));
    let pct = move |ms: f64| {
        let d = duration();
        if d > 0.0 {
            (ms / d * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    // The track's left edge and width, kept while a drag lasts: read on every move, they forced
    // a layout of the player each time (the frame before had changed the panels' rows).
    let drag_rect = StoredValue::new(None::<(f64, f64)>);
    let track_rect = move || {
        drag_rect.get_value().or_else(|| {
            let rect = track.get_untracked()?.get_bounding_client_rect();
            Some((rect.left(), rect.width()))
        })
    };
    // The time under the pointer.
    let time_at = move |client_x: i32| -> Option<f64> {
        let (left, width) = track_rect()?;
        (width > 0.0).then(|| ((client_x as f64 - left) / width).clamp(0.0, 1.0) * duration())
    };
    let c1 = controller.clone();
    let ctl = StoredValue::new_local(controller.clone());
    let c2 = controller.clone();
    let c3 = controller;
    // Markers sit in a lane above the track; choosing one must not also seek to where the
    // pointer is.
    let stop = |ev: web_sys::PointerEvent| ev.stop_propagation();
    let (track_w, _) = use_element_size(track);
    // One lane of markers.
    let lane = move |mut all: Vec<(f64, Marker)>, gap: f64, d: f64, lane_class: &'static str| {
        // By time, then rank: a stable sort by time keeps the rank order of equal times.
        sort_by_time(&mut all, |x| f64::from(x.1.rank));
        sort_by_time(&mut all, |x| x.0);
        let times: Vec<f64> = all.iter().map(|(t, _)| *t).collect();
        timeline_marks(&times, gap)
            .into_iter()
            .map(|m| {
                let group = &all[m.first..m.first + m.count];
                let (t, top) = group.iter().min_by_key(|(_, k)| k.rank).cloned().unwrap_or_else(|| all[m.first].clone());
                let mut title = group.iter().take(3).map(|(_, k)| k.title.as_str()).collect::<Vec<_>>().join("; ");
                if m.count > 3 {
                    title.push_str(&format!("; and {} more here", m.count - 3));
                }
                let (error, find) = (top.error, top.find);
                view! {
                    <button class=format!("tl-marker {}{lane_class}", top.class) data-testid=top.testid style:left=format!("{}%", (t / d * 100.0).clamp(0.0, 100.0))
                        title=title.clone() aria-label=title
                        on:pointerdown=stop on:click=move |_| ctl.with_value(|c| match (error, find) {
                            (Some(i), _) => c.select_error(i),
                            (None, Some(i)) => c.show_result(i),
                            (None, None) => c.jump(t),
                        })></button>
                }
            })
            .collect::<Vec<_>>()
    };
    let markers = move || {
        signals.analysis.with(|a| {
            let (Some(a), d) = (a.as_ref(), duration().max(1.0)) else {
                return Vec::new();
            };
            // Errors and clicks share the lane above the track, vitals have the one below; in a
            // lane, moments closer than 16 px share a marker (the most severe one's, saying all).
            let mut above: Vec<(f64, Marker)> = Vec::new();
            above.extend(a.errors.iter().enumerate().map(|(i, e)| {
                (
                    e.t,
                    Marker::new(
                        0,
                        "marker-error",
                        "marker-error",
                        format!(
                            "{} at {}: {}",
                            e.kind.label(),
                            format::clock(e.t),
                            format::clip(&e.message, 120)
                        ),
                    )
                    .error(i),
                )
            }));
            above.extend(a.rage_clicks.iter().map(|r| {
                (
                    r.t,
                    Marker::new(
                        1,
                        "marker-rage",
                        "marker-rage-click",
                        format!("Rage click ×{} at {}", r.count, format::clock(r.t)),
                    ),
                )
            }));
            above.extend(a.dead_clicks.iter().map(|c| {
                (
                    c.t,
                    Marker::new(
                        2,
                        "marker-dead",
                        "marker-dead-click",
                        format!("Dead click at {}", format::clock(c.t)),
                    ),
                )
            }));
            let mut below: Vec<(f64, Marker)> = a
                .vitals
                .iter()
                .filter(|v| v.is_poor())
                .map(|v| {
                    (
                        v.t,
                        Marker::new(
                            3,
                            "marker-vital",
                            "marker-poor-vital",
                            format!("Poor {} ({}) at {}", v.short(), v.value_text(), format::clock(v.t)),
                        ),
                    )
                })
                .collect();
            // The inspected node's changes, while one is selected.
            if signals.inspect.selected.get().is_some() {
                signals.inspect.history.with(|h| {
                    below.extend(h.iter().filter(|e| e.change.is_change()).map(|e| {
                        (
                            e.t,
                            Marker::new(
                                4,
                                "marker-node",
                                "marker-node",
                                format!("{} at {}", format::clip(&e.what, 120), format::clock(e.t)),
                            ),
                        )
                    }))
                });
            }
            // Find's results, while the box is open.
            if signals.find.open.get() {
                signals.find.results.with(|r| {
                    below.extend(r.hits.iter().enumerate().map(|(i, h)| {
                        let title = format!(
                            "{}: {} at {}",
                            h.kind.title(),
                            format::clip(&h.context, 100),
                            format::clock(h.t)
                        );
                        (h.t, Marker::new(5, "marker-find", "marker-find", title).find(i))
                    }))
                });
            }
            let gap = (d / MAX_MARKERS as f64).max(d * 16.0 / track_w.get().max(1.0));
            let mut out = lane(above, gap, d, "");
            out.extend(lane(below, gap, d, " below"));
            out
        })
    };
    // A drag ends (let go, cancelled, or the pointer taken away): its last position is shown.
    let end_drag = move || {
        drag_rect.set_value(None);
        set_dragging.set(false);
        set_range_from.set(None);
        ctl.with_value(|c| c.end_scrub());
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
                drag_rect.set_value(None);
                drag_rect.set_value(track_rect());
                // Shift-drag chooses a range to export; a plain drag seeks.
                if ev.shift_key() {
                    if let Some(t) = time_at(ev.client_x()) {
                        set_range_from.set(Some(t));
                        signals.export.set(Some((t, t)));
                    }
                    return;
                }
                if let Some(t) = time_at(ev.client_x()) {
                    c1.seek(t);
                }
            }
            on:pointermove=move |ev: web_sys::PointerEvent| {
                let t = time_at(ev.client_x());
                set_hover.set(t);
                if dragging.get_untracked() {
                    if let Some(t) = t {
                        match range_from.get_untracked() {
                            Some(a) => signals.export.set(Some((a.min(t), a.max(t)))),
                            None => c2.scrub(t),
                        }
                    }
                }
            }
            on:pointerup=move |_| end_drag()
            on:pointercancel=move |_| end_drag()
            // The browser took the pointer away (a system gesture, an element removed): the drag
            // is over, or every later hover would go on seeking.
            on:lostpointercapture=move |_| end_drag()
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
                // ←/→ (±5 s, shift ±1 s) are the player's own keys; the slider adds ↑/↓ (what
                // screen readers send), its ends and pages.
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let now = signals.time_ms.get_untracked();
                    let to = match ev.key().as_str() {
                        "ArrowUp" => now + 5_000.0,
                        "ArrowDown" => now - 5_000.0,
                        "Home" => 0.0,
                        "End" => duration(),
                        "PageUp" => now + 30_000.0,
                        "PageDown" => now - 30_000.0,
                        _ => return,
                    };
                    ev.prevent_default();
                    c3.seek(to.clamp(0.0, duration()));
                }
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
                // The range to export, while the export panel is open.
                {move || signals.export.get().map(|(a, b)| view! {
                    <div class="tl-range" data-testid="export-range" style:left=format!("{}%", pct(a)) style:width=format!("{}%", (pct(b) - pct(a)).max(0.3))></div>
                })}
                {move || signals.info.with(|i| i.as_ref().map(|i| i.page_starts.iter().skip(1).map(|s| {
                    let d = i.duration_ms.max(1.0);
                    view! { <div class="tl-page" data-testid="page-marker" title="Page change" style:left=format!("{}%", s / d * 100.0)></div> }
                }).collect_view()))}
                <div class="tl-handle" style:left=move || format!("{}%", pct(signals.time_ms.get()))></div>
            </div>
            <div class="tl-markers">{markers}</div>
            {move || hover.get().map(|t| view! {
                <div class="tl-tooltip" data-testid="timeline-tooltip" style:left=format!("clamp(24px, {}%, calc(100% - 24px))", pct(t))>{format::clock(t)}</div>
            })}
        </div>
    }
}

/// A moment marked on the timeline: its kind (rank 0 is the most severe), what it says, and the
/// error it selects, if it is one.
#[derive(Clone)]
struct Marker {
    rank: u8,
    class: &'static str,
    testid: &'static str,
    title: String,
    error: Option<usize>,
    /// Find's result to show.
    find: Option<usize>,
}

impl Marker {
    fn new(rank: u8, class: &'static str, testid: &'static str, title: String) -> Marker {
        Marker {
            rank,
            class,
            testid,
            title,
            error: None,
            find: None,
        }
    }

    fn find(self, i: usize) -> Marker {
        Marker { find: Some(i), ..self }
    }

    fn error(self, i: usize) -> Marker {
        Marker { error: Some(i), ..self }
    }
}
