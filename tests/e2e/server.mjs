// Test server: the built player (dist/) with SPA history fallback, plus fixtures the tests need
// (the same recording in every accepted body shape, broken bodies, a slow download).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { hostileRecordings } from "./hostile.mjs";
import { adversaryRecordings } from "./adversary.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// DIST: another build to serve (bench scripts compare two builds in one run).
const dist = path.resolve(process.env.DIST || path.resolve(here, "../../dist"));
const port = Number(process.env.PORT || 4173);

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".gz": "application/gzip",
};

function checkoutEvents() {
  return JSON.parse(fs.readFileSync(path.join(dist, "sessions/buggy-checkout.json"), "utf8"));
}

// Every body is built from the bundled checkout recording, so each shape shows the same page.
const fixtures = {
  "checkout.ndjson": () => checkoutEvents().map((e) => JSON.stringify(e)).join("\n") + "\n",
  "checkout.json.gz": () => zlib.gzipSync(fs.readFileSync(path.join(dist, "sessions/buggy-checkout.json"))),
  "checkout-wrapped.json": () => JSON.stringify({ id: "checkout", events: checkoutEvents() }),
  "checkout-segments.json": () => {
    const ev = checkoutEvents();
    return JSON.stringify([ev.slice(0, 100), ev.slice(100, 300), ev.slice(300)]);
  },
  "checkout-broken.json": () => {
    const ev = checkoutEvents().map((e) => JSON.stringify(e));
    // Three events that cannot be understood, among the good ones.
    ev.splice(10, 0, '{"type":3,"data":{"source":3,"id":"not a number","x":1,"y":2},"timestamp":1795762134400}');
    ev.splice(20, 0, '{"type":42,"data":{},"timestamp":1795762134500}');
    ev.splice(30, 0, '"just a string"');
    return "[" + ev.join(",\n") + "]";
  },
  "checkout-idle.json": () => {
    // The user walks away for 40 s after the first 20 s: an inactive span to skip.
    const ev = checkoutEvents();
    const cut = ev[0].timestamp + 20_000;
    return JSON.stringify(ev.map((e) => (e.timestamp > cut ? { ...e, timestamp: e.timestamp + 40_000 } : e)));
  },
  "checkout-html-payloads.json": () => {
    // Console and network payloads carrying markup: the panels must show them as text.
    const ev = checkoutEvents();
    const t = ev[10].timestamp;
    ev.splice(11, 0,
      { type: 6, timestamp: t, data: { plugin: "rrweb/console@1", payload: { level: "log", trace: ["<b>x</b>"], payload: [JSON.stringify('<img src=x onerror="window.__pwned=1">'), JSON.stringify({ html: "<script>window.__pwned=1</script>" })] } } },
      { type: 6, timestamp: t, data: { plugin: "rrweb/network@1", payload: { requests: [{ name: "http://127.0.0.1:8377/<img src=x onerror=window.__pwned=1>", method: "GET", initiatorType: "fetch", status: 200, startTime: 1, endTime: 2, responseBody: "<script>window.__pwned=1</script>" }] } } });
    return JSON.stringify(ev);
  },
  // The real Sentry recording, its LCP made poor: the timeline must mark it.
  "sentry-poor-lcp.json": () => {
    const segments = JSON.parse(fs.readFileSync(path.resolve(here, "../fixtures/vendor/sentry/recording-segments.json"), "utf8"));
    for (const e of segments.flat()) {
      const p = e.data && e.data.payload;
      if (e.type === 5 && p && p.description === "largest-contentful-paint") Object.assign(p.data, { value: 5200, rating: "poor" });
    }
    return JSON.stringify(segments);
  },
  "not-rrweb.json": () => JSON.stringify([{ hello: "world" }, { answer: 42 }]),
  "invalid.json": () => "<!DOCTYPE html><html><body>Oops</body></html>",
  "empty.json": () => "[]",
  "no-snapshot.json": () => JSON.stringify(checkoutEvents().filter((e) => e.type !== 2)),
};

function send(res, status, body, type) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

// Every request a hostile recording managed to make: /beacon/<recording>/<payload>.
const beacons = [];
// How the last download of each big generated body ended: bytes sent, and whether it was sent
// whole or the client went away (GET /__sent?path=...), to check that the player stops a download.
const sent = new Map();
function track(p, res, stream, size) {
  const rec = { bytes: 0, size, whole: false, closed: false };
  sent.set(p, rec);
  stream.on("data", (chunk) => { rec.bytes += chunk.length; });
  res.on("finish", () => { rec.whole = true; });
  res.on("close", () => { rec.closed = true; stream.destroy(); });
  return stream.pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const p = decodeURIComponent(url.pathname);

  if (p === "/generated/huge.json") {
    // A 200 MB, one-hour, 412,000-event body (scripts/make-huge-session.mjs), made once.
    const file = path.join(os.tmpdir(), "tapedeck-huge-412k.json");
    if (!fs.existsSync(file)) {
      execFileSync(process.execPath, [path.resolve(here, "../../scripts/make-huge-session.mjs"), "--events", "412000",
        "--source", path.join(dist, "sessions/buggy-checkout.json"), "--out", file]);
    }
    const size = fs.statSync(file).size;
    res.writeHead(200, { "content-type": "application/json", "content-length": size, "cache-control": "no-store" });
    return track(p, res, fs.createReadStream(file), size);
  }
  if (p === "/__sent") return send(res, 200, JSON.stringify(sent.get(url.searchParams.get("path")) ?? null), "application/json");
  if (p === "/generated/late-page.json") {
    // 40 MB of custom events, each with its own 2 KB payload, before buggy-checkout's events:
    // its first page comes late.
    const events = fs.readFileSync(path.join(dist, "sessions/buggy-checkout.json"), "utf8").trim();
    const start = JSON.parse(events)[0].timestamp;
    const pad = "p".repeat(2000);
    const before = Array.from({ length: 20_000 }, (_, i) =>
      `{"type":5,"timestamp":${start},"data":{"tag":"early","payload":{"n":${i},"pad":"${pad}"}}}`).join(",");
    return send(res, 200, `[${before},${events.slice(1)}`, "application/json");
  }
  if (p === "/generated/bomb.json.gz") {
    // A gzip bomb: buggy-checkout with, after its page, a custom event holding a 1 GB string,
    // compressed on the fly (about 4 MB sent).
    const events = JSON.parse(fs.readFileSync(path.join(dist, "sessions/buggy-checkout.json"), "utf8"));
    const page = events.findIndex((e) => e.type === 2) + 1;
    const text = (list) => list.map((e) => JSON.stringify(e)).join(",");
    const gz = zlib.createGzip({ level: 1 });
    res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-store" });
    gz.pipe(res);
    res.on("close", () => gz.destroy());
    gz.write(`[${text(events.slice(0, page))},{"type":5,"timestamp":${events[page].timestamp},"data":{"tag":"bomb","payload":"`);
    const mb = Buffer.alloc(1 << 20, "x");
    let left = 1024;
    const more = () => {
      while (left > 0) {
        left -= 1;
        if (gz.destroyed) return;
        if (!gz.write(mb)) return gz.once("drain", more);
      }
      gz.end(`"}},${text(events.slice(page))}]`);
    };
    return more();
  }
  if (p.startsWith("/local/") && process.env.LOCAL_DIR) {
    // Big generated recordings (benchmarks), streamed from LOCAL_DIR.
    const file = path.join(process.env.LOCAL_DIR, path.basename(p));
    if (!fs.existsSync(file)) return send(res, 404, "not found", "text/plain");
    res.writeHead(200, { "content-type": "application/json", "content-length": fs.statSync(file).size, "cache-control": "no-store" });
    return fs.createReadStream(file).pipe(res);
  }
  if (p.startsWith("/beacon/")) {
    beacons.push(p.slice("/beacon/".length));
    return send(res, 204, "", "text/plain");
  }
  if (p === "/beacon-log") {
    const rec = url.searchParams.get("rec") || "";
    return send(res, 200, JSON.stringify(beacons.filter((b) => b.startsWith(rec + "/"))), "application/json");
  }
  const hostile = p.match(/^\/fixtures\/hostile-([a-z]+)\.json$/);
  if (hostile) {
    const recs = hostileRecordings(`http://${req.headers.host}`);
    const events = recs[hostile[1]];
    if (!events) return send(res, 404, "not found", "text/plain");
    return send(res, 200, JSON.stringify(events), "application/json");
  }

  const adversary = p.match(/^\/fixtures\/adversary-([a-z0-9-]+)\.json$/);
  if (adversary) {
    const rec = adversaryRecordings(`http://${req.headers.host}`)[adversary[1]];
    if (!rec) return send(res, 404, "not found", "text/plain");
    return send(res, 200, rec.json, "application/json");
  }

  // What the real Sentry and PostHog SDKs sent (tests/fixtures/vendor). `envelopes.bin` is
  // every Sentry envelope, one after another; `posts.bin` every body PostHog posted to `/s/`.
  const vendor = p.match(/^\/vendor\/(sentry|posthog)\/([\w.-]+)$/);
  if (vendor) {
    const dir = path.resolve(here, "../fixtures/vendor", vendor[1]);
    const joined = { "envelopes.bin": ["envelope-", "\n"], "posts.bin": ["s-", ""], "form.bin": ["s-", ""] }[vendor[2]];
    if (joined) {
      const [prefix, separator] = joined;
      const files = [];
      for (let i = 0; fs.existsSync(path.join(dir, `${prefix}${i}.bin`)); i++) files.push(path.join(dir, `${prefix}${i}.bin`));
      const body = Buffer.concat(files.flatMap((f) => [fs.readFileSync(f), Buffer.from(separator)]));
      if (vendor[2] === "form.bin") {
        // The posts as posthog-js sends them with sendBeacon when the page closes: a form
        // field `data`, the base64 of the JSON text (its own encoding, not gzip).
        const form = "data=" + encodeURIComponent(zlib.gunzipSync(body).toString("base64"));
        return send(res, 200, form, "application/x-www-form-urlencoded");
      }
      return send(res, 200, body, "application/octet-stream");
    }
    if (vendor[2] === "windows.jsonl") {
      // The snapshot API's lines with a second window (a tab opened later): its first page.
      const lines = fs.readFileSync(path.join(dir, "snapshots.jsonl"), "utf8").trim().split("\n");
      const other = lines.slice(0, 5).map((l) => l.replace('["', '["second-tab-'));
      return send(res, 200, [...lines, ...other].join("\n"), "application/octet-stream");
    }
    const file = path.join(dir, vendor[2]);
    if (!fs.existsSync(file)) return send(res, 404, "not found", "text/plain");
    return send(res, 200, fs.readFileSync(file), "application/octet-stream");
  }
  if (p.startsWith("/fixtures/")) {
    const name = p.slice("/fixtures/".length);
    const make = fixtures[name];
    if (!make) return send(res, 404, "not found", "text/plain");
    const body = make();
    return send(res, 200, body, types[path.extname(name)] || "application/json");
  }
  if (p.startsWith("/signed/")) {
    // A signed URL, as object storage hands out: served only when its signature arrives
    // exactly as issued (\`sig=ab%2Bcd%3D\`, "ab+cd=" once decoded).
    const file = path.join(dist, "sessions", path.basename(p));
    if (url.searchParams.get("sig") !== "ab+cd=" || !fs.existsSync(file)) {
      return send(res, 403, "SignatureDoesNotMatch", "text/plain");
    }
    return send(res, 200, fs.readFileSync(file), "application/json");
  }
  if (p.startsWith("/slow/")) {
    // The rust-book recording in small chunks with pauses: the progress bar must show it.
    const file = path.join(dist, "sessions", path.basename(p));
    if (!fs.existsSync(file)) return send(res, 404, "not found", "text/plain");
    const body = fs.readFileSync(file);
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    const step = Math.ceil(body.length / Number(url.searchParams.get("parts") || 20));
    let i = 0;
    const timer = setInterval(() => {
      res.write(body.subarray(i, i + step));
      i += step;
      if (i >= body.length) { clearInterval(timer); res.end(); }
    }, Number(url.searchParams.get("ms") || 150));
    return;
  }

  let file = path.join(dist, p);
  if (!file.startsWith(dist)) return send(res, 403, "forbidden", "text/plain");
  if (p.endsWith("/") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    // History fallback: app routes get index.html; missing files with an extension are 404s.
    if (path.extname(p) && !p.startsWith("/sessions/") ) return send(res, 404, "not found", "text/plain");
    if (path.extname(p) === ".json" || path.extname(p) === ".gz") return send(res, 404, "not found", "text/plain");
    file = path.join(dist, "index.html");
  }
  const type = types[path.extname(file)] || "application/octet-stream";
  const size = fs.statSync(file).size;
  if (size > 1 << 20) {
    // Big files are streamed, as any static server does: the first bytes leave at once.
    res.writeHead(200, { "content-type": type, "content-length": size, "cache-control": "no-store" });
    return fs.createReadStream(file).pipe(res);
  }
  send(res, 200, fs.readFileSync(file), type);
});

// Node closes an idle kept-alive socket after 5 s; a test's request client reusing it at that
// moment gets ECONNRESET (seen once under CI load). Idle sockets stay open longer than any test.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(port, "127.0.0.1", () => console.log(`tapedeck test server on http://127.0.0.1:${port}`));
