// The adversarial suite (tests/e2e/adversary.mjs), each recording in both modes: the player
// stays responsive (no task over 200 ms from the start of loading, the controls answer within
// 2 s), shows no crash card, shows the page's harmless text, makes no request at all with
// remote assets blocked and, without blocking, only the recorded page's images, fonts and
// style sheets, never with a referrer.
import { test, expect } from "@playwright/test";
import { replay, expectState, playThrough } from "./helpers.mjs";
import { ADVERSARY_NAMES, adversaryRecordings } from "./adversary.mjs";

const ALLOWED = adversaryRecordings("http://x");

// Long tasks are timed on a shared 2-core machine: a recording may be tried once more before it
// fails. A recording that hangs or leaks fails every time. (The budget is 100 ms at full
// speed; `bench/longtask-bench.mjs` prints each recording's longest task, also at 4× CPU
// throttling.)
test.describe.configure({ retries: 1 });
const PAGE_ASSET_TYPES = ["image", "font", "stylesheet"];

async function open(browser, name, blocked) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  const requests = [];
  page.on("request", async (r) => {
    if (!r.url().includes("/beacon/")) return;
    const headers = await r.allHeaders().catch(() => ({}));
    requests.push({ url: r.url(), type: r.resourceType(), referer: headers.referer || null });
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (blocked) {
    await page.route("**/config.json", async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), block_remote_assets: true } });
    });
  }
  await page.goto("/play?src=" + encodeURIComponent(`/fixtures/adversary-${name}.json`));
  await expectState(page, "ready");
  return { context, page, requests, errors };
}

async function settle(page, requests) {
  for (let i = 0, seen = -1; i < 10 && seen !== requests.length; i++) {
    seen = requests.length;
    await page.waitForTimeout(1000);
  }
}

for (const name of ADVERSARY_NAMES) {
  test(`adversary "${name}": responsive, shown, nothing forbidden loads`, async ({ browser }) => {
    test.setTimeout(120_000);
    for (const blocked of [false, true]) {
      const { context, page, requests, errors } = await open(browser, name, blocked);
      await playThrough(page);
      const frame = replay(page);
      await expect(frame.locator("#before")).toHaveText(`harmless ${name} before`);
      await expect(frame.locator("#after")).toHaveText(`harmless ${name} after`);
      await expect(frame.locator("#late")).toHaveText(`harmless ${name} added later`);
      if (ALLOWED[name].frameText) {
        await expect(frame.frameLocator("#frame").locator("#inner")).toHaveText(ALLOWED[name].frameText);
      }
      await expect(page.getByTestId("crash")).toHaveCount(0);
      await expect(page.getByTestId("player")).not.toHaveAttribute("data-state", "error");
      // Answers within 2 s.
      await page.getByTestId("play-toggle").click();
      await expect(page.getByTestId("player")).toHaveAttribute("data-state", "playing", { timeout: 2000 });
      await page.getByTestId("play-toggle").click();
      await expect(page.getByTestId("player")).toHaveAttribute("data-state", "paused", { timeout: 2000 });
      // Let late loads (images, fonts, imports) happen before counting requests: until no new
      // request has started for a second (at most 10 s).
      await settle(page, requests);
      // From the start of loading (the player's own start-up is not the recording's).
      const long = await page.evaluate(() => {
        const load = performance.getEntriesByName("tapedeck:load-start")[0];
        return window.__longTasks.filter((t) => t.start >= load.startTime && t.duration > 200);
      });
      expect(long, `tasks over 200 ms since loading started (${blocked ? "blocked" : "default"})`).toEqual([]);
      if (blocked) {
        expect(requests, "no request with remote assets blocked").toEqual([]);
      } else {
        const allowed = ALLOWED[name].allowed;
        const forbidden = requests.filter(
          (r) => !PAGE_ASSET_TYPES.includes(r.type) || !allowed.some((a) => r.url.endsWith(`/beacon/${name}/${a}`)),
        );
        expect(forbidden, "only the recorded page's images, fonts and style sheets").toEqual([]);
        // Where the referrer is the point, the requests it would ride on are made.
        for (const a of ALLOWED[name].mustLoad) {
          expect(requests.map((r) => r.url), `${a} requested`).toContainEqual(expect.stringMatching(`/beacon/${name}/${a}$`));
        }
      }
      // No referrer, from any document of the replay.
      expect(requests.filter((r) => r.referer), "no referrer").toEqual([]);
      // The replay document never carries the player's address with its query.
      const frameUrl = await page.evaluate(() => document.querySelector("[data-testid=replay-frame]").contentWindow.location.href);
      expect(frameUrl).not.toContain("?");
      expect(errors).toEqual([]);
      await context.close();
    }
  });
}
