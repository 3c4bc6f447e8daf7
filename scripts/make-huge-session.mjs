#!/usr/bin/env node
// Generates a huge session from a real recording: its activity looped until the session is
// `--minutes` long with at least `--events` events, every loop with shifted timestamps and fresh
// node ids. Each loop starts by replacing the page's <body> with a fresh copy of the recorded
// one (new ids), then replays the recording's changes, input, pointer, scroll, console and
// network events on it, time-compressed to fit.
//
//   node scripts/make-huge-session.mjs [--source public/sessions/buggy-checkout.json]
//        [--out target/huge/huge-1h.json] [--events 500000] [--minutes 60]
import fs from "node:fs";
import path from "node:path";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SOURCE = opt("--source", "public/sessions/buggy-checkout.json");
const OUT = opt("--out", "target/huge/huge-1h.json");
const MIN_EVENTS = Number(opt("--events", 500_000));
const MINUTES = Number(opt("--minutes", 60));
const ID_STRIDE = 10_000;

const events = JSON.parse(fs.readFileSync(SOURCE, "utf8"));
const snapIndex = events.findIndex((e) => e.type === 2);
if (snapIndex < 0 || events.slice(snapIndex + 1).some((e) => e.type === 2)) {
  throw new Error(`${SOURCE}: expected exactly one full snapshot`);
}
const snapshot = events[snapIndex];
const head = events.slice(0, snapIndex + 1);
const activity = events.slice(snapIndex + 1);
const t0 = snapshot.timestamp;
const span = activity[activity.length - 1].timestamp - t0 + 1000;

// The page's <html> and <body>: ids inside <body> (and every id added later) are per loop.
const html = snapshot.data.node.childNodes.find((n) => n.type === 2 && n.tagName === "html");
const body = html.childNodes.find((n) => n.type === 2 && n.tagName === "body");
const fixedIds = new Set();
(function mark(n, inBody) {
  if (!inBody) fixedIds.add(n.id);
  for (const c of n.childNodes || []) mark(c, inBody || c === body);
})(snapshot.data.node, false);

// Ids of a loop must stay below the player's limit (2^24): loops are ID_STRIDE apart.
const maxId = JSON.stringify(events).match(/"(?:id|parentId|nextId)":\d+/g).reduce((m, s) => Math.max(m, Number(s.split(":")[1])), 0);
if (maxId >= ID_STRIDE) throw new Error(`${SOURCE}: ids up to ${maxId} do not fit a loop of ${ID_STRIDE}`);
const loops = Math.ceil(MIN_EVENTS / (activity.length + 1));
const loopMs = (MINUTES * 60_000) / loops;
const scale = loopMs / span;

/** A deep copy of `value` with every node id (fields named id, parentId, nextId, and ids of
 *  nodes) moved into loop `k`'s range, except the page's fixed nodes. */
function shiftIds(value, k) {
  const shift = (id) => (typeof id === "number" && !fixedIds.has(id) ? id + k * ID_STRIDE : id);
  const walk = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") {
      const out = {};
      for (const [k2, x] of Object.entries(v)) out[k2] = walk(x, k2);
      return out;
    }
    return ["id", "parentId", "nextId", "previousId", "rootId"].includes(key) ? shift(v) : v;
  };
  return walk(value, null);
}

fs.mkdirSync(path.dirname(OUT), { recursive: true });
const out = fs.createWriteStream(OUT);
let count = 0;
let first = true;
const write = (e) => {
  out.write((first ? "[" : ",\n") + JSON.stringify(e));
  first = false;
  count++;
};
for (const e of head) write(e);
for (let k = 0; k < loops; k++) {
  const base = t0 + k * loopMs;
  if (k > 0) {
    // A fresh copy of the recorded <body> replaces the last loop's.
    write({
      type: 3,
      timestamp: Math.round(base),
      data: {
        source: 0,
        texts: [],
        attributes: [],
        removes: [{ parentId: html.id, id: body.id + (k - 1) * ID_STRIDE }],
        adds: [{ parentId: html.id, nextId: null, node: shiftIds(body, k) }],
      },
    });
  }
  for (const e of activity) {
    const shifted = k === 0 ? e : { ...e, data: shiftIds(e.data, k) };
    write({ ...shifted, timestamp: Math.round(base + (e.timestamp - t0) * scale) + 1 });
  }
  if (out.writableLength > 64 << 20) await new Promise((r) => out.once("drain", r));
}
out.end("]\n");
await new Promise((r) => out.on("finish", r));
const bytes = fs.statSync(OUT).size;
console.log(`${OUT}: ${count} events, ${loops} loops of ${SOURCE} (${activity.length} events, ${(span / 1000).toFixed(1)} s each, played ${(1 / scale).toFixed(1)}× faster), ${MINUTES} min, ${(bytes / 1e6).toFixed(0)} MB`);
