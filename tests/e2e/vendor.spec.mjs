// Recordings as Sentry's and PostHog's users have them, made by the real SDKs
// (tests/fixtures/vendor): the page, and every panel filled with what the page did.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { replay, expectState } from "./helpers.mjs";

const VENDOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/vendor");

/** What the capture page did, as the panels must show it (see tests/fixtures/vendor/README.md). */
async function expectCheckoutPanels(page, { uncaught }) {
  await expect(replay(page).getByText("Vendor capture page")).toBeVisible();

  await page.getByTestId("tab-console").click();
  const rows = page.getByTestId("console-panel").getByTestId("console-row");
  await expect(rows).toHaveCount(5);
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
  await expect(errors.filter({ hasText: "TypeError: Cannot read properties of undefined" })).toHaveCount(uncaught ? 1 : 0);

  // Five fast clicks on "Pay", which does nothing.
  await expect(page.getByTestId("marker-rage-click")).toHaveCount(1);
  await expect(page.getByTestId("marker-dead-click")).toHaveCount(1);
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

test("Sentry Replay: a stored segment, dropped on the page", async ({ page }) => {
  await page.goto("/");
  const bytes = [...fs.readFileSync(path.join(VENDOR, "sentry/segment-0.bin"))];
  const dt = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "segment-0", { type: "application/octet-stream" }));
    return dt;
  }, bytes);
  await page.dispatchEvent(".app", "dragover", { dataTransfer: dt });
  await page.dispatchEvent(".app", "drop", { dataTransfer: dt });
  await expectState(page, "ready");
  await expect(page.getByTestId("format")).toHaveText("Sentry Replay");
  await expect(replay(page).getByText("Vendor capture page")).toBeVisible();
});

test("a plain rrweb recording says so", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await expect(page.getByTestId("format")).toHaveText("rrweb");
});
