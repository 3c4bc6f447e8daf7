#!/usr/bin/env node
// The first frame of fresh loads, without tracing (which slows the page): the player's
// \`tapedeck:first-frame\` measure and the longest main-thread task (PerformanceObserver
// "longtask") until the player is ready, each load in a new browser context.
//
//   node bench/first-frame-quick.mjs <anchor copy> [runs, 15] [recording, buggy-checkout]
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, median, r1, startPlayer } from "./common.mjs";
const ANCHOR = path.resolve(process.argv[2]);
const RUNS = Number(process.argv[3] ?? 15);
const rec = process.argv[4] ?? "buggy-checkout";
const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);
const { app, base } = await startPlayer(4196);
const browser = await launchChromium(chromium);
const ff = [], ready = [], lt = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1800, height: 1100 } });
  const page = await context.newPage();
  await page.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({ type: "longtask", buffered: true }); });
  await page.goto(`${base}/sessions/${rec}`);
  await page.waitForFunction(() => performance.getEntriesByName("tapedeck:first-frame").length > 0, null, { timeout: 60_000 });
  await page.waitForSelector("[data-testid=play-toggle]", { timeout: 60_000 });
  await page.waitForTimeout(300);
  const [d, l] = await page.evaluate(() => [performance.getEntriesByName("tapedeck:first-frame")[0].duration, Math.max(0, ...window.__lt)]);
  ff.push(d); lt.push(l);
  await context.close();
}
console.log(`${rec}: first frame median ${r1(median(ff))} ms [${ff.map(r1).join(", ")}]; longest task median ${r1(median(lt))} ms`);
await browser.close();
app.kill?.();
process.exit(0);
