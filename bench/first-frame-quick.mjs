#!/usr/bin/env node
// The first frame of fresh loads, without tracing (which slows the page): the player's
// \`tapedeck:first-frame\` measure, navigation → first frame, and the longest main-thread task
// (PerformanceObserver "longtask") until the player is ready, each load in a new browser context.
// Given builds (dist folders), serves each and alternates their loads, so that builds are
// compared in one run on the same machine state.
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
const res = dists.map(() => ({ ff: [], nav: [], lt: [] }));
for (let run = 0; run < RUNS; run++) {
  for (const [i, { base }] of servers.entries()) {
    const context = await browser.newContext({ viewport: { width: 1800, height: 1100 } });
    const page = await context.newPage();
    await page.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({ type: "longtask", buffered: true }); });
    await page.goto(`${base}/sessions/${rec}`);
    await page.waitForFunction(() => performance.getEntriesByName("tapedeck:first-frame").length > 0, null, { timeout: 60_000 });
    await page.waitForSelector("[data-testid=play-toggle]", { timeout: 60_000 });
    await page.waitForTimeout(300);
    const [d, end, l] = await page.evaluate(() => {
      const m = performance.getEntriesByName("tapedeck:first-frame")[0];
      return [m.duration, m.startTime + m.duration, Math.max(0, ...window.__lt)];
    });
    res[i].ff.push(d); res[i].nav.push(end); res[i].lt.push(l);
    await context.close();
  }
}
for (const [i, r] of res.entries()) {
  console.log(`${dists[i] ?? "dist"} ${rec}: first frame median ${r1(median(r.ff))} ms [${r.ff.map(r1).join(", ")}]; ` +
    `navigation → first frame ${r1(median(r.nav))} ms; longest task median ${r1(median(r.lt))} ms`);
}
await browser.close();
for (const { app } of servers) app.kill?.();
process.exit(0);
