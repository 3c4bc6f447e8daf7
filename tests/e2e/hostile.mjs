// Forged recordings that attack every path of the player. Every payload tries to call
// `__pwn(name)` on the parent and top windows and to fetch `<origin>/beacon/<recording>/<name>`,
// which the test server counts. Harmless text sits around the payloads: the replay must show it.
//
// `assets` is different: its beacons are ordinary recorded assets (an image, a style sheet, a
// font, a CSS background). Loading them is what a replay does for fidelity; with "block remote
// assets" none may load.

/** JavaScript that calls home: the parent's and top's `__pwn`, and the beacon. */
const js = (beacon, name) =>
  `parent.__pwn&&parent.__pwn('${name}');top.__pwn&&top.__pwn('${name}');fetch('${beacon}/${name}');new Image().src='${beacon}/${name}-img'`;

function builder() {
  let id = 0;
  const el = (tag, attributes = {}, children = [], extra = {}) => ({ type: 2, id: ++id, tagName: tag, attributes, childNodes: children, ...extra });
  const text = (t, extra = {}) => ({ type: 3, id: ++id, textContent: t, ...extra });
  const nextId = () => ++id;
  return { el, text, nextId };
}

function recording(name, make) {
  const b = builder();
  const t0 = 1_795_762_000_000;
  const { head = [], body = [], later = () => [] } = make(b);
  const html = b.el("html", {}, [
    b.el("head", {}, [b.el("title", {}, [b.text(`hostile ${name}`)]), ...head]),
    b.el("body", {}, [
      b.el("p", { id: "before" }, [b.text(`harmless ${name} before`)]),
      b.el("div", { id: "payloads" }, body),
      b.el("p", { id: "after" }, [b.text(`harmless ${name} after`)]),
    ]),
  ]);
  const doc = { type: 0, id: b.nextId(), childNodes: [{ type: 1, id: b.nextId(), name: "html", publicId: "", systemId: "" }, html] };
  const bodyId = html.childNodes[1].id;
  const events = [
    { type: 4, data: { href: `https://victim.example/${name}`, width: 1000, height: 700 }, timestamp: t0 },
    { type: 2, data: { node: doc, initialOffset: { top: 0, left: 0 } }, timestamp: t0 + 10 },
  ];
  let t = t0 + 500;
  for (const data of later(b, { bodyId })) {
    events.push({ ...data, timestamp: (t += 300) });
  }
  events.push({
    type: 3,
    timestamp: (t += 300),
    data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: bodyId, nextId: null, node: b.el("p", { id: "late" }, [b.text(`harmless ${name} added later`)]) }] },
  });
  events.push({ type: 3, timestamp: t + 1000, data: { source: 1, positions: [{ x: 10, y: 10, id: bodyId, timeOffset: 0 }] } });
  return events;
}

const mutation = (m) => ({ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...m } });

const HANDLER_TAGS = ["img", "body", "svg", "div", "input", "details", "video", "audio", "iframe", "style", "a", "button", "marquee", "form", "select", "textarea", "object", "embed", "table", "span"];
const HANDLERS = ["onload", "onerror", "onclick", "onmouseover", "onfocus", "onanimationstart", "ontoggle", "onbegin", "onpointerenter", "ONLOAD", "OnError"];

export function hostileRecordings(origin) {
  const beaconOf = (rec) => `${origin}/beacon/${rec}`;
  const out = {};

  out.scripts = recording("scripts", ({ el, text }) => {
    const beacon = beaconOf("scripts");
    return {
      head: [el("script", {}, [text(js(beacon, "head-script"))]), el("script", { src: `${beacon}/script-src` }), el("script", { type: "module" }, [text(js(beacon, "module"))])],
      body: [
        el("script", {}, [text(js(beacon, "body-script"))]),
        el("svg", {}, [el("script", {}, [text(js(beacon, "svg-script"))], { isSVG: true })], { isSVG: true }),
        el("noscript", {}, [text("noscript text")]),
      ],
      later: ({ el, text }, { bodyId }) => [
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("script", {}, [text(js(beacon, "added-script"))]) }] }),
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("script", { src: `${beacon}/added-script-src` }) }] }),
      ],
    };
  });

  out.handlers = recording("handlers", ({ el }) => {
    const beacon = beaconOf("handlers");
    const tags = HANDLER_TAGS.map((tag, i) => {
      const attrs = { src: "x", autofocus: "", open: "" };
      for (const h of HANDLERS) attrs[h] = js(beacon, `${tag}-${h}-${i}`);
      return el(tag, attrs);
    });
    return {
      body: tags,
      later: (_, { bodyId }) =>
        tags.map((node) => mutation({ attributes: [{ id: node.id, attributes: Object.fromEntries(HANDLERS.map((h) => [h, js(beacon, `later-${node.tagName}-${h}`)])) }] })),
    };
  });

  out.urls = recording("urls", ({ el, text }) => {
    const beacon = beaconOf("urls");
    const bad = (n) => [`javascript:${js(beacon, n)}`, `  JaVaScRiPt:${js(beacon, n + "-case")}`, `java\tscript:${js(beacon, n + "-tab")}`, `vbscript:msgbox(1)`, `data:text/html,<script>${js(beacon, n + "-data")}</script>`];
    const nodes = [];
    bad("a").forEach((u) => nodes.push(el("a", { href: u }, [text("a link")])));
    bad("iframe").forEach((u) => nodes.push(el("iframe", { src: u })));
    bad("img").forEach((u) => nodes.push(el("img", { src: u, srcset: `${u} 1x` })));
    bad("form").forEach((u) => nodes.push(el("form", { action: u }, [el("button", { formaction: u }, [text("go")])])));
    bad("object").forEach((u) => nodes.push(el("object", { data: u }), el("embed", { src: u })));
    const svg = el("svg", {}, [
      el("a", { "xlink:href": bad("svg-a")[0], href: bad("svg-a2")[0] }, [el("text", {}, [text("svg link")], { isSVG: true })], { isSVG: true }),
      el("animate", { attributeName: "href", to: bad("animate")[0], begin: "0s" }, [], { isSVG: true }),
      el("set", { attributeName: "onmouseover", to: js(beacon, "set-handler") }, [], { isSVG: true }),
      el("animate", { attributeName: "xlink:href", values: bad("animate-values")[0] }, [], { isSVG: true }),
    ], { isSVG: true });
    const math = el("math", { href: bad("math")[0] }, [el("mi", { href: bad("math-mi")[0], "xlink:href": bad("math-x")[0] }, [text("x")])]);
    return {
      body: [...nodes, svg, math],
      later: (_, { bodyId }) => [
        mutation({ attributes: nodes.filter((n) => n.tagName === "a").map((n) => ({ id: n.id, attributes: { href: bad("later-a")[0] } })) }),
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("iframe", { src: bad("later-iframe")[0] }) }] }),
      ],
    };
  });

  out.navigation = recording("navigation", ({ el, text }) => {
    const beacon = beaconOf("navigation");
    return {
      head: [
        el("meta", { "http-equiv": "refresh", content: `0;url=${beacon}/meta-refresh` }),
        el("meta", { "http-equiv": "Set-Cookie", content: "pwned=1" }),
        el("base", { href: `${beacon}/base/` }),
        el("link", { rel: "import", href: `${beacon}/link-import` }),
        el("link", { rel: "preload", href: `${beacon}/link-preload`, as: "fetch" }),
        el("link", { rel: "modulepreload", href: `${beacon}/link-modulepreload` }),
        el("link", { rel: "prefetch", href: `${beacon}/link-prefetch` }),
        el("link", { rel: "prerender", href: `${beacon}/link-prerender` }),
      ],
      body: [
        el("iframe", { srcdoc: `<script>${js(beacon, "srcdoc")}</script><img src="${beacon}/srcdoc-img">` }),
        el("iframe", { src: `javascript:${js(beacon, "iframe-js")}` }),
        el("form", { action: `${beacon}/form-submit`, method: "post", autofocus: "" }, [
          el("input", { name: "q", value: "x", autofocus: "", onfocus: "this.form.submit()" }),
          el("button", { type: "submit", formaction: `${beacon}/form-button` }, [text("submit")]),
        ]),
        el("a", { href: `${beacon}/a-top`, target: "_top" }, [text("top link")]),
        el("a", { href: `${beacon}/a-blank`, target: "_blank", ping: `${beacon}/a-ping` }, [text("blank link")]),
      ],
      later: ({ el }, { bodyId }) => [
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("meta", { "http-equiv": "refresh", content: `0;url=${beacon}/later-refresh` }) }] }),
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("iframe", { srcdoc: `<script>${js(beacon, "later-srcdoc")}</script>` }) }] }),
      ],
    };
  });

  out.css = recording("css", ({ el, text }) => {
    const beacon = beaconOf("css");
    const style = el("style", {}, [text(`#before{background:url("javascript:${js(beacon, "css-url")}")} #after{width:expression(${js(beacon, "expression")});behavior:url(${beacon}/behavior.htc);-moz-binding:url(${beacon}/binding.xml#x)}`)]);
    return {
      head: [style],
      body: [el("div", { style: `background-image:url(javascript:${js(beacon, "inline-css")});width:expression(alert(1))` }, [text("styled")])],
      later: () => [
        { type: 3, data: { source: 8, id: style.id, adds: [{ rule: `#late{background:url(javascript:${js(beacon, "rule-url")})}`, index: 0 }, { rule: `#late{width:expression(${js(beacon, "rule-expression")})}`, index: 1 }] } },
        { type: 3, data: { source: 13, id: style.id, set: { property: "background", value: `url(javascript:${js(beacon, "declaration")})` }, index: [0] } },
      ],
    };
  });

  out.names = recording("names", ({ el, text }) => {
    const beacon = beaconOf("names");
    return {
      body: [
        el("x-good-element", {}, [text("custom element text")]),
        el('img src=x onerror="' + js(beacon, "tag-name") + '"', {}, [text("bad tag")]),
        el("1bad", {}, []),
        el("div", { 'x" onmouseover="': js(beacon, "attr-quote"), "a b": "1", "<img": "x", "=x": "y", "onload ": js(beacon, "attr-space") }, [text("odd attribute names")]),
        el("svg:script", {}, [text(js(beacon, "ns-script"))]),
      ],
      later: ({ el }, { bodyId }) => [
        mutation({ adds: [{ parentId: bodyId, nextId: null, node: el("scr<ipt>", { 'onerror"': js(beacon, "later-name") }) }] }),
      ],
    };
  });

  out.panels = recording("panels", () => {
    const beacon = beaconOf("panels");
    const html = `<img src=x onerror="${js(beacon, "console-html")}"><script>${js(beacon, "console-script")}</script>`;
    return {
      later: () => [
        { type: 6, data: { plugin: "rrweb/console@1", payload: { level: "error", trace: [html], payload: [JSON.stringify(html), JSON.stringify({ "<b>key</b>": html })] } } },
        { type: 6, data: { plugin: "rrweb/console@1", payload: { level: "log", trace: [], payload: [JSON.stringify(`</div><iframe src="javascript:${js(beacon, "console-iframe")}">`)] } } },
        {
          type: 6,
          data: {
            plugin: "rrweb/network@1",
            payload: { requests: [{ name: `${beacon}/<img src=x onerror=${js(beacon, "network-name")}>`, method: "POST", initiatorType: "fetch", status: 500, startTime: 1, endTime: 2, requestHeaders: { "x-evil": html }, responseHeaders: { "content-type": "text/html" }, requestBody: html, responseBody: `<script>${js(beacon, "network-body")}</script>` }] },
          },
        },
      ],
    };
  });

  out.assets = recording("assets", ({ el, text }) => {
    const beacon = beaconOf("assets");
    return {
      head: [
        el("link", { rel: "stylesheet", href: `${beacon}/sheet.css` }),
        el("style", {}, [text(`@import url("${beacon}/import.css"); @font-face{font-family:F;src:url(${beacon}/font.woff2)} body{font-family:F} #before{background:url(${beacon}/bg.png)}`)]),
      ],
      body: [el("img", { src: `${beacon}/img.png`, srcset: `${beacon}/img2.png 2x` }), el("video", { poster: `${beacon}/poster.png` }), el("div", { style: `background:url('${beacon}/inline.png')` }, [text("inline bg")])],
    };
  });

  return out;
}
