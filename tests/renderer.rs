//! Browser tests of the renderer: a snapshot rebuilt in a real sandboxed iframe.
#![cfg(target_arch = "wasm32")]

use tapedeck::renderer::Renderer;
use tapedeck_core::event::EventData;
use tapedeck_core::load::load;
use tapedeck_core::mirror::Mirror;
use tapedeck_core::node::SerializedNode;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlIFrameElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

async fn render(snapshot: &str) -> (Mirror, Renderer) {
    let node: SerializedNode = serde_json::from_str(snapshot).unwrap();
    let mut warnings = Vec::new();
    let mirror = Mirror::from_snapshot(&node, Default::default(), &mut warnings);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    renderer.render(&mirror, 0.0);
    settled(&mut renderer, &mirror, 0.0).await;
    assert!(renderer.warnings.is_empty(), "{:?}", renderer.warnings);
    (mirror, renderer)
}

const SNAPSHOT: &str = r#"{"type":0,"id":1,"childNodes":[
  {"type":1,"name":"html","publicId":"","systemId":"","id":2},
  {"type":2,"tagName":"html","attributes":{},"id":3,"childNodes":[
    {"type":2,"tagName":"head","attributes":{},"id":4,"childNodes":[
      {"type":2,"tagName":"style","attributes":{"_cssText":"p.hello { color: rgb(255, 0, 0); }"},"id":5,"childNodes":[{"type":3,"textContent":"","id":6}]},
      {"type":2,"tagName":"link","attributes":{"_cssText":"div.box { width: 40px; }"},"id":7,"childNodes":[]},
      {"type":2,"tagName":"script","attributes":{"src":"https://evil.example/x.js"},"id":8,"childNodes":[{"type":3,"textContent":"SCRIPT_PLACEHOLDER","id":9}]}
    ]},
    {"type":2,"tagName":"body","attributes":{},"id":10,"childNodes":[
      {"type":2,"tagName":"p","attributes":{"class":"hello","onclick":"parent.pwned=1"},"id":11,"childNodes":[{"type":3,"textContent":"Hello from the recording","id":12}]},
      {"type":2,"tagName":"a","attributes":{"href":"javascript:parent.pwned=1"},"id":13,"childNodes":[{"type":3,"textContent":"link","id":14}]},
      {"type":2,"tagName":"svg","attributes":{"viewBox":"0 0 10 10"},"isSVG":true,"id":15,"childNodes":[
        {"type":2,"tagName":"circle","attributes":{"r":"4","cx":"5","cy":"5"},"isSVG":true,"id":16,"childNodes":[]},
        {"type":2,"tagName":"script","attributes":{},"isSVG":true,"id":17,"childNodes":[]}
      ]},
      {"type":2,"tagName":"trust-badge","attributes":{},"isShadowHost":true,"id":18,"childNodes":[
        {"type":2,"tagName":"span","attributes":{"class":"inside"},"isShadow":true,"id":19,"childNodes":[{"type":3,"textContent":"In the shadow","id":20}]},
        {"type":3,"textContent":"light child","id":21}
      ]},
      {"type":2,"tagName":"div","attributes":{"class":"rr-block","rr_width":"120px","rr_height":"30px"},"needBlock":true,"id":22,"childNodes":[]},
      {"type":5,"textContent":" a comment ","id":23},
      {"type":2,"tagName":"iframe","attributes":{"srcdoc":"<script>parent.pwned=1</script>"},"id":24,"childNodes":[
        {"type":0,"id":25,"childNodes":[
          {"type":2,"tagName":"html","attributes":{},"id":26,"rootId":25,"childNodes":[
            {"type":2,"tagName":"body","attributes":{},"id":27,"rootId":25,"childNodes":[{"type":3,"textContent":"Inner document","id":28,"rootId":25}]}
          ]}
        ]}
      ]}
    ]}
  ]}
]}"#;

#[wasm_bindgen_test]
async fn rebuilds_every_node_type_safely() {
    let (mirror, renderer) = render(SNAPSHOT).await;
    let doc = renderer.document().unwrap();
    assert_eq!(doc.compat_mode(), "CSS1Compat");
    let body = doc.body().unwrap();
    assert!(body.text_content().unwrap().contains("Hello from the recording"));

    // SVG in the SVG namespace.
    let circle = doc.query_selector("circle").unwrap().unwrap();
    assert_eq!(circle.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));

    // The shadow root holds its content; the light child stays outside.
    let host: Element = doc.query_selector("trust-badge").unwrap().unwrap();
    let shadow = host.shadow_root().expect("an open shadow root");
    assert_eq!(shadow.text_content().unwrap(), "In the shadow");
    assert_eq!(host.text_content().unwrap(), "light child");

    // `_cssText` becomes a <style>, also for an inlined <link>, and it applies.
    let styles = doc.query_selector_all("style:not([data-tapedeck])").unwrap();
    assert_eq!(styles.length(), 2);
    assert!(styles.item(1).unwrap().text_content().unwrap().contains("div.box"));
    let p = doc.query_selector("p.hello").unwrap().unwrap();
    let color = doc
        .default_view()
        .unwrap()
        .get_computed_style(&p)
        .unwrap()
        .unwrap()
        .get_property_value("color")
        .unwrap();
    assert_eq!(color, "rgb(255, 0, 0)");

    // Nothing that could run: no script elements, no handlers, no javascript: URL, no srcdoc.
    assert_eq!(doc.query_selector_all("script").unwrap().length(), 0);
    assert!(!p.has_attribute("onclick"));
    let a = doc.query_selector("a").unwrap().unwrap();
    assert_eq!(a.get_attribute("href").as_deref(), Some("about:blank#blocked"));
    let inner_frame = doc.query_selector("iframe").unwrap().unwrap();
    // Not the recorded `srcdoc`: the page the renderer gives an iframe (a doctype and a policy).
    let srcdoc = inner_frame.get_attribute("srcdoc").unwrap();
    assert!(
        !srcdoc.contains("script") && srcdoc.starts_with("<!DOCTYPE html>"),
        "{srcdoc}"
    );
    assert_eq!(
        inner_frame.get_attribute("sandbox").as_deref(),
        Some("allow-same-origin")
    );

    // A blocked element is an empty box of the recorded size.
    let blocked = doc.query_selector("div.rr-block").unwrap().unwrap();
    let rect = blocked.get_bounding_client_rect();
    assert_eq!((rect.width(), rect.height()), (120.0, 30.0));

    // The same-origin iframe got its own document.
    let inner: HtmlIFrameElement = inner_frame.unchecked_into();
    let inner_doc = inner.content_document().unwrap();
    assert_eq!(inner_doc.body().unwrap().text_content().unwrap(), "Inner document");

    // The DOM is exactly the mirror.
    assert_eq!(renderer.serialize(), mirror.serialize(mirror.root().unwrap()));
}

#[wasm_bindgen_test]
async fn real_recordings_render_exactly_as_the_mirror() {
    for body in [
        &include_bytes!("../public/sessions/buggy-checkout.json")[..],
        &include_bytes!("../public/sessions/rust-book.json")[..],
    ] {
        let loaded = load(body).unwrap();
        let s = &loaded.session;
        let EventData::FullSnapshot(snap) = &s.events[s.pages[0].snapshot].data else {
            panic!()
        };
        let mut warnings = Vec::new();
        let mirror = Mirror::from_snapshot(&snap.node, snap.initial_offset, &mut warnings);
        let mut renderer = Renderer::new(sandboxed_iframe().await);
        renderer.render(&mirror, 0.0);
        settled(&mut renderer, &mirror, 0.0).await;
        assert!(renderer.warnings.is_empty(), "{:?}", renderer.warnings);
        assert_eq!(renderer.serialize(), mirror.serialize(mirror.root().unwrap()));
    }
}

#[wasm_bindgen_test]
async fn scroll_offsets_apply_after_layout() {
    let snapshot = r#"{"type":0,"id":1,"childNodes":[
      {"type":1,"name":"html","publicId":"","systemId":"","id":2},
      {"type":2,"tagName":"html","attributes":{},"id":3,"childNodes":[
        {"type":2,"tagName":"body","attributes":{"style":"margin:0;height:3000px"},"id":4,"childNodes":[
          {"type":2,"tagName":"div","attributes":{"id":"pane","style":"height:100px;overflow:auto","rr_scrollTop":250,"rr_scrollLeft":0},"id":5,"childNodes":[
            {"type":2,"tagName":"div","attributes":{"style":"height:1000px"},"id":6,"childNodes":[]}
          ]},
          {"type":2,"tagName":"input","attributes":{"type":"checkbox","checked":true},"id":7,"childNodes":[]},
          {"type":2,"tagName":"textarea","attributes":{"value":"typed text"},"id":8,"childNodes":[]}
        ]}
      ]}
    ]}"#;
    let node: SerializedNode = serde_json::from_str(snapshot).unwrap();
    let mut warnings = Vec::new();
    let offset = tapedeck_core::event::Offset { top: 400.0, left: 0.0 };
    let mirror = Mirror::from_snapshot(&node, offset, &mut warnings);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    renderer.render(&mirror, 0.0);
    let doc = renderer.document().unwrap();
    assert_eq!(doc.query_selector("#pane").unwrap().unwrap().scroll_top(), 250);
    assert_eq!(doc.scrolling_element().unwrap().scroll_top(), 400);
    let checkbox: web_sys::HtmlInputElement = doc.query_selector("input").unwrap().unwrap().unchecked_into();
    assert!(checkbox.checked());
    let textarea: web_sys::HtmlTextAreaElement = doc.query_selector("textarea").unwrap().unwrap().unchecked_into();
    assert_eq!(textarea.value(), "typed text");
}

#[wasm_bindgen_test]
async fn after_seeks_the_iframe_dom_equals_the_mirror() {
    use tapedeck_core::replay::Replay;
    for body in [
        &include_bytes!("../public/sessions/buggy-checkout.json")[..],
        &include_bytes!("../public/sessions/rust-book.json")[..],
    ] {
        let session = load(body).unwrap().session;
        let mut replay = Replay::new(session);
        let mut renderer = Renderer::new(sandboxed_iframe().await);
        let d = replay.duration();
        // Forward, backward, small steps as in playback, across pages.
        let mut times: Vec<f64> = vec![0.0, d * 0.7, d * 0.2, d * 0.9, d * 0.5, d];
        times.extend((0..40).map(|i| d * 0.3 + i as f64 * 250.0));
        for t in times {
            show_frame(&mut replay, &mut renderer, t).await;
        }
    }
}

/// A page that replaces its `<body>` with a copy of new ids (as frameworks and the huge-session
/// generator do): the renderer reuses the shown elements — the iframe keeps its browsing context —
/// and the DOM still equals the mirror, element state included, both ways.
#[wasm_bindgen_test]
async fn a_replaced_body_reuses_the_shown_elements() {
    use tapedeck_core::replay::Replay;
    let body = |base: i64, text: &str| {
        format!(
            r#"{{"type":2,"tagName":"body","attributes":{{}},"id":{b},"childNodes":[
              {{"type":2,"tagName":"p","attributes":{{"class":"c{b}"}},"id":{p},"childNodes":[{{"type":3,"textContent":"{text}","id":{t}}}]}},
              {{"type":2,"tagName":"input","attributes":{{"type":"text"}},"id":{i},"childNodes":[]}},
              {{"type":2,"tagName":"iframe","attributes":{{}},"id":{f},"childNodes":[
                {{"type":0,"id":{d},"childNodes":[
                  {{"type":2,"tagName":"html","attributes":{{}},"id":{h},"childNodes":[
                    {{"type":2,"tagName":"body","attributes":{{}},"id":{ib},"childNodes":[{{"type":3,"textContent":"inner {text}","id":{it}}}]}}]}}]}}]}}]}}"#,
            b = base,
            p = base + 1,
            t = base + 2,
            i = base + 3,
            f = base + 4,
            d = base + 5,
            h = base + 6,
            ib = base + 7,
            it = base + 8,
        )
    };
    let events = format!(
        r#"[{{"type":4,"data":{{"href":"http://example.test/","width":800,"height":600}},"timestamp":1000}},
        {{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[
          {{"type":2,"tagName":"html","attributes":{{}},"id":2,"childNodes":[
            {{"type":2,"tagName":"head","attributes":{{}},"id":3,"childNodes":[]}},{first}]}}]}},
          "initialOffset":{{"top":0,"left":0}}}},"timestamp":1000}},
        {{"type":3,"data":{{"source":5,"id":13,"text":"typed","isChecked":false}},"timestamp":2000}},
        {{"type":3,"data":{{"source":0,"texts":[],"attributes":[],"removes":[{{"parentId":2,"id":10}}],
          "adds":[{{"parentId":2,"nextId":null,"node":{second}}}]}},"timestamp":3000}},
        {{"type":3,"data":{{"source":2,"type":2,"id":20,"x":1,"y":1}},"timestamp":4000}}]"#,
        first = body(10, "one"),
        second = body(20, "two"),
    );
    let session = load(events.as_bytes()).unwrap().session;
    let mut replay = Replay::new(session);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    async fn show(replay: &mut Replay, renderer: &mut Renderer, t: f64) -> (String, HtmlIFrameElement) {
        show_frame(replay, renderer, t).await;
        let doc = renderer.document().unwrap();
        let input: web_sys::HtmlInputElement = doc.query_selector("input").unwrap().unwrap().unchecked_into();
        let frame: HtmlIFrameElement = doc.query_selector("iframe").unwrap().unwrap().unchecked_into();
        (input.value(), frame)
    }
    let (typed, frame) = show(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(typed, "typed");
    let inner = frame.content_document().unwrap();
    let (value, frame_after) = show(&mut replay, &mut renderer, 2500.0).await;
    assert_eq!(value, "", "the new input shows no typed text");
    assert!(frame_after.is_same_node(Some(&frame)), "the iframe element is reused");
    let inner_after = frame_after.content_document().unwrap();
    assert!(inner_after.is_same_node(Some(&inner)), "the iframe keeps its document");
    assert_eq!(inner_after.body().unwrap().text_content().unwrap(), "inner two");
    assert_eq!(
        renderer
            .document()
            .unwrap()
            .query_selector("p")
            .unwrap()
            .unwrap()
            .class_name(),
        "c20"
    );
    // And back: the old body's content and typed text return.
    let (typed, frame_back) = show(&mut replay, &mut renderer, 1500.0).await;
    assert_eq!(typed, "typed");
    assert!(frame_back.is_same_node(Some(&frame)));
    assert_eq!(
        frame_back
            .content_document()
            .unwrap()
            .body()
            .unwrap()
            .text_content()
            .unwrap(),
        "inner one"
    );
}

/// The warm-up (compiling the first frame's code before the first recording) loads its tiny
/// recording cleanly, shows nothing, adds nothing to the page, and records how long it took.
#[wasm_bindgen_test]
async fn the_warm_up_renders_nothing_visible() {
    let loaded = load(tapedeck::warmup::TINY).unwrap();
    assert_eq!(loaded.problems.total, 0, "{:?}", loaded.problems.details);
    // The gzip is made from tiny.json: the same events.
    let source: serde_json::Value = serde_json::from_str(include_str!("../src/warmup/tiny.json")).unwrap();
    assert_eq!(loaded.session.events.len(), source.as_array().unwrap().len());

    let doc = web_sys::window().unwrap().document().unwrap();
    let before = doc.body().unwrap().inner_html();
    tapedeck::warmup::warm_up().await;
    assert_eq!(doc.body().unwrap().inner_html(), before);
    let perf = web_sys::window().unwrap().performance().unwrap();
    assert_eq!(perf.get_entries_by_name("tapedeck:warm-up").length(), 1);
}

/// Named elements shadow `document`'s and a form's own properties (`document.firstChild` is
/// the `<img name=firstChild>`): the renderer calls the prototypes' methods, so a page full of
/// such names renders, resets and renders again like any other.
#[wasm_bindgen_test]
async fn names_that_shadow_document_and_form_properties_change_nothing() {
    let names = [
        "createElement",
        "createElementNS",
        "createTextNode",
        "body",
        "head",
        "documentElement",
        "firstChild",
        "removeChild",
        "appendChild",
        "insertBefore",
        "open",
        "write",
        "close",
        "implementation",
        "defaultView",
        "nodeType",
        "parentNode",
        "nextSibling",
        "setAttribute",
        "scrollingElement",
        "getSelection",
        "fonts",
    ];
    let mut id = 100;
    let mut named = |tag: &str| -> Vec<String> {
        names
            .iter()
            .map(|n| {
                id += 1;
                format!(r#"{{"type":2,"tagName":"{tag}","attributes":{{"name":"{n}"}},"id":{id},"childNodes":[]}}"#)
            })
            .collect()
    };
    let imgs = named("img");
    let inputs = named("input");
    let snapshot = format!(
        r#"{{"type":0,"id":1,"childNodes":[{{"type":1,"name":"html","publicId":"","systemId":"","id":2}},
        {{"type":2,"tagName":"html","attributes":{{}},"id":3,"childNodes":[
          {{"type":2,"tagName":"head","attributes":{{}},"id":4,"childNodes":[{}]}},
          {{"type":2,"tagName":"body","attributes":{{}},"id":5,"childNodes":[
            {{"type":2,"tagName":"form","attributes":{{"id":"f"}},"id":6,"childNodes":[{},
              {{"type":2,"tagName":"b","attributes":{{}},"id":7,"childNodes":[{{"type":3,"textContent":"in the form","id":8}}]}}]}},
            {{"type":2,"tagName":"p","attributes":{{"id":"harmless"}},"id":9,"childNodes":[{{"type":3,"textContent":"harmless text","id":10}}]}}
          ]}}
        ]}}]}}"#,
        imgs.join(","),
        inputs.join(",")
    );
    let (mirror, mut renderer) = render(&snapshot).await;
    assert_eq!(renderer.serialize(), mirror.serialize(mirror.root().unwrap()));
    // A second rebuild resets the same (clobbered) document.
    renderer.render(&mirror, 0.0);
    assert!(renderer.warnings.is_empty(), "{:?}", renderer.warnings);
    assert_eq!(renderer.serialize(), mirror.serialize(mirror.root().unwrap()));
    let doc = renderer.document().unwrap();
    let harmless = web_sys::Document::get_element_by_id(&doc, "harmless");
    assert_eq!(harmless.unwrap().text_content().as_deref(), Some("harmless text"));
    // The document's address is the page the player made, never the player's.
    let url = doc.url().unwrap();
    assert!(url.starts_with("blob:"), "{url}");
}

/// Pages recorded in quirks mode holding iframes recorded in standards mode, and the other way
/// round: each document is built in a page of its own mode, and none has the player's address
/// (Chromium would send it as the referrer of the page's CSS requests).
#[wasm_bindgen_test]
async fn documents_are_built_in_their_recorded_mode_never_at_the_players_address() {
    // As rrweb records them: a doctype and `CSS1Compat`, or no doctype and `BackCompat`.
    let snapshot = |outer: bool, inner: bool| {
        let doctype = |yes: bool, id: u32| {
            if yes {
                format!(
                    r#""compatMode":"CSS1Compat","childNodes":[{{"type":1,"name":"html","publicId":"","systemId":"","id":{id}}},"#
                )
            } else {
                r#""compatMode":"BackCompat","childNodes":["#.to_owned()
            }
        };
        format!(
            r#"{{"type":0,"id":1,{outer_dt}
            {{"type":2,"tagName":"html","attributes":{{}},"id":3,"childNodes":[
              {{"type":2,"tagName":"body","attributes":{{}},"id":4,"childNodes":[
                {{"type":3,"textContent":"outer text","id":5}},
                {{"type":2,"tagName":"iframe","attributes":{{}},"id":6,"childNodes":[
                  {{"type":0,"id":7,{inner_dt}
                    {{"type":2,"tagName":"html","attributes":{{}},"id":9,"childNodes":[
                      {{"type":2,"tagName":"body","attributes":{{}},"id":10,"childNodes":[{{"type":3,"textContent":"inner text","id":11}}]}}]}}]}}]}}]}}]}}]}}"#,
            outer_dt = doctype(outer, 2),
            inner_dt = doctype(inner, 8),
        )
    };
    let player = web_sys::window().unwrap().location().href().unwrap();
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    // One renderer through every combination: each rebuild may need a page in the other mode.
    for (outer, inner) in [
        (false, true),
        (true, false),
        (false, false),
        (true, true),
        (false, true),
    ] {
        let node: SerializedNode = serde_json::from_str(&snapshot(outer, inner)).unwrap();
        let mut warnings = Vec::new();
        let mirror = Mirror::from_snapshot(&node, Default::default(), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        renderer.render(&mirror, 0.0);
        settled(&mut renderer, &mirror, 0.0).await;
        assert!(renderer.warnings.is_empty(), "{:?}", renderer.warnings);
        let doc = renderer.document().unwrap();
        let mode = |standards: bool| if standards { "CSS1Compat" } else { "BackCompat" };
        assert_eq!(doc.compat_mode(), mode(outer), "outer {outer} inner {inner}");
        let frame: HtmlIFrameElement = doc.query_selector("iframe").unwrap().unwrap().unchecked_into();
        let inner_doc = frame.content_document().unwrap();
        assert_eq!(inner_doc.compat_mode(), mode(inner), "outer {outer} inner {inner}");
        assert_eq!(inner_doc.body().unwrap().text_content().unwrap(), "inner text");
        assert_eq!(doc.body().unwrap().text_content().unwrap(), "outer text");
        for url in [doc.url().unwrap(), inner_doc.url().unwrap()] {
            assert!(
                url.starts_with("blob:") || url == "about:srcdoc" || url == "about:blank",
                "{url}"
            );
            assert_ne!(url, player);
        }
        assert_eq!(renderer.serialize(), mirror.serialize(mirror.root().unwrap()));
    }
}

/// The colour at (x, y) of what the `<img>` inside the replayed canvas shows, once it shows a
/// bitmap the renderer drew (the encoding is asynchronous).
async fn canvas_pixel(renderer: &Renderer, src_before: Option<String>) -> (String, [u8; 4]) {
    let doc = renderer.document().unwrap();
    for _ in 0..300 {
        let img = doc.query_selector("canvas > img").unwrap();
        if let Some(img) = img.map(|i| i.unchecked_into::<web_sys::HtmlImageElement>()) {
            let src = img.get_attribute("src").unwrap_or_default();
            if (src.starts_with("blob:") || src.starts_with("data:image/png"))
                && Some(&src) != src_before.as_ref()
                && img.complete()
                && img.natural_width() > 0
            {
                let page = web_sys::window().unwrap().document().unwrap();
                let probe: web_sys::HtmlCanvasElement = page.create_element("canvas").unwrap().unchecked_into();
                probe.set_width(img.natural_width());
                probe.set_height(img.natural_height());
                let ctx: web_sys::CanvasRenderingContext2d = probe.get_context("2d").unwrap().unwrap().unchecked_into();
                ctx.draw_image_with_html_image_element(&img, 0.0, 0.0).unwrap();
                let data = ctx.get_image_data(5.0, 5.0, 1.0, 1.0).unwrap().data();
                return (src, [data[0], data[1], data[2], data[3]]);
            }
        }
        sleep(10).await;
    }
    panic!("the canvas never showed a drawn bitmap");
}

/// A replayed canvas shows what was drawn at the frame's time, repainted as playback goes on
/// and back when the playhead goes back.
#[wasm_bindgen_test]
async fn canvases_show_what_was_drawn_at_the_frame() {
    use tapedeck_core::replay::Replay;
    let fill = |t: u64, colour: &str| {
        format!(
            r#"{{"type":3,"data":{{"source":9,"id":5,"type":0,"commands":[
              {{"property":"fillStyle","args":["{colour}"],"setter":true}},{{"property":"fillRect","args":[0,0,20,20]}}]}},"timestamp":{t}}}"#
        )
    };
    let events = format!(
        r#"[{{"type":4,"data":{{"href":"http://example.test/","width":800,"height":600}},"timestamp":1000}},
        {{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[
          {{"type":2,"tagName":"html","attributes":{{}},"id":2,"childNodes":[
            {{"type":2,"tagName":"body","attributes":{{}},"id":3,"childNodes":[
              {{"type":2,"tagName":"canvas","attributes":{{"width":"20","height":"20"}},"id":5,"childNodes":[]}}]}}]}}]}},
          "initialOffset":{{"top":0,"left":0}}}},"timestamp":1000}},
        {},{},{{"type":3,"data":{{"source":2,"type":2,"id":3,"x":1,"y":1}},"timestamp":5000}}]"#,
        fill(2000, "#ff0000"),
        fill(3000, "#0000ff"),
    );
    let session = load(events.as_bytes()).unwrap().session;
    let mut replay = Replay::new(session);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    // Times are ms into the session (it starts at 1000): red at 1000 ms, blue at 2000 ms.
    show_frame(&mut replay, &mut renderer, 500.0).await;
    let doc = renderer.document().unwrap();
    // Nothing drawn yet: a blank keeps the canvas's box.
    let img = doc.query_selector("canvas > img").unwrap().unwrap();
    assert!(img.get_attribute("src").unwrap().starts_with("data:image/svg+xml"));
    let canvas = doc.query_selector("canvas").unwrap().unwrap();
    wait_for_box(&canvas, 20.0, 20.0).await;
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    let (red_src, red) = canvas_pixel(&renderer, None).await;
    assert_eq!(red, [255, 0, 0, 255]);
    show_frame(&mut replay, &mut renderer, 2500.0).await;
    let (blue_src, blue) = canvas_pixel(&renderer, Some(red_src.clone())).await;
    assert_eq!(blue, [0, 0, 255, 255]);
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    let (_, back) = canvas_pixel(&renderer, Some(blue_src)).await;
    assert_eq!(back, [255, 0, 0, 255]);
}

/// Many big canvases: the drawing surfaces of one replay are bounded in all (8 Mpx); the first
/// canvases are drawn, the others left blank, and that is reported once.
#[wasm_bindgen_test]
async fn canvas_surfaces_are_bounded_in_all() {
    use tapedeck_core::replay::Replay;
    let ids: Vec<u32> = (10..16).collect();
    let canvases: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"type":2,"tagName":"canvas","attributes":{{"width":"1448","height":"1448"}},"id":{id},"childNodes":[]}}"#))
        .collect();
    let fills: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r#"{{"type":3,"data":{{"source":9,"id":{id},"type":0,"commands":[{{"property":"fillRect","args":[0,0,20,20]}}]}},"timestamp":2000}}"#
            )
        })
        .collect();
    let events = format!(
        r#"[{{"type":4,"data":{{"href":"http://example.test/","width":800,"height":600}},"timestamp":1000}},
        {{"type":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[
          {{"type":2,"tagName":"html","attributes":{{}},"id":2,"childNodes":[
            {{"type":2,"tagName":"body","attributes":{{}},"id":3,"childNodes":[{}]}}]}}]}},
          "initialOffset":{{"top":0,"left":0}}}},"timestamp":1000}},
        {},{{"type":3,"data":{{"source":2,"type":2,"id":3,"x":1,"y":1}},"timestamp":3000}}]"#,
        canvases.join(","),
        fills.join(","),
    );
    let session = load(events.as_bytes()).unwrap().session;
    let mut replay = Replay::new(session);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    let patches = replay.frame(1500.0);
    let shown = replay.shown().unwrap();
    renderer.apply(shown, &patches, 2500.0);
    assert_eq!(
        renderer.warnings,
        vec!["canvases beyond 8 Mpx in all are not drawn".to_owned()]
    );
    let doc = renderer.document().unwrap();
    assert_eq!(doc.query_selector_all("canvas").unwrap().length(), 6);
    assert_eq!(doc.query_selector_all("canvas > img").unwrap().length(), 6);
    assert_eq!(
        doc.query_selector_all("canvas > img[src^='data:image/svg+xml']")
            .unwrap()
            .length(),
        2,
        "the canvases left blank keep their box"
    );
}

/// A WebGL canvas with no snapshot image: its drawing is not replayed, but it keeps the box
/// the page laid out (its size attributes, or the 300×150 default), blank.
#[wasm_bindgen_test]
async fn a_webgl_canvas_without_a_snapshot_keeps_its_box() {
    use tapedeck_core::replay::Replay;
    let events = r#"[{"type":4,"data":{"href":"http://example.test/","width":800,"height":600},"timestamp":1000},
        {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[
          {"type":2,"tagName":"html","attributes":{},"id":2,"childNodes":[
            {"type":2,"tagName":"body","attributes":{"style":"margin:0"},"id":3,"childNodes":[
              {"type":2,"tagName":"canvas","attributes":{"width":"240","height":"120"},"id":5,"childNodes":[]},
              {"type":2,"tagName":"canvas","attributes":{},"id":6,"childNodes":[]}]}]}]},
          "initialOffset":{"top":0,"left":0}},"timestamp":1000},
        {"type":3,"data":{"source":9,"id":5,"type":1,"commands":[{"property":"clearColor","args":[1,0,0,1]},{"property":"clear","args":[16384]}]},"timestamp":2000},
        {"type":3,"data":{"source":2,"type":2,"id":3,"x":1,"y":1},"timestamp":3000}]"#;
    let loaded = load(events.as_bytes()).unwrap();
    let mut replay = Replay::new(loaded.session);
    let mut renderer = Renderer::new(sandboxed_iframe().await);
    show_frame(&mut replay, &mut renderer, 1500.0).await;
    let doc = renderer.document().unwrap();
    let canvases = doc.query_selector_all("canvas").unwrap();
    let webgl: Element = canvases.item(0).unwrap().unchecked_into();
    let plain: Element = canvases.item(1).unwrap().unchecked_into();
    wait_for_box(&webgl, 240.0, 120.0).await;
    wait_for_box(&plain, 300.0, 150.0).await;
}
