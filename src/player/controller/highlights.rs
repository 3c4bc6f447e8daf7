//! Click highlights over the replay: rage-click rings and the outline of the latest click.

use leptos::prelude::*;

use super::{Controller, Playing, CLICK_HIGHLIGHT_MS};
use crate::player::signals::{RageRing, Rect};

impl Controller {
    /// Rage-click rings on their elements while they happen (and a moment after), and an outline
    /// around the element of the latest click.
    pub(super) fn show_clicks(&self, p: &Playing, ms: f64) {
        let page = p.replay.index.page_at(ms);
        let rect_of = |id, x: f64, y: f64| {
            p.renderer
                .element_rect(id)
                .map(|(x, y, w, h)| Rect { x, y, w, h })
                .unwrap_or(Rect {
                    x: x - 20.0,
                    y: y - 20.0,
                    w: 40.0,
                    h: 40.0,
                })
        };
        let clicks = &p.analysis.clicks;
        // Clicks are in time order: a ring counts those of its burst so far, found by bisection.
        let rings: Vec<RageRing> = p
            .analysis
            .rage_clicks
            .iter()
            .filter(|r| r.page == page && r.t <= ms && ms <= r.end + CLICK_HIGHLIGHT_MS)
            .map(|r| {
                let from = clicks.partition_point(|c| c.t < r.t);
                let to = clicks.partition_point(|c| c.t <= ms.min(r.end));
                RageRing {
                    rect: rect_of(r.id, r.x, r.y),
                    count: clicks[from..to.max(from)].iter().filter(|c| c.id == r.id).count(),
                }
            })
            .collect();
        if self.signals.rage_rings.with_untracked(|old| *old != rings) {
            self.signals.rage_rings.set(rings);
        }
        let latest = clicks.partition_point(|c| c.t <= ms).checked_sub(1).map(|i| &clicks[i]);
        let outline = latest
            .filter(|c| c.page == page && ms - c.t <= CLICK_HIGHLIGHT_MS)
            .map(|c| rect_of(c.id, c.x, c.y));
        if self.signals.outline.get_untracked() != outline {
            self.signals.outline.set(outline);
        }
    }
}
