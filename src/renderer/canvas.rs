//! Canvas replay without scripts in the replay: recorded 2D drawing is replayed on a canvas in
//! the player's own document, and the result is shown as an `<img>` inside the replayed
//! `<canvas>` (a canvas in a script-less document shows its children).
//!
//! Only the 2D context's own drawing methods and properties are called, by name from a fixed
//! list, with plain values: a recording cannot reach anything else through this.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Function, Reflect};
use serde_json::Value;
use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{CanvasEntry, VElement, CANVAS_MAX_AREA, CANVAS_MAX_SIDE};
use tapedeck_core::text::Text;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlImageElement, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm;

const METHODS: &[&str] = &[
    "arc",
    "arcTo",
    "beginPath",
    "bezierCurveTo",
    "clearRect",
    "clip",
    "closePath",
    "ellipse",
    "fill",
    "fillRect",
    "fillText",
    "lineTo",
    "moveTo",
    "quadraticCurveTo",
    "rect",
    "reset",
    "resetTransform",
    "restore",
    "rotate",
    "roundRect",
    "save",
    "scale",
    "setLineDash",
    "setTransform",
    "stroke",
    "strokeRect",
    "strokeText",
    "transform",
    "translate",
];
const PROPERTIES: &[&str] = &[
    "direction",
    "fillStyle",
    "filter",
    "font",
    "fontKerning",
    "globalAlpha",
    "globalCompositeOperation",
    "imageSmoothingEnabled",
    "imageSmoothingQuality",
    "letterSpacing",
    "lineCap",
    "lineDashOffset",
    "lineJoin",
    "lineWidth",
    "miterLimit",
    "shadowBlur",
    "shadowColor",
    "shadowOffsetX",
    "shadowOffsetY",
    "strokeStyle",
    "textAlign",
    "textBaseline",
    "textRendering",
    "wordSpacing",
];

/// A plain JSON value as a JS value; `None` for values only a page script could make (images,
/// typed arrays, gradients), which are not replayed.
fn plain(v: &Value) -> Option<JsValue> {
    Some(match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64()?),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(a) => {
            let arr = Array::new();
            for x in a {
                arr.push(&plain(x)?);
            }
            arr.into()
        }
        Value::Object(o) if o.is_empty() => return None,
        Value::Object(_) => return None,
    })
}

struct Surface {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The last entry drawn, and the base image it started from.
    drawn: Option<Arc<CanvasEntry>>,
    base: Option<Text>,
    /// The bitmap shown, encoded off the frame (see `show`).
    shown: Rc<Shown>,
}

/// What a surface shows in its `<img>`: encoding a bitmap is asynchronous (`toBlob`; Chromium
/// encodes in idle time), so only the latest encoding is shown and each `blob:` URL is revoked
/// when it is replaced or the surface goes away.
#[derive(Default)]
struct Shown {
    /// Bumped on every paint; an encoding that finishes for an older one is dropped.
    generation: std::cell::Cell<u64>,
    url: std::cell::RefCell<Option<String>>,
}

impl Shown {
    fn replace(&self, url: Option<String>) {
        if let Some(old) = self.url.replace(url) {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
    }
}

impl Drop for Surface {
    fn drop(&mut self) {
        // A pending encoding finds a newer generation and is dropped.
        self.shown.generation.set(self.shown.generation.get().wrapping_add(1));
        self.shown.replace(None);
    }
}

/// Encodes the surface's bitmap and shows it in `img` when done (unless painted again since).
fn show(surface: &Surface, img: &Element) {
    let shown = Rc::clone(&surface.shown);
    let generation = shown.generation.get().wrapping_add(1);
    shown.generation.set(generation);
    let img = img.clone();
    let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        if shown.generation.get() != generation {
            return;
        }
        let Some(url) = blob.and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok()) else {
            return;
        };
        set_src(&img, &url);
        shown.replace(Some(url));
    });
    let _ = surface.canvas.to_blob(done.unchecked_ref());
}

/// Paints replayed canvases and keeps what it drew, so the next frame draws only what is new.
#[derive(Default)]
pub struct CanvasPainter {
    surfaces: HashMap<NodeId, Surface>,
    images: HashMap<Text, HtmlImageElement>,
    /// Called when an image the painter waited for has loaded (repaint the frame).
    pub on_ready: Option<Rc<dyn Fn()>>,
}

/// Drawing surfaces of one replay in all, pixels (32 MB of bitmaps, and as much again for the
/// images that show them): a page of many big canvases has the first ones drawn, the others
/// left blank and reported.
pub const CANVAS_TOTAL_AREA: u64 = 4 * CANVAS_MAX_AREA;

impl CanvasPainter {
    /// Pixels of the drawing surfaces kept, all canvases together.
    fn area(&self) -> u64 {
        self.surfaces
            .values()
            .map(|s| u64::from(s.canvas.width()) * u64::from(s.canvas.height()))
            .sum()
    }

    /// Shows the canvas `id` (rendered as `dom`) as the mirror says. Returns what could not be
    /// shown.
    pub fn paint(&mut self, id: NodeId, dom: &Node, e: &VElement) -> Option<String> {
        let el = realm::as_element(dom)?;
        // The core caps a canvas's size (and reports it); this only keeps the renderer safe
        // from a mirror built some other way.
        let size = |name: &str, default: u32| {
            e.attr(name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .unwrap_or(default)
                .min(CANVAS_MAX_SIDE as u32)
        };
        let (mut w, mut h) = (size("width", 300), size("height", 150));
        if u64::from(w) * u64::from(h) > CANVAS_MAX_AREA {
            (w, h) = (w.min(1024), h.min(1024));
        }
        let img = fallback_image(el, w, h)?;
        if e.state.image.is_none() && e.state.canvas.is_none() {
            // Nothing drawn (yet), or drawing that cannot be replayed (WebGL): a blank of the
            // canvas's size keeps the box the page laid out.
            self.surfaces.remove(&id);
            set_src(&img, &blank(w, h));
            return None;
        }
        let Some(log) = &e.state.canvas else {
            // Only the snapshot's bitmap.
            self.surfaces.remove(&id);
            if let Some(src) = &e.state.image {
                set_src(&img, src);
            }
            return None;
        };
        let (from_clear, entries) = log.entries();
        let base = if from_clear { None } else { e.state.image.clone() };
        // Continue from what was drawn when the new list extends it; else start over on a
        // fresh surface (so no drawing state of the old list carries over).
        let resume = self
            .surfaces
            .get(&id)
            .filter(|s| s.canvas.width() == w && s.canvas.height() == h && s.base == base)
            .and_then(|s| s.drawn.as_ref())
            .and_then(|d| entries.iter().position(|x| Arc::ptr_eq(x, d)));
        if resume.is_none() {
            let kept = self.area()
                - self
                    .surfaces
                    .get(&id)
                    .map_or(0, |s| u64::from(s.canvas.width()) * u64::from(s.canvas.height()));
            if kept + u64::from(w) * u64::from(h) > CANVAS_TOTAL_AREA {
                self.surfaces.remove(&id);
                set_src(&img, &blank(w, h));
                return Some(format!(
                    "canvases beyond {} Mpx in all are not drawn",
                    CANVAS_TOTAL_AREA / 1_000_000
                ));
            }
            let mut fresh = new_surface(w, h)?;
            // The `<img>` goes on showing the old bitmap until the new one is encoded.
            if let Some(mut old) = self.surfaces.remove(&id) {
                fresh.shown = std::mem::take(&mut old.shown);
            }
            self.surfaces.insert(id, fresh);
        }
        let surface = self.surfaces.get_mut(&id).expect("a surface");
        let start = match resume {
            Some(k) => k + 1,
            None => {
                if let Some(src) = &base {
                    match self.images.get(src.as_str()) {
                        Some(image) if image.complete() && image.natural_width() > 0 => {
                            let _ = surface.ctx.draw_image_with_html_image_element(image, 0.0, 0.0);
                        }
                        Some(_) => {}
                        None => load_image(&mut self.images, src, self.on_ready.clone()),
                    }
                }
                0
            }
        };
        for entry in &entries[start..] {
            for cmd in entry.mutation.command_list() {
                draw(&surface.ctx, &cmd.property, &cmd.args.values(), cmd.setter);
            }
        }
        surface.drawn = entries.last().cloned();
        surface.base = base.clone();
        // Not yet decoded: draw again when it is.
        if base
            .as_ref()
            .is_some_and(|b| !self.images.get(b.as_str()).is_some_and(|i| i.complete()))
        {
            surface.drawn = None;
        }
        show(surface, &img);
        None
    }

    /// Forgets the surface of canvas `id` (its element was removed).
    pub fn forget(&mut self, id: NodeId) {
        self.surfaces.remove(&id);
    }

    /// Canvas `from` is shown as `to` from now on (its element was reused).
    pub fn rename(&mut self, from: NodeId, to: NodeId) {
        if let Some(s) = self.surfaces.remove(&from) {
            self.surfaces.insert(to, s);
        }
    }

    /// Forgets canvases that are no longer rendered.
    pub fn retain(&mut self, keep: impl Fn(NodeId) -> bool) {
        self.surfaces.retain(|id, _| keep(*id));
    }
}

fn draw(ctx: &CanvasRenderingContext2d, property: &str, args: &[Value], setter: bool) {
    let values: Option<Vec<JsValue>> = args.iter().map(plain).collect();
    let Some(values) = values else { return };
    if setter {
        if PROPERTIES.contains(&property) {
            // A `filter` may name `url(…)`: an SVG filter that would be fetched. Never.
            let fetches = |v: &JsValue| v.as_string().is_some_and(|s| s.to_ascii_lowercase().contains("url"));
            if let Some(v) = values.first().filter(|v| !fetches(v)) {
                let _ = Reflect::set(ctx, &JsValue::from_str(property), v);
            }
        }
        return;
    }
    if !METHODS.contains(&property) {
        return;
    }
    if let Ok(f) = Reflect::get(ctx, &JsValue::from_str(property)) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let _ = f.apply(ctx, &values.into_iter().collect::<Array>());
        }
    }
}

fn new_surface(w: u32, h: u32) -> Option<Surface> {
    let doc = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = doc.create_element("canvas").ok()?.unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.unchecked_into();
    Some(Surface {
        canvas,
        ctx,
        drawn: None,
        base: None,
        shown: Rc::default(),
    })
}

fn load_image(images: &mut HashMap<Text, HtmlImageElement>, src: &Text, on_ready: Option<Rc<dyn Fn()>>) {
    let Ok(image) = HtmlImageElement::new() else { return };
    image.set_src(src);
    images.insert(src.clone(), image.clone());
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(image.decode()).await.is_ok() {
            if let Some(f) = on_ready {
                f();
            }
        }
    });
}

fn existing_image(canvas: &Element) -> Option<Element> {
    let mut child = dom::first_element_child(canvas);
    while let Some(c) = child {
        if dom::get_attribute(&c, INTERNAL_ATTR).as_deref() == Some("canvas-image") {
            return Some(c);
        }
        child = dom::next_element_sibling(&c);
    }
    None
}

/// The `<img>` inside a replayed canvas that shows its bitmap.
fn fallback_image(canvas: &Element, w: u32, h: u32) -> Option<Element> {
    if let Some(img) = existing_image(canvas) {
        return Some(img);
    }
    let img = dom::create_element(&dom::owner_document(canvas)?, "img").ok()?;
    let _ = dom::set_attribute(&img, INTERNAL_ATTR, "canvas-image");
    let _ = dom::set_attribute(&img, "width", &w.to_string());
    let _ = dom::set_attribute(&img, "height", &h.to_string());
    let _ = dom::set_attribute(&img, "alt", "");
    // Sized like the canvas would be: its CSS size if it has one, else its bitmap size.
    let _ = dom::set_attribute(
        &img,
        "style",
        "display:block;width:inherit;height:inherit;max-width:inherit;max-height:inherit",
    );
    dom::append_child(canvas, &img).ok()?;
    Some(img)
}

/// A transparent image of `w`×`h` px: what a canvas with nothing to show shows, at its size.
pub fn blank(w: u32, h: u32) -> String {
    format!("data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20width='{w}'%20height='{h}'%3E%3C/svg%3E")
}

fn set_src(img: &Element, src: &str) {
    if dom::get_attribute(img, "src").as_deref() != Some(src) {
        let _ = dom::set_attribute(img, "src", src);
    }
}
