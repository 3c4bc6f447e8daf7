#!/usr/bin/env node
// The first frame of fresh loads, without tracing (which slows the page): the player's
// \`tapedeck:first-frame\` measure, navigation → first frame, and the longest main-thread task
// (PerformanceObserver "longtask") until the player is ready, each load in a new browser context.
// Given builds (dist folders), serves each and alternates their loads, so that builds are
// compared in one run on the same machine state.
// Also splits the first frame at the first bytes of the body (\`tapedeck:first-bytes\`), and
// measures the browser alone: a quiet page of the same server fetching the same file and
// reading its first chunk (the latency no player can take out of a first frame measured from
// the request; rrweb's harness measures from the text in memory).
//
//   node bench/first-frame-quick.mjs <anchor copy> [runs, 15] [recording, buggy-checkout] [build…]
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, median, r1, startPlayer } from "./common.mjs";
const [anchor, runsArg, recArg, ...builds] = process.argv.slice(2);
const ANCHOR = path.resolve(anchor);
const RUNS = Number(runsArg ?? 15);
const rec = recArg ?? "buggy-checkout";
const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);
const dists = builds.length ? builds.map((b) => path.resolve(b)) : [undefined];
const servers = [];
for (const [i, dist] of dists.entries()) servers.push(await startPlayer(4196 + i, dist ? { DIST: dist } : {}));
const browser = await launchChromium(chromium);

/** Request → first chunk of `url`, fetched by a quiet page of the same server (no player). */
async function bareFetch(base, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/favicon.svg`);
  const ms = await page.evaluate(async (url) => {
    const t0 = performance.now();
    const reader = (await fetch(url, { cache: "no-store" })).body.getReader();
    await reader.read();
    const ms = performance.now() - t0;
    await reader.cancel();
    return ms;
  }, url);
  await context.close();
  return ms;
}
const res = dists.map(() => ({ ff: [], nav: [], lt: [], bytes: [], bare: [] }));
for (let run = 0; run < RUNS; run++) {
  for (const [i, { base }] of servers.entries()) {
    const context = await browser.newContext({ viewport: { width: 1800, height: 1100 } });
    const page = await context.newPage();
    await page.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({ type: "longtask", buffered: true }); });
    await page.goto(`${base}/sessions/${rec}`);
    await page.waitForFunction(() => performance.getEntriesByName("tapedeck:first-frame").length > 0, null, { timeout: 60_000 });
    await page.waitForSelector("[data-testid=play-toggle]", { timeout: 60_000 });
    await page.waitForTimeout(300);
    const [d, end, l, bytes] = await page.evaluate(() => {
      const m = performance.getEntriesByName("tapedeck:first-frame")[0];
      const first = performance.getEntriesByName("tapedeck:first-bytes")[0];
      return [m.duration, m.startTime + m.duration, Math.max(0, ...window.__lt), first ? first.startTime - m.startTime : NaN];
    });
    // The body's address, once it has all arrived (a resource is listed when its body ends).
    await page.waitForSelector("[data-testid=player][data-streaming=false]", { timeout: 120_000 });
    const url = await page.evaluate((rec) => performance.getEntriesByType("resource").find((r) => r.name.includes(`/sessions/${rec}.`))?.name, rec);
    res[i].ff.push(d); res[i].nav.push(end); res[i].lt.push(l); res[i].bytes.push(bytes);
    await context.close();
    if (url) res[i].bare.push(await bareFetch(base, url));
  }
}
for (const [i, r] of res.entries()) {
  console.log(`${dists[i] ?? "dist"} ${rec}: first frame median ${r1(median(r.ff))} ms [${r.ff.map(r1).join(", ")}]; ` +
    `navigation → first frame ${r1(median(r.nav))} ms; longest task median ${r1(median(r.lt))} ms`);
  console.log(`  request → first bytes ${r1(median(r.bytes))} ms, first bytes → first frame ` +
    `${r1(median(r.ff.map((f, k) => f - r.bytes[k])))} ms; the browser alone, request → first bytes ${r.bare.length ? `${r1(median(r.bare))} ms` : "not measured (the body's address was not found)"}`);
}
await browser.close();
for (const { app } of servers) app.kill?.();
process.exit(0);
