import { expect } from "@playwright/test";

/** The replay iframe's content, as a Playwright frame locator. */
export function replay(page) {
  return page.frameLocator('[data-testid="replay-frame"]');
}

/** Waits until the player reaches `state` (data-state on the player root). */
export async function expectState(page, state) {
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", state);
}

/** Collects `{type:"tapedeck:state"}` messages the player posts (to itself when top-level). */
export async function recordStateMessages(page) {
  await page.addInitScript(() => {
    window.__tapedeckStates = [];
    window.addEventListener("message", (e) => {
      if (e.data && e.data.type === "tapedeck:state") window.__tapedeckStates.push(e.data);
    });
  });
}

/** Resolves once the page has drawn at least `frames` animation frames over at least `ms`
 *  milliseconds. For checks that something does NOT happen: the player's clock, scroll
 *  settling and rendering all run on animation frames, so each of these frames was a chance
 *  for it to happen (on a loaded machine frames come slower, and the wait grows with them). */
export async function animationFrames(page, frames, ms = 0) {
  await page.evaluate(
    ([frames, ms]) =>
      new Promise((resolve) => {
        const start = performance.now();
        let n = 0;
        const tick = (now) => (++n >= frames && now - start >= ms ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    [frames, ms],
  );
}

/** Starts counting the page's requests in flight (its frames' included). */
export function trackRequests(page) {
  const inflight = new Set();
  page.on("request", (r) => inflight.add(r));
  page.on("requestfinished", (r) => inflight.delete(r));
  page.on("requestfailed", (r) => inflight.delete(r));
  return inflight;
}

/** Waits until no request counted by `trackRequests` is in flight. */
export async function expectNetworkIdle(inflight) {
  await expect.poll(() => [...inflight].map((r) => r.url())).toEqual([]);
}

/** Shows every moment of a recording in the player (a seek per 250 ms), then plays it to the
 *  end. */
export async function playThrough(page) {
  const durationMs = await page.evaluate(() => {
    const [m, s] = document.querySelector("[data-testid=duration]").textContent.split(":").map(Number);
    return (m * 60 + s + 1) * 1000;
  });
  for (let ms = 0; ms <= durationMs; ms += 250) {
    await page.evaluate((ms) => window.postMessage({ type: "tapedeck:seek", ms }, "*"), ms);
  }
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 0 }, "*"));
  await page.getByTestId("play-toggle").click();
  await page.waitForSelector("[data-testid=player][data-state=ended]", { timeout: 120_000 });
}

/** A panel row's least height, glanced at mid-drag (the core's `analysis::GLANCE_ROW_PX`). */
export const GLANCE_ROW_PX = 28;

/**
 * Whether the panel's `.latest` row (of `data-testid` `testid`) is within its list's view: the
 * list scrolls, not the page. With `scrolled`, also that the list is scrolled at all.
 */
export function latestInView(panel, testid, { scrolled = false } = {}) {
  return panel.locator(`[data-testid=${testid}].latest`).evaluate((row, scrolled) => {
    const list = row.closest(".rows");
    const r = row.getBoundingClientRect();
    const l = list.getBoundingClientRect();
    return r.top >= l.top - 1 && r.bottom <= l.bottom + 1 && (!scrolled || list.scrollTop > 0);
  }, scrolled);
}

/** Starts dragging the playhead: the mouse pressed on the timeline at `from` (a fraction of its
 *  width) and moved to `to` in `steps` moves, still pressed (the caller lets go). */
export async function dragTimeline(page, from, to, steps) {
  const track = await page.getByTestId("timeline").boundingBox();
  const y = track.y + track.height / 2;
  await page.mouse.move(track.x + track.width * from, y);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * to, y, { steps });
}
