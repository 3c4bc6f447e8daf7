// Recordings as Sentry's and PostHog's users have them, made by the real SDKs
// (tests/fixtures/vendor): the page, and every panel filled with what the page did.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { replay, expectState } from "./helpers.mjs";

const VENDOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/vendor");

/** What the capture page did, as the panels must show it (see tests/fixtures/vendor/README.md). */
async function expectCheckoutPanels(page, { uncaught, consoleCaughtIt }) {
  await expect(replay(page).getByText("Vendor capture page")).toBeVisible();

  await page.getByTestId("tab-console").click();
  const rows = page.getByTestId("console-panel").getByTestId("console-row");
  // PostHog's console plugin records the uncaught error too; Sentry sends it as an event.
  await expect(rows).toHaveCount(consoleCaughtIt ? 6 : 5);
  const texts = await rows.allInnerTexts();
  expect(texts[0]).toContain("cart opened");
  expect(texts[1]).toMatch(/shipping to\s+Berlin/);
  expect(texts[2]).toContain("coupon expired");
  expect(texts[3]).toContain("payment widget failed to load");
  expect(texts[4]).toContain("network down");
  await expect(rows.nth(3)).toHaveClass(/level-error/);
  await expect(rows.nth(2)).toHaveClass(/level-warn/);

  await page.getByTestId("tab-network").click();
  const net = page.getByTestId("network-panel");
  const cart = net.getByTestId("network-row").filter({ hasText: "/api/cart" });
  const coupon = net.getByTestId("network-row").filter({ hasText: "/api/coupon/SPRING" });
  const down = net.getByTestId("network-row").filter({ hasText: "unreachable" });
  await expect(cart).toHaveCount(1);
  await expect(coupon).toHaveClass(/failed/);
  await expect(down).toHaveClass(/failed/);
  await coupon.click();
  const details = net.getByTestId("request-details");
  await expect(details).toContainText("Status 404");
  await expect(details).toContainText("coupon not found");

  await page.getByTestId("tab-errors").click();
  const errors = page.getByTestId("errors-panel").getByTestId("error-row");
  await expect(errors.filter({ hasText: "payment widget failed to load" })).toHaveCount(1);
  await expect(errors.filter({ hasText: "/api/coupon/SPRING" })).toHaveCount(1);
  const crash = errors.filter({ hasText: "TypeError: Cannot read properties of undefined" });
  await expect(crash).toHaveCount(uncaught ? 1 : 0);
  if (uncaught) await expect(crash).toContainText("Uncaught exception");

  // Five fast clicks on "Pay", which does nothing: a rage click and a dead click at one moment,
  // one marker on the timeline that names both.
  const clicks = page.getByTestId("marker-rage-click");
  await expect(clicks).toHaveCount(1);
  await expect(clicks).toHaveAttribute("title", /^Rage click ×5 at 0:\d\d; Dead click at 0:\d\d$/);
  await expect(page.getByTestId("marker-dead-click")).toHaveCount(0);
}

// The error event travels in its own envelope: the recording-segments API has none.
for (const [form, file, uncaught] of [
  ["every envelope the SDK sent", "envelopes.bin", true],
  ["the recording-segments API's body", "recording-segments.json", false],
]) {
  test(`Sentry Replay: ${form}`, async ({ page }) => {
    await page.goto("/play?src=" + encodeURIComponent(`/vendor/sentry/${file}`));
    await expectState(page, "ready");
    await expect(page.getByTestId("format")).toHaveText("Sentry Replay");
    await expect(page.getByTestId("problems")).toHaveCount(0);
    await expectCheckoutPanels(page, { uncaught });
  });
}

for (const [form, file] of [
  ["the $snapshot posts as sent", "posts.bin"],
  ["the snapshot API's lines", "snapshots.jsonl"],
  ["an export to file", "export-2023-04-28.json"],
]) {
  test(`PostHog: ${form}`, async ({ page }) => {
    await page.goto("/play?src=" + encodeURIComponent(`/vendor/posthog/${file}`));
    await expectState(page, "ready");
    await expect(page.getByTestId("format")).toHaveText("PostHog");
    await expect(page.getByTestId("problems")).toHaveCount(0);
    await expectCheckoutPanels(page, { uncaught: true, consoleCaughtIt: true });
  });
}

// The same bodies from the operator's storage: `sessions_url` of config.json.
for (const [vendor, id, format] of [
  ["sentry", "envelopes.bin", "Sentry Replay"],
  ["posthog", "posts.bin", "PostHog"],
  ["posthog", "form.bin", "PostHog"],
]) {
  test(`${format} from storage (sessions_url): ${id}`, async ({ page }) => {
    await page.route("**/config.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ sessions_url: `/vendor/${vendor}/{id}` }) }));
    await page.goto(`/sessions/${id}`);
    await expectState(page, "ready");
    await expect(page.getByTestId("format")).toHaveText(format);
    await expect(page.getByTestId("problems")).toHaveCount(0);
    await expectCheckoutPanels(page, { uncaught: true, consoleCaughtIt: vendor === "posthog" });
  });
}

test("PostHog: several windows are listed, and another can be played", async ({ page }) => {
  await page.goto("/play?src=" + encodeURIComponent("/vendor/posthog/windows.jsonl") + "&t=2");
  await expectState(page, "paused");
  await expect(page.getByTestId("format")).toHaveText("PostHog · 2 windows");
  await expect(page.getByTestId("problems")).toContainText("1 warning");
  await page.getByTestId("format").click();
  const info = page.getByTestId("session-info");
  await expect(info).toBeVisible();
  const links = info.getByTestId("window-link");
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute("aria-current", "true");
  await expect(links.nth(1)).toHaveText("Window 2 · 5 events");
  const all = await info.locator("dd").nth(1).innerText();
  await links.nth(1).click();
  await expect(page).toHaveURL(/window=second-tab-/);
  await expect(page).toHaveURL(/t=2/);
  await expectState(page, "paused");
  await expect(replay(page).getByText("Vendor capture page")).toBeVisible();
  await page.getByTestId("format").click();
  await expect(page.getByTestId("session-info").locator("dd").nth(1)).toHaveText("5");
  expect(Number(all)).toBeGreaterThan(5);
  await expect(page.getByTestId("session-info").getByTestId("window-link").nth(1)).toHaveAttribute("aria-current", "true");
  // A window that is not there: the first page's is played, and that is said.
  await page.goto("/play?src=" + encodeURIComponent("/vendor/posthog/windows.jsonl") + "&window=nowhere");
  await expectState(page, "ready");
  await page.getByTestId("problems").click();
  await expect(page.getByTestId("problems-details")).toContainText('no page of window "nowhere"');
  await expect(page.getByTestId("format")).toHaveText("PostHog · 2 windows");
});

test("Sentry Replay: the recorder's settings are shown beside the format", async ({ page }) => {
  await page.goto("/play?src=" + encodeURIComponent("/vendor/sentry/recording-segments.json"));
  await expectState(page, "ready");
  await expect(page.getByTestId("session-info")).toBeHidden();
  await page.getByTestId("format").click();
  const settings = page.getByTestId("recorder-settings");
  await expect(settings).toBeVisible();
  await expect(settings).toContainText("maskAllText");
  await expect(settings).toContainText("networkCaptureBodies");
  await expect(page.getByTestId("session-info").getByTestId("windows")).toHaveCount(0);
});

// Every stored form, dropped on the home page as a file a user downloaded.
for (const [file, format] of [
  ["sentry/recording-segments.json", "Sentry Replay"],
  ["posthog/s-0.bin", "PostHog"],
  ["posthog/snapshots.jsonl", "PostHog"],
  ["posthog/export-2022-12-02.json", "PostHog"],
]) {
  test(`${format}: ${file} dropped on the page`, async ({ page }) => {
    await page.goto("/");
    await dropFile(page, path.join(VENDOR, file));
    await expectState(page, "ready");
    await expect(page.getByTestId("format")).toHaveText(format);
    await expect(replay(page).getByText("Vendor capture page")).toBeVisible();
  });
}

async function dropFile(page, file) {
  const bytes = [...fs.readFileSync(file)];
  const dt = await page.evaluateHandle(([bytes, name]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type: "application/octet-stream" }));
    return dt;
  }, [bytes, path.basename(file)]);
  await page.dispatchEvent(".app", "dragover", { dataTransfer: dt });
  await page.dispatchEvent(".app", "drop", { dataTransfer: dt });
}

test("Sentry Replay: a stored segment, dropped on the page", async ({ page }) => {
  await page.goto("/");
  await dropFile(page, path.join(VENDOR, "sentry/segment-0.bin"));
  await expectState(page, "ready");
  await expect(page.getByTestId("format")).toHaveText("Sentry Replay");
  await expect(replay(page).getByText("Vendor capture page")).toBeVisible();
});

test("Sentry Replay: web vitals and the heap follow the playhead; a poor vital is marked", async ({ page }) => {
  await page.goto("/play?src=/fixtures/sentry-poor-lcp.json");
  await expectState(page, "ready");
  const strip = page.getByTestId("performance");
  const lcp = strip.getByTestId("vital").filter({ hasText: "LCP" });
  await expect(lcp).toContainText("5200 ms");
  await expect(lcp).toHaveClass(/rating-poor/);
  await expect(strip.getByTestId("vital").filter({ hasText: "CLS" })).toHaveClass(/rating-good/);
  // Before the first memory sample there is no heap to show; at the end there is.
  await expect(strip.getByTestId("heap")).toHaveText("Heap –");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 60_000 }, "*"));
  await expect(strip.getByTestId("heap")).toHaveText(/^Heap [\d.]+ MB of [\d.]+ MB$/);
  const marker = page.getByTestId("marker-poor-vital");
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute("title", /^Poor LCP \(5200 ms\) at 0:0\d/);
  await marker.click();
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
});

test("a plain rrweb recording says so, and has no performance strip", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await expect(page.getByTestId("format")).toHaveText("rrweb");
  await expect(page.getByTestId("performance")).toHaveCount(0);
});
