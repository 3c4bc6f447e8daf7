// The adversarial suite: recordings that try to hang the player, make it throw, eat memory,
// load what "block remote assets" forbids, or leak the player's address. Each has harmless text
// (`#before`, `#after`, `#late`) that must show, and every URL it holds points at
// `<origin>/beacon/<name>/<payload>`, so the test sees every request a payload managed to make.
//
// `expect` says which requests are the recorded page's own (images, fonts, style sheets) and
// may load when remote assets are not blocked; with blocking on, none may.

const T0 = 1_795_762_000_000;

function builder() {
  let id = 0;
  const el = (tag, attributes = {}, children = [], extra = {}) => ({ type: 2, id: ++id, tagName: tag, attributes, childNodes: children, ...extra });
  const svg = (tag, attributes = {}, children = []) => el(tag, attributes, children, { isSVG: true });
  const text = (t) => ({ type: 3, id: ++id, textContent: t });
  const nextId = () => ++id;
  return { el, svg, text, nextId };
}

const mutation = (m) => ({ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...m } });
const incremental = (source, data) => ({ type: 3, data: { source, ...data } });

/** A recording: head and body children, then `later` events 300 ms apart, then a late
 *  paragraph and a pointer move. */
function recording(name, make) {
  const b = builder();
  const made = make(b, `BEACON/${name}`);
  // `quirks`: recorded in quirks mode (no doctype, `compatMode` BackCompat, as rrweb records it).
  const { head = [], body = [], later = () => [], doctype = true, quirks = false } = made;
  const html = b.el("html", {}, [
    b.el("head", {}, [b.el("title", {}, [b.text(`adversary ${name}`)]), ...head]),
    b.el("body", {}, [
      b.el("p", { id: "before" }, [b.text(`harmless ${name} before`)]),
      b.el("div", { id: "payloads" }, body),
      b.el("p", { id: "after" }, [b.text(`harmless ${name} after`)]),
    ]),
  ]);
  const children = doctype && !quirks ? [{ type: 1, id: b.nextId(), name: "html", publicId: "", systemId: "" }, html] : [html];
  const doc = { type: 0, id: b.nextId(), childNodes: children, ...(quirks ? { compatMode: "BackCompat" } : {}) };
  const headId = html.childNodes[0].id;
  const bodyId = html.childNodes[1].id;
  const payloadsId = html.childNodes[1].childNodes[1].id;
  const events = [
    { type: 4, data: { href: `https://victim.example/${name}?secret=1`, width: 1000, height: 700 }, timestamp: T0 },
    { type: 2, data: { node: doc, initialOffset: { top: 0, left: 0 } }, timestamp: T0 + 10 },
  ];
  let t = T0 + 500;
  for (const { storm, ...data } of later(b, { bodyId, headId, payloadsId, docId: doc.id })) {
    events.push({ ...data, timestamp: (t += storm ? 0.2 : 300) });
  }
  events.push({
    ...mutation({ adds: [{ parentId: bodyId, nextId: null, node: b.el("p", { id: "late" }, [b.text(`harmless ${name} added later`)]) }] }),
    timestamp: (t += 300),
  });
  events.push({ type: 3, timestamp: t + 500, data: { source: 1, positions: [{ x: 10, y: 10, id: bodyId, timeOffset: 0 }] } });
  return { events, allowed: made.allowed || [], raw: made.raw || ((json) => json), frameText: made.frameText || null, mustLoad: made.mustLoad || [] };
}

const deep = (open, close, n, inner) => open.repeat(n) + inner + close.repeat(n);

/** Every adversarial recording, by name: { events, allowed } with `BEACON` placeholders. */
function all() {
  const r = {};

  // ---- Hangs, memory bombs and throws -------------------------------------------------------
  r["canvas-huge"] = recording("canvas-huge", ({ el }) => {
    const canvas = el("canvas", { width: "40000", height: "40000" });
    return {
      body: [canvas],
      later: () =>
        Array.from({ length: 6 }, (_, i) =>
          incremental(9, { id: canvas.id, type: 0, commands: [{ property: "fillStyle", args: ["red"], setter: true }, { property: "fillRect", args: [0, 0, 40000, 40000 - i] }] }),
        ),
    };
  });
  r["canvas-grown"] = recording("canvas-grown", ({ el }) => {
    const canvas = el("canvas", { width: "300", height: "150" });
    return {
      body: [canvas],
      later: () => [
        mutation({ attributes: [{ id: canvas.id, attributes: { width: "99999999", height: "1e12" } }] }),
        ...Array.from({ length: 5 }, () => incremental(9, { id: canvas.id, type: 0, property: "fillRect", args: [0, 0, 1e9, 1e9] })),
      ],
    };
  });
  r["canvas-many"] = recording("canvas-many", ({ el }) => {
    // 40 canvases at the per-canvas cap: 80 Mpx of surfaces asked for (320 MB of bitmaps).
    const canvases = Array.from({ length: 40 }, () => el("canvas", { width: "1448", height: "1448", style: "width:20px;height:20px" }));
    return {
      body: canvases,
      later: () => canvases.map((c) => incremental(9, { id: c.id, type: 0, commands: [{ property: "fillRect", args: [0, 0, 1448, 1448] }] })),
    };
  });
  r["canvas-filter-url"] = recording("canvas-filter-url", ({ el }, beacon) => {
    const canvas = el("canvas", { width: "100", height: "100" });
    return {
      body: [canvas],
      later: () => [incremental(9, { id: canvas.id, type: 0, commands: [{ property: "filter", args: [`url(${beacon}/canvas-filter#f)`], setter: true }, { property: "fillRect", args: [0, 0, 50, 50] }] })],
    };
  });
  r["css-deep-media"] = recording("css-deep-media", ({ el, text }) => ({
    head: [el("style", {}, [text(deep("@media screen{", "}", 5000, "a:hover{color:red}"))])],
  }));
  r["css-deep-blocks"] = recording("css-deep-blocks", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(deep("a{b:(", ")}", 20000, `url(${beacon}/deep-url)`))])],
    body: [el("div", { style: deep("background:calc(", ")", 50000, "1px") }, [text("parens")])],
  }));
  r["css-deep-rule-path"] = recording("css-deep-rule-path", ({ el, text }) => {
    const style = el("style", {}, [text("@media screen{a{color:red}}")]);
    return {
      head: [style],
      later: () => [
        incremental(8, { id: style.id, adds: [{ rule: "b{color:blue}", index: Array(20000).fill(0) }] }),
        incremental(8, { id: style.id, removes: [{ index: Array(20000).fill(0) }] }),
        incremental(13, { id: style.id, index: Array(20000).fill(0), set: { property: "color", value: "red" } }),
      ],
    };
  });
  r["adopted-same-id"] = recording("adopted-same-id", () => ({
    later: (_, { docId }) => [
      incremental(15, { id: docId, styleIds: Array(60000).fill(7), styles: [{ styleId: 7, rules: [{ rule: "p{color:green}" }] }] }),
    ],
  }));
  r["adopted-many"] = recording("adopted-many", () => ({
    later: (_, { docId }) => [
      incremental(15, {
        id: docId,
        styleIds: Array.from({ length: 3000 }, (_, i) => 100 + i),
        styles: Array.from({ length: 3000 }, (_, i) => ({ styleId: 100 + i, rules: [{ rule: `.c${i}{color:red}` }] })),
      }),
    ],
  }));
  r["adds-reversed"] = recording("adds-reversed", ({ el }) => ({
    later: ({ el: e }, { payloadsId }) => {
      const nodes = Array.from({ length: 6000 }, () => e("span", {}));
      // Each add's parent is the node of the add after it.
      return [mutation({ adds: nodes.map((n, i) => ({ parentId: i === nodes.length - 1 ? payloadsId : nodes[i + 1].id, nextId: null, node: n })) })];
    },
  }));
  r["siblings-reversed"] = recording("siblings-reversed", () => ({
    later: ({ text }, { payloadsId }) => {
      const nodes = Array.from({ length: 6000 }, (_, i) => text(`${i} `));
      // Each add waits for its next sibling, which comes later in the list.
      return [mutation({ adds: nodes.map((n, i) => ({ parentId: payloadsId, nextId: i === nodes.length - 1 ? null : nodes[i + 1].id, node: n })) })];
    },
  }));
  r["console-breadth"] = recording("console-breadth", () => {
    const wide = {};
    for (let i = 0; i < 100000; i++) wide[`k${i}`] = i;
    const tree = (d) => (d === 0 ? 1 : Array.from({ length: 6 }, () => tree(d - 1)));
    return {
      later: () => [
        { type: 6, data: { plugin: "rrweb/console@1", payload: { level: "log", trace: [], payload: [JSON.stringify(wide), JSON.stringify(Array(100000).fill("x"))] } } },
        { type: 6, data: { plugin: "rrweb/console@1", payload: { level: "warn", trace: Array(5000).fill("at x (y.js:1:1)"), payload: [JSON.stringify(tree(6)), JSON.stringify("s".repeat(2_000_000))] } } },
      ],
    };
  });
  r["dom-deep"] = recording("dom-deep", ({ el, text }) => {
    // Written as text (JSON.stringify itself recurses): 20,000 nested divs.
    const n = 20000;
    const open = Array.from({ length: n }, (_, i) => `{"type":2,"id":${900000 + i},"tagName":"div","attributes":{},"childNodes":[`).join("");
    const deepest = `{"type":3,"id":${900000 + n},"textContent":"deepest"}`;
    return { body: [el("section", {}, [text("DEEP")])], raw: (json) => json.replace(/\{"type":3,"id":\d+,"textContent":"DEEP"\}/, open + deepest + "]}".repeat(n)) };
  });
  r["dom-wide"] = recording("dom-wide", ({ el, text }) => ({
    body: [el("div", {}, Array.from({ length: 10000 }, (_, i) => el("i", {}, [text(String(i))])))],
  }));
  r["attrs-many"] = recording("attrs-many", ({ el, text }) => {
    const attrs = {};
    for (let i = 0; i < 10000; i++) attrs[`data-a${i}`] = "x".repeat(20);
    return { body: [el("div", attrs, [text("many attributes")])] };
  });
  r["text-huge"] = recording("text-huge", ({ el, text }) => ({
    body: [el("pre", {}, [text("lorem ipsum ".repeat(400000))])],
  }));
  r["clobber-document"] = recording("clobber-document", ({ el }) => {
    const names = ["createElement", "createElementNS", "createTextNode", "createComment", "body", "head", "documentElement", "getElementById", "firstChild", "lastChild", "childNodes", "removeChild", "appendChild", "insertBefore", "open", "write", "close", "implementation", "defaultView", "scrollingElement", "fonts", "getSelection", "querySelectorAll", "nodeType", "addEventListener", "adoptedStyleSheets", "createRange", "doctype"];
    // Named before the harmless text, so a clobbered renderer would never reach it.
    return {
      head: names.map((n) => el("img", { name: n })),
      body: [...names.map((n) => el("form", { name: n })), ...names.map((n) => el("embed", { name: n }))],
    };
  });
  r["clobber-form"] = recording("clobber-form", ({ el, text }) => {
    const names = ["appendChild", "insertBefore", "removeChild", "firstChild", "nextSibling", "parentNode", "nodeType", "setAttribute", "removeAttribute", "getAttribute", "hasAttribute", "localName", "namespaceURI", "shadowRoot", "attachShadow", "isConnected", "ownerDocument", "textContent", "nodeValue", "firstElementChild", "getBoundingClientRect", "scrollTo", "scrollTop", "querySelectorAll", "remove", "isSameNode"];
    const form = el("form", { id: "f" }, names.map((n) => el("input", { name: n, value: n })));
    return {
      body: [form, el("form", {}, [el("input", { name: "nodeType" }), text("form text")], { isShadowHost: true })],
      later: ({ el: e, text: t }) => [
        mutation({ adds: [{ parentId: form.id, nextId: null, node: e("b", {}, [t("added into the form")]) }], attributes: [{ id: form.id, attributes: { class: "x", "data-y": "1" } }] }),
        mutation({ removes: [{ parentId: form.id, id: form.childNodes[0].id }] }),
        incremental(3, { id: form.id, x: 0, y: 40 }),
      ],
    };
  });
  r["media-values"] = recording("media-values", ({ el }) => {
    const video = el("video", { rr_mediaPlaybackRate: -5, rr_mediaVolume: 7, rr_mediaCurrentTime: -1, rr_mediaState: "played" });
    const audio = el("audio", { rr_mediaPlaybackRate: 1000, rr_mediaVolume: -2, rr_mediaCurrentTime: 1e308 });
    return {
      body: [video, audio],
      later: () => [
        incremental(7, { type: 0, id: video.id, playbackRate: 100, currentTime: 1e308, volume: -3 }),
        incremental(7, { type: 4, id: audio.id, playbackRate: -1, volume: 1e9, currentTime: -5 }),
        incremental(7, { type: 0, id: audio.id, playbackRate: 0.0001 }),
      ],
    };
  });
  r["input-file"] = recording("input-file", ({ el }) => {
    const file = el("input", { type: "file", value: "C:\\fakepath\\secret.pdf" });
    const multi = el("input", { type: "FILE", multiple: "", value: "x" });
    return {
      body: [file, multi, el("input", { type: "range", value: "1e400" }), el("input", { type: "number", value: "NaN" }), el("select", { value: "no-such-option" }), el("input", { type: "date", value: "yesterday" })],
      later: () => [incremental(5, { id: file.id, text: "C:\\fakepath\\other.pdf", isChecked: false }), incremental(5, { id: multi.id, text: "y", isChecked: true })],
    };
  });
  r["shadow-on-void"] = recording("shadow-on-void", ({ el, text }) => ({
    body: [el("img", {}, [el("span", {}, [text("in an img's shadow")], { isShadowHost: false })], { isShadowHost: true }), el("input", {}, [text("x")], { isShadowHost: true })],
  }));
  r["selection-odd"] = recording("selection-odd", () => ({
    later: (_, { bodyId }) => [incremental(14, { ranges: [{ start: bodyId, startOffset: 4294967295, end: 99999, endOffset: 5 }, { start: 1, startOffset: 0, end: bodyId, endOffset: 100000 }] })],
  }));
  r["scroll-odd"] = recording("scroll-odd", () => ({
    later: (_, { bodyId }) => [incremental(3, { id: bodyId, x: 1e308, y: -1e308 }), incremental(3, { id: 1, x: 1e300, y: 1e300 }), { type: 3, data: { source: 4, width: 1e9, height: -5 } }],
  }));
  r["bad-names"] = recording("bad-names", ({ el, text }) => ({
    doctype: false,
    body: [el("x:y:z", { "a:b:c": "1", "xlink:": "2", ":x": "3", "xml:lang": "en" }, [text("odd names")]), el("svg", { "xmlns:xlink": "x" }, [], { isSVG: true })],
  }));

  // ---- Block remote assets: nothing may load; without blocking only images, fonts, sheets ----
  r["css-escapes"] = recording("css-escapes", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(`@\\69 mport "${beacon}/escaped-import.css"; #before{background:\\75 rl(${beacon}/escaped-url.png)} #after{background:u\\rl(${beacon}/escaped2.png)}`)])],
    allowed: ["escaped-url.png", "escaped-import.css", "escaped2.png"],
  }));
  r["css-comments-strings"] = recording("css-comments-strings", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(`/* url(x) */#before{background:/**/url( "${beacon}/commented.png" )} #after{background-image:url('${beacon}/quoted.png')}`)])],
    allowed: ["commented.png", "quoted.png"],
  }));
  r["css-image-set"] = recording("css-image-set", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(`#before{background-image:image-set("${beacon}/set1.png" 1x, url(${beacon}/set2.png) 2x)} #after{background-image:-webkit-image-set('${beacon}/set3.png' 1x)}`)])],
    allowed: ["set1.png", "set2.png", "set3.png"],
  }));
  r["css-import-string"] = recording("css-import-string", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(`@import "${beacon}/import-string.css"; @IMPORT url(${beacon}/import-upper.css) screen;`)])],
    allowed: ["import-string.css", "import-upper.css"],
  }));
  r["css-font-face"] = recording("css-font-face", ({ el, text }, beacon) => ({
    head: [el("style", {}, [text(`@font-face{font-family:Evil;src:url(${beacon}/font.woff2) format("woff2"),local(x)} #before{font-family:Evil}`)])],
    allowed: ["font.woff2"],
  }));
  r["style-text-mutation"] = recording("style-text-mutation", ({ el, text }, beacon) => {
    const css = text("p{color:red}");
    const style = el("style", {}, [css]);
    return {
      head: [style],
      later: ({ text: t }) => [
        mutation({ texts: [{ id: css.id, value: `#before{background:url(${beacon}/text-mutation.png)} @import "${beacon}/text-import.css";` }] }),
        mutation({ adds: [{ parentId: style.id, nextId: null, node: t(`#after{background:url(${beacon}/text-added.png)}`) }] }),
        mutation({ texts: [{ id: style.id, value: `#late{background:url(${beacon}/text-content.png)}` }] }),
      ],
      allowed: ["text-mutation.png", "text-import.css", "text-added.png", "text-content.png"],
    };
  });
  r["css-rule-events"] = recording("css-rule-events", ({ el, text }, beacon) => {
    const style = el("style", {}, [text("#before{color:black}")]);
    return {
      head: [style],
      later: (_, { docId }) => [
        incremental(8, { id: style.id, adds: [{ rule: `#before{background:url(${beacon}/rule-insert.png)}`, index: 0 }] }),
        incremental(13, { id: style.id, index: [0], set: { property: "background-image", value: `\\75 rl(${beacon}/declaration.png)` } }),
        incremental(15, { id: docId, styleIds: [9], styles: [{ styleId: 9, rules: [{ rule: `#after{background:url(${beacon}/adopted.png)}` }, { rule: `@import url(${beacon}/adopted-import.css);` }] }] }),
        incremental(10, { family: "Evil", fontSource: `${beacon}/font-event.woff2`, buffer: false }),
        incremental(10, { family: `x"}*{background:url(${beacon}/family-inject.png)}`, fontSource: `${beacon}/font-event2.woff2\\`, buffer: false }),
      ],
      allowed: ["rule-insert.png", "declaration.png", "adopted.png", "adopted-import.css", "font-event.woff2", "font-event2.woff2"],
    };
  });
  r["style-attribute"] = recording("style-attribute", ({ el, text }, beacon) => {
    const div = el("div", { style: `background:\\000075rl(${beacon}/attr-escaped.png)` }, [text("styled")]);
    return {
      body: [div],
      later: () => [
        mutation({ attributes: [{ id: div.id, attributes: { style: { "background-image": `url(${beacon}/style-mutation.png)` } } }] }),
        mutation({ attributes: [{ id: div.id, attributes: { STYLE: `background:url(${beacon}/style-upper.png)` } }] }),
      ],
      allowed: ["attr-escaped.png", "style-mutation.png", "style-upper.png"],
    };
  });
  r["srcset"] = recording("srcset", ({ el }, beacon) => ({
    body: [
      el("img", { src: "data:image/gif;base64,R0lGODlhAQABAAAAACw=", srcset: `data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, ${beacon}/srcset-2x.png 2x, ${beacon}/srcset-3x.png 3x` }),
      el("picture", {}, [el("source", { srcset: `${beacon}/source.png 1x`, media: "all" }), el("img", { src: `${beacon}/picture.png` })]),
      el("link", { rel: "preload", as: "image", imagesrcset: `${beacon}/imagesrcset.png 1x`, href: `${beacon}/preload.png` }),
    ],
    allowed: ["srcset-2x.png", "srcset-3x.png", "source.png", "picture.png"],
  }));
  r["svg-presentation"] = recording("svg-presentation", ({ svg }, beacon) => ({
    body: [
      svg("svg", { width: "100", height: "100" }, [
        svg("rect", { width: "10", height: "10", fill: `url(${beacon}/fill.svg#g)`, stroke: `url(${beacon}/stroke.svg#g)` }),
        svg("rect", { width: "10", height: "10", mask: `url(${beacon}/mask.svg#m)`, filter: `url(${beacon}/filter.svg#f)`, "clip-path": `url(${beacon}/clip.svg#c)` }),
        svg("path", { d: "M0 0L9 9", "marker-start": `url(${beacon}/marker.svg#m)`, cursor: `url(${beacon}/cursor.png), auto`, fill: "url(#local)" }),
      ]),
    ],
    // A cursor is an image; SVG references to other documents are not the page's images,
    // fonts or sheets.
    allowed: ["cursor.png"],
  }));
  r["prefixed-tags"] = recording("prefixed-tags", ({ svg, text }, beacon) => ({
    body: [
      svg("svg", {}, [
        svg("x:image", { href: `${beacon}/prefixed-image.png`, "xlink:href": `${beacon}/prefixed-image2.png`, width: "5", height: "5" }),
        svg("x:use", { href: `${beacon}/prefixed-use.svg#a` }),
        svg("use", { "XLINK:HREF": `${beacon}/use-upper.svg#a` }),
        svg("x:style", {}, [text(`rect{fill:url(${beacon}/prefixed-style.svg#g)} @import "${beacon}/prefixed-import.css";`)]),
        svg("x:set", { attributeName: "href", to: `${beacon}/prefixed-set.png` }),
        svg("feImage", { href: `${beacon}/feimage.png` }),
      ]),
    ],
    allowed: ["prefixed-image.png", "prefixed-image2.png", "feimage.png", "prefixed-import.css"],
  }));
  r["link-case"] = recording("link-case", ({ el }, beacon) => ({
    head: [
      el("link", { REL: "StyleSheet", HREF: `${beacon}/upper-sheet.css` }),
      el("link", { rel: "PreLoad", as: "Fetch", href: `${beacon}/preload-fetch` }),
      el("link", { rel: "prefetch", href: `${beacon}/prefetch` }),
      el("link", { rel: "dns-prefetch preconnect", href: `${beacon}/preconnect` }),
      el("link", { rel: "modulepreload", href: `${beacon}/modulepreload.js` }),
      el("link", { rel: "manifest", href: `${beacon}/manifest.json` }),
      el("link", { rel: "ICON", href: `${beacon}/icon.png` }),
    ],
    allowed: ["upper-sheet.css", "icon.png"],
  }));
  r["fetching-attributes"] = recording("fetching-attributes", ({ el, text }, beacon) => ({
    body: [
      el("a", { href: `${beacon}/link`, ping: `${beacon}/ping`, attributionsrc: `${beacon}/attributionsrc` }, [text("a link")]),
      el("img", { src: "data:image/gif;base64,R0lGODlhAQABAAAAACw=", attributionsrc: `${beacon}/img-attributionsrc` }),
      el("video", { poster: `${beacon}/poster.png` }, [el("track", { src: `${beacon}/track.vtt`, default: "" })]),
      el("object", { data: `${beacon}/object.pdf` }),
      el("embed", { src: `${beacon}/embed.swf` }),
      el("input", { type: "image", src: `${beacon}/input-image.png` }),
      el("table", { background: `${beacon}/table-bg.png` }, []),
      el("iframe", { src: `${beacon}/iframe.html` }),
    ],
    allowed: ["poster.png", "input-image.png", "table-bg.png"],
  }));
  r["referrer"] = recording("referrer", ({ el }, beacon) => ({
    head: [el("meta", { name: "referrer", content: "unsafe-url" }), el("meta", { name: "REFERRER", content: "origin" })],
    body: [
      el("img", { src: `${beacon}/referrer-img.png`, referrerpolicy: "unsafe-url" }),
      el("img", { src: `${beacon}/referrer-img2.png`, REFERRERPOLICY: "unsafe-url" }),
      el("link", { rel: "stylesheet", href: `${beacon}/referrer.css`, referrerpolicy: "unsafe-url" }),
    ],
    allowed: ["referrer-img.png", "referrer-img2.png", "referrer.css"],
  }));
  r["attribute-mutations"] = recording("attribute-mutations", ({ el, text }, beacon) => {
    const img = el("img", { src: "data:image/gif;base64,R0lGODlhAQABAAAAACw=" });
    const link = el("link", { rel: "icon" });
    return {
      head: [link],
      body: [img, el("span", {}, [text("x")])],
      later: () => [
        mutation({ attributes: [{ id: img.id, attributes: { srcset: `a.png 1x, ${beacon}/mutated-srcset.png 2x` } }] }),
        mutation({ attributes: [{ id: link.id, attributes: { rel: "PREFETCH", href: `${beacon}/mutated-prefetch` } }] }),
        mutation({ attributes: [{ id: img.id, attributes: { SRC: `${beacon}/mutated-upper.png` } }] }),
      ],
      allowed: ["mutated-srcset.png", "mutated-upper.png"],
    };
  });
  // Recorded same-origin iframes (standards and quirks mode) and a page in quirks mode: their
  // CSS must not send the player's address as the referrer.
  const frameDoc = (b, beacon, quirks) => ({
    type: 0,
    id: b.nextId(),
    ...(quirks ? { compatMode: "BackCompat" } : {}),
    childNodes: [
      ...(quirks ? [] : [{ type: 1, id: b.nextId(), name: "html", publicId: "", systemId: "" }]),
      b.el("html", {}, [
        b.el("head", {}, [b.el("style", {}, [b.text(`p{background:\\75 rl(${beacon}/iframe-css.png)} body{background-image:url(${beacon}/iframe-body.png)}`)]), b.el("img", { name: "createElement" }), b.el("img", { name: "body" })]),
        b.el("body", {}, [b.el("form", { name: "firstChild" }, [b.el("input", { name: "appendChild" })]), b.el("p", { id: "inner" }, [b.text("harmless inside the frame")]), b.el("img", { src: `${beacon}/iframe-img.png`, referrerpolicy: "unsafe-url" })]),
      ]),
    ],
  });
  for (const [name, quirks] of [["nested-iframe", false], ["nested-iframe-quirks", true]]) {
    r[name] = recording(name, (b, beacon) => ({
      body: [b.el("iframe", { id: "frame", src: `${beacon}/iframe-src.html`, width: "300", height: "100" }, [frameDoc(b, beacon, quirks)])],
      allowed: ["iframe-css.png", "iframe-body.png", "iframe-img.png"],
      mustLoad: ["iframe-css.png", "iframe-body.png"],
      frameText: "harmless inside the frame",
    }));
  }
  r["quirks-css"] = recording("quirks-css", ({ el, text }, beacon) => ({
    quirks: true,
    head: [el("style", {}, [text(`@import url(${beacon}/quirks-import.css); #before{background:url(${beacon}/quirks.png)}`)])],
    body: [el("div", { style: `background-image:url('${beacon}/quirks-inline.png');width:5px;height:5px` })],
    allowed: ["quirks.png", "quirks-inline.png", "quirks-import.css"],
    mustLoad: ["quirks.png", "quirks-inline.png", "quirks-import.css"],
  }));
  r["svg-animate"] = recording("svg-animate", ({ svg, text }, beacon) => ({
    body: [
      svg("svg", {}, [
        svg("image", { href: "data:image/gif;base64,R0lGODlhAQABAAAAACw=", width: "5", height: "5" }, [svg("set", { attributeName: "href", to: `${beacon}/set-href.png`, begin: "0s" })]),
        svg("image", { width: "5", height: "5" }, [svg("animate", { attributeName: "XLINK:HREF", values: `${beacon}/animate-href.png`, dur: "1s" })]),
        svg("a", {}, [svg("set", { attributeName: "x:href", to: `${beacon}/set-prefixed.png` }), svg("text", {}, [text("svg text")])]),
      ]),
    ],
  }));
  r["events-storm"] = recording("events-storm", () => ({
    later: (_, { payloadsId }) => [
      ...Array.from({ length: 6000 }, (_, i) => ({ ...mutation({ attributes: [{ id: payloadsId, attributes: { class: `c${i}`, "data-n": String(i) } }] }), storm: true })),
    ],
  }));
  return r;
}

/** The recordings with their beacons pointing at `origin`. */
export function adversaryRecordings(origin) {
  const out = {};
  for (const [name, rec] of Object.entries(all())) {
    out[name] = {
      json: rec.raw(JSON.stringify(rec.events)).replaceAll("BEACON", `${origin}/beacon`),
      allowed: rec.allowed,
      frameText: rec.frameText,
      mustLoad: rec.mustLoad,
    };
  }
  return out;
}

export const ADVERSARY_NAMES = Object.keys(all());
