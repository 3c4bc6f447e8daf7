#!/usr/bin/env node
// Where a fresh load's time goes until the first frame: every main-thread task from navigation
// to `tapedeck:first-frame`'s end (with `--ready`: until the panels are built and 300 ms more),
// with what it held, and the player's marks.
//
//   node bench/first-frame-trace.mjs --anchor <anchor copy> [--runs 3] [--ready] [recording]
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, median, r1, startPlayer, taskBreakdown } from "./common.mjs";
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ANCHOR = path.resolve(opt("--anchor"));
const RUNS = Number(opt("--runs", 3));
const rec = argv.filter((a, i) => !a.startsWith("--") && !["--anchor", "--runs"].includes(argv[i - 1]))[0] ?? "buggy-checkout";
const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);
const { app, base } = await startPlayer(4195);
const browser = await launchChromium(chromium);
const summary = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1800, height: 1100 } });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ["devtools.timeline", "blink.user_timing", "v8", "disabled-by-default-devtools.timeline"] });
  await page.goto(`${base}/sessions/${rec}`);
  await page.waitForFunction(() => performance.getEntriesByName("tapedeck:first-frame").length > 0, null, { timeout: 60_000 });
  let until = 0;
  if (argv.includes("--ready")) {
    await page.waitForSelector("[data-testid=tab-console]", { timeout: 60_000 });
    await page.waitForTimeout(300);
    until = await page.evaluate(() => performance.now());
  }
  const marks = await page.evaluate(() => performance.getEntries().filter((e) => e.name.startsWith("tapedeck:")).map((e) => [e.name, e.startTime, e.duration]));
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" &&
    events.some((x) => x.pid === e.pid && x.name === "FunctionCall"));
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const nav = events.find((e) => e.name === "navigationStart" && e.pid === main.pid) ?? onMain[0];
  const user = events.filter((e) => e.pid === main.pid && e.cat?.includes("blink.user_timing") && e.name.startsWith("tapedeck:"));
  const ff = marks.find(([n]) => n === "tapedeck:first-frame");
  const end = Math.max(until, ff[1] + ff[2]);
  const t0 = nav.ts;
  console.log(`\n${rec} run ${run + 1}: first frame ${r1(ff[2])} ms (load-start ${r1(ff[1])} → ${r1(end)} from navigation)`);
  for (const [n, s, d] of marks) if (s <= end + 1) console.log(`  mark ${r1(s)}${d ? `+${r1(d)}` : ""} ${n}`);
  const tasks = onMain.filter((e) => e.ph === "X" && e.name === "RunTask" && e.dur > 3000 && (e.ts - t0) / 1000 <= end + 5);
  for (const t of tasks) {
    const ms = user.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur).map((e) => e.name.replace("tapedeck:", ""));
    const top = taskBreakdown(onMain, t, 7);
    console.log(`  task ${r1((t.ts - t0) / 1000)}+${r1(t.dur / 1000)}: ${top.join("; ")}${ms.length ? ` | ${[...new Set(ms)].join(", ")}` : ""}`);
  }
  summary.push(ff[2]);
  await context.close();
}
console.log(`\nmedian first frame ${r1(median(summary))} ms over ${RUNS}`);
await browser.close();
app.kill();
