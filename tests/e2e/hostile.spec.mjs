// Hostile recordings (tests/e2e/hostile.mjs): nothing in them runs, navigates, submits, opens a
// window or calls home; the harmless content around the payloads is still shown.
import { test, expect } from "@playwright/test";
import { replay, expectState, trackRequests, expectNetworkIdle } from "./helpers.mjs";

const ATTACKS = ["scripts", "handlers", "urls", "navigation", "css", "names", "panels"];

async function beacons(request, rec) {
  return (await request.get(`/beacon-log?rec=${rec}`)).json();
}

/** Opens a hostile recording and plays all of it (seeks through every event, then plays it from
 *  the start to the end), watching for calls to `__pwn`, popups and navigations. Returns once
 *  playback has ended and no request of the page is in flight. */
async function openHostile(page, rec, query = "") {
  await page.addInitScript(() => {
    window.__pwnCalls = [];
    window.__pwn = (name) => window.__pwnCalls.push(String(name));
  });
  const popups = [];
  page.context().on("page", (p) => popups.push(p.url()));
  const inflight = trackRequests(page);
  const url = "/play?src=" + encodeURIComponent(`/fixtures/hostile-${rec}.json`) + query;
  await page.goto(url);
  await expectState(page, "ready");
  const start = page.url();
  // Every moment of the recording: each event's changes are rendered.
  for (let ms = 0; ms <= 4000; ms += 250) {
    await page.evaluate((ms) => window.postMessage({ type: "tapedeck:seek", ms }, "*"), ms);
  }
  // At the end, play starts again from the beginning and runs to the end.
  await page.getByTestId("play-toggle").click();
  await expectState(page, "ended");
  await expectNetworkIdle(inflight);
  return { start, popups };
}

/** What must not happen (a call, a beacon, a navigation) has no event to wait for. After the
 *  positive signals — playback ended, every request settled — leave 1 s for anything delayed
 *  (timers, meta refreshes, animation and error events) before looking. */
async function graceForDelayedAttacks(page) {
  await page.waitForTimeout(1000);
}

for (const rec of ATTACKS) {
  test(`hostile recording "${rec}": nothing runs, nothing calls home, the page is shown`, async ({ page, request }) => {
    const { start, popups } = await openHostile(page, rec);
    const frame = replay(page);
    await expect(frame.locator("#before")).toHaveText(`harmless ${rec} before`);
    await expect(frame.locator("#after")).toHaveText(`harmless ${rec} after`);
    await expect(frame.locator("#late")).toHaveText(`harmless ${rec} added later`);
    await graceForDelayedAttacks(page);
    expect(await page.evaluate(() => window.__pwnCalls)).toEqual([]);
    expect(await beacons(request, rec)).toEqual([]);
    expect(page.url()).toBe(start);
    expect(popups).toEqual([]);
    await expect(page.getByTestId("player")).not.toHaveAttribute("data-state", "error");
    // The replay iframe is still the player's sandboxed document, never navigated away (a
    // document of the player's own: a blob: page, or one it opened, with the player's path
    // but never its query, or about:blank).
    const sandbox = await page.getByTestId("replay-frame").getAttribute("sandbox");
    expect(sandbox).not.toContain("allow-scripts");
    const frameUrl = await page.evaluate(() => document.querySelector("[data-testid=replay-frame]").contentWindow.location.href);
    const player = new URL(page.url());
    const own = frameUrl === "about:blank" || frameUrl.startsWith(`blob:${player.origin}/`) || frameUrl === player.origin + player.pathname;
    expect(own, frameUrl).toBe(true);
  });
}

test("console and network payloads made of markup are shown as text", async ({ page, request }) => {
  await openHostile(page, "panels");
  await page.getByTestId("tab-console").click();
  const consolePanel = page.getByTestId("console-panel");
  await expect(consolePanel).toContainText('<img src=x onerror="parent.__pwn');
  await expect(consolePanel).toContainText("<script>parent.__pwn");
  await expect(consolePanel.locator("img, script, iframe")).toHaveCount(0);
  await page.getByTestId("tab-network").click();
  const net = page.getByTestId("network-panel");
  await expect(net).toContainText("network-name-img'>");
  await net.getByTestId("network-row").first().click();
  const details = page.getByTestId("request-details");
  await expect(details).toContainText("<img src=x onerror=");
  await expect(details).toContainText("<script>parent.__pwn");
  await expect(page.locator("[data-testid=network-panel] img, [data-testid=request-details] script, [data-testid=request-details] img")).toHaveCount(0);
  expect(await page.evaluate(() => window.__pwnCalls)).toEqual([]);
  expect(await beacons(request, "panels")).toEqual([]);
});

test("recorded assets load for fidelity, and none load when remote assets are blocked", async ({ page, request, browser }) => {
  // Default: the recording's images, sheets and fonts are fetched like any replay does.
  // (openHostile returns with every request settled: the count below is final, not a snapshot
  // taken while assets were still loading.)
  await openHostile(page, "assets");
  await expect(replay(page).locator("#before")).toBeVisible();
  const loadedByDefault = (await beacons(request, "assets")).length;
  expect(loadedByDefault).toBeGreaterThan(0);

  // Blocked by config.json: nothing at all, not even after playing it all and toggling nothing.
  const context = await browser.newContext();
  const blocked = await context.newPage();
  await blocked.route("**/config.json", async (route) => {
    const res = await route.fetch();
    const cfg = await res.json();
    await route.fulfill({ response: res, json: { ...cfg, block_remote_assets: true } });
  });
  await openHostile(blocked, "assets");
  await expect(blocked.getByTestId("block-remote")).toHaveAttribute("aria-pressed", "true");
  await expect(replay(blocked).locator("#before")).toHaveText("harmless assets before");
  await graceForDelayedAttacks(blocked);
  expect((await beacons(request, "assets")).length).toBe(loadedByDefault);

  // Switched in the player: the frame is rebuilt without them; switching back loads them again.
  await page.getByTestId("block-remote").click();
  await expect(page.getByTestId("block-remote")).toHaveAttribute("aria-pressed", "true");
  const srcs = await replay(page).locator("img").evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src")));
  expect(srcs.every((s) => !s || !s.includes("/beacon/"))).toBe(true);
  await context.close();
});
