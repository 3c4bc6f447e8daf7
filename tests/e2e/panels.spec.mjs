// Developer panels, rage clicks and deep links: what a developer arriving from an error report
// sees and does.
import { test, expect } from "@playwright/test";
import { replay, expectState, latestInView, GLANCE_ROW_PX, dragTimeline } from "./helpers.mjs";

async function shownSeconds(page) {
  const parts = (await page.getByTestId("current-time").textContent()).split(":").map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

// The checkout's first uncaught TypeError, as an error dashboard knows it (epoch ms).
const UNCAUGHT_AT = 1795762187744;

test("a deep link with ?at= lands paused at the uncaught TypeError, selected", async ({ page }) => {
  await page.goto(`/sessions/buggy-checkout?at=${UNCAUGHT_AT}`);
  await expectState(page, "paused");
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  const panel = page.getByTestId("errors-panel");
  await expect(panel).toBeVisible();
  const selected = panel.locator('[data-testid="error-row"][aria-current="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText("Uncaught TypeError: Cannot read properties of undefined (reading 'total')");
  // The replay shows the page at that moment: the payment form, scrolled to the Pay button.
  await expect(replay(page).getByText("Pay €48.00")).toBeVisible();
  // The same moment as ISO 8601.
  await page.goto(`/sessions/buggy-checkout?at=${new Date(UNCAUGHT_AT).toISOString()}`);
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  await expect(page.getByTestId("errors-panel").locator('[aria-current="true"]')).toContainText("Uncaught TypeError");
});

test("a pasted link is decoded once: a signed src keeps its escapes, ?q= its %2B, ?at= a + typed as is", async ({ page }) => {
  // Encoded once by whoever made the link, as the home page's form does.
  const signed = "/signed/buggy-checkout.json?sig=ab%2Bcd%3D";
  await page.goto(`/play?src=${encodeURIComponent(signed)}`);
  await expectState(page, "ready");
  await expect(replay(page).getByText("Crabby Shop").first()).toBeVisible();
  await page.goto(`/sessions/buggy-checkout?q=${encodeURIComponent("50%2B off")}`);
  await expect(page.getByTestId("find-input")).toHaveValue("50%2B off");
  // The uncaught TypeError's moment in UTC+1, its "+" not encoded: the query makes it a space.
  const plusOne = new Date(UNCAUGHT_AT + 3_600_000).toISOString().replace("Z", "+01:00");
  await page.goto(`/sessions/buggy-checkout?at=${plusOne}`);
  await expectState(page, "paused");
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  await expect(page.getByTestId("notice")).toHaveCount(0);
});

test("a link with several bad parts says each of them, not only the last", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=abc&panel=memory&node=xyz");
  await expectState(page, "paused");
  const notice = page.getByTestId("notice");
  await expect(notice).toContainText("?t=abc is not a time");
  await expect(notice).toContainText("?panel=memory is not a panel");
  await expect(notice).toContainText('node="xyz" is not a node id');
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
  // A node that is there says nothing, and what was said before is not said twice.
  await page.goto("/sessions/buggy-checkout?t=abc&panel=memory&node=1");
  await expectState(page, "paused");
  await expect(notice).toContainText("?panel=memory is not a panel");
  expect((await notice.textContent()).split("is not a time").length - 1).toBe(1);
});

test("a jump replaces the moment a link gave under another player's name (Sentry's event_t)", async ({ page }) => {
  await page.goto(`/sessions/buggy-checkout?event_t=${UNCAUGHT_AT / 1000}&t_main=console`);
  await expectState(page, "paused");
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  // A console row is a jump: a history entry at its moment.
  const row = page.getByTestId("console-row").first();
  await row.click();
  await expect.poll(() => new URL(page.url()).searchParams.get("t")).not.toBeNull();
  const address = new URL(page.url());
  expect(address.searchParams.get("event_t")).toBeNull();
  expect(address.searchParams.get("t_main")).toBeNull();
  const t = Number(address.searchParams.get("t"));
  expect(t).toBeLessThan(53);
  // Reloaded, the address lands where the jump went, not at the old event_t.
  await page.reload();
  await expectState(page, "paused");
  expect(Math.abs((await shownSeconds(page)) - t)).toBeLessThanOrEqual(1);
});

test("a deep link to an error in a body that trickles in still selects that error", async ({ page }) => {
  // The error comes in the body's last parts: the link is landed when the download ends,
  // before the background has analysed those parts.
  const src = "/slow/buggy-checkout.json?ms=60&parts=12";
  await page.goto(`/play?src=${encodeURIComponent(src)}&at=${UNCAUGHT_AT}`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 20_000 });
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  const selected = page.getByTestId("errors-panel").locator('[data-testid="error-row"][aria-current="true"]');
  await expect(selected).toContainText("Uncaught TypeError: Cannot read properties of undefined (reading 'total')");
});

test("a link's moment that loads after the viewer moved the playhead does not throw them back", async ({ page }) => {
  // ?at= waits for the whole body (9 s here); meanwhile the viewer watches from elsewhere.
  const src = "/slow/buggy-checkout.json?ms=150&parts=60";
  await page.goto(`/play?src=${encodeURIComponent(src)}&at=${UNCAUGHT_AT}`);
  await expectState(page, "ready");
  // Once more than 5 s of it has loaded (a seek goes no further than what has).
  const seconds = (text) => text.split(":").map(Number).reduce((a, p) => a * 60 + p, 0);
  await expect.poll(async () => seconds(await page.getByTestId("duration").textContent())).toBeGreaterThan(5);
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "true");
  await page.getByTestId("timeline").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("current-time")).toHaveText("0:05");
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 20_000 });
  await expect(page.getByTestId("notice")).toContainText("stays where you took it");
  await expect(page.getByTestId("current-time")).toHaveText("0:05");
});

test("a ?q= link's result found after the viewer moved lists the results and leaves the playhead", async ({ page }) => {
  // The index is whole once the body is (9 s here); meanwhile the viewer moves.
  const src = "/slow/buggy-checkout.json?ms=150&parts=60";
  await page.goto(`/play?src=${encodeURIComponent(src)}&q=${encodeURIComponent("Payment failed in:console")}`);
  await expectState(page, "ready");
  const seconds = (text) => text.split(":").map(Number).reduce((a, p) => a * 60 + p, 0);
  await expect.poll(async () => seconds(await page.getByTestId("duration").textContent())).toBeGreaterThan(5);
  await page.getByTestId("timeline").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("current-time")).toHaveText("0:05");
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 20_000 });
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "true", { timeout: 20_000 });
  await expect(page.locator("[data-testid=find-result][data-kind=console]")).toHaveCount(2);
  await expect(page.getByTestId("find-status")).toHaveText("2 results");
  await expect(page.getByTestId("current-time")).toHaveText("0:05");
});

test("the lead-up of an error replays from 30 s before it", async ({ page }) => {
  await page.goto(`/sessions/buggy-checkout?at=${UNCAUGHT_AT}`);
  await expectState(page, "paused");
  await page.getByTestId("replay-lead-up").click();
  await expectState(page, "playing");
  const s = await shownSeconds(page);
  expect(s).toBeGreaterThanOrEqual(23);
  expect(s).toBeLessThanOrEqual(26);
});

test("next and previous error move between errors, paused and selected", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=30");
  await expectState(page, "paused");
  await page.getByTestId("next-error").click();
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  // The panel that was open stays open; the errors panel, opened, shows the error selected.
  await expect(page.getByTestId("errors-panel")).toBeHidden();
  await page.getByTestId("tab-errors").click();
  await expect(page.getByTestId("errors-panel").locator('[aria-current="true"]')).toHaveCount(1);
  await expect(page.getByTestId("errors-panel").locator('[aria-current="true"]')).toContainText("Failed request");
  await page.getByTestId("prev-error").click();
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
  await expectState(page, "paused");
});

test("clicking a console row seeks there; filters and search narrow the list", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?panel=console");
  await expectState(page, "ready");
  const panel = page.getByTestId("console-panel");
  await expect(panel.getByTestId("console-row")).toHaveCount(14);
  const warning = panel.getByTestId("console-row").filter({ hasText: "Card number failed validation" });
  await warning.click();
  await expect(page.getByTestId("current-time")).toHaveText("0:22");
  await expect(warning).toHaveAttribute("aria-current", "true");
  await expectState(page, "paused");
  // Objects are trees: expand one.
  await warning.locator("details.json-tree summary").first().click();
  await expect(warning).toContainText("luhn");
  await panel.getByRole("button", { name: "Errors" }).click();
  await expect(panel.getByTestId("console-row")).toHaveCount(4);
  await panel.getByRole("button", { name: "All" }).click();
  await panel.getByLabel("Filter console messages").fill("trust badge");
  await expect(panel.getByTestId("console-row")).toHaveCount(2);
});

test("a console row opened while the session downloads stays open as more of it comes", async ({ page }) => {
  const src = "/slow/buggy-checkout.json?ms=250&parts=40";
  await page.goto(`/play?src=${encodeURIComponent(src)}&panel=console`);
  const panel = page.getByTestId("console-panel");
  const warning = panel.getByTestId("console-row").filter({ hasText: "Card number failed validation" });
  await expect(warning).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "true");
  await warning.locator("details.json-tree summary").first().click();
  await expect(warning.locator("details.json-tree").first()).toHaveAttribute("open", "");
  // The rest comes in: new messages join the list around the opened one, which is left as it is.
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 20_000 });
  await expect(panel.getByTestId("console-row")).toHaveCount(14);
  await expect(warning.locator("details.json-tree").first()).toHaveAttribute("open", "");
  await expect(warning).toContainText("luhn");
});

test("clicking a network row seeks there and shows its headers and bodies", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?panel=network");
  await expectState(page, "ready");
  const panel = page.getByTestId("network-panel");
  await expect(panel.getByTestId("network-row")).toHaveCount(10);
  await panel.getByRole("button", { name: "Failed" }).click();
  await expect(panel.getByTestId("network-row")).toHaveCount(3);
  const pay = panel.getByTestId("network-row").filter({ hasText: "/api/pay" }).first();
  await expect(pay).toHaveClass(/failed/);
  await pay.click();
  await expect(page.getByTestId("current-time")).toHaveText("0:52");
  const details = panel.getByTestId("request-details");
  await expect(details).toContainText("Status 500");
  await expect(details).toContainText("card_processor_unavailable");
  await expect(details).toContainText("content-type");
});

test("rage clicks: a marker on the timeline, a ring with the count over the coupon button", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await expect(page.getByTestId("marker-rage-click")).toHaveCount(1);
  // Seven errors at three moments: moments closer than 16 px share a marker that names them all.
  await expect(page.getByTestId("marker-error")).toHaveCount(3);
  await expect(page.getByTestId("marker-error").nth(1)).toHaveAttribute("title", /^[^;]+ at 0:53: [^;]+; [^;]+ at 0:53: [^;]+; [^;]+ at 0:53: /);
  await page.getByTestId("marker-rage-click").click();
  await expect(page.getByTestId("current-time")).toHaveText("0:47");
  // Move into the burst: six clicks in 1.2 s.
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 48_900 }, "*"));
  const ring = page.getByTestId("rage-ring");
  await expect(ring).toHaveCount(1);
  await expect(ring).toContainText("×6");
  // The ring is over the "Apply coupon" button of the replayed page.
  const frame = await page.getByTestId("replay-frame").boundingBox();
  const button = await replay(page).getByRole("button", { name: "Apply coupon" }).boundingBox();
  const r = await ring.boundingBox();
  const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
  expect(cx).toBeGreaterThan(button.x);
  expect(cx).toBeLessThan(button.x + button.width);
  expect(cy).toBeGreaterThan(button.y);
  expect(cy).toBeLessThan(button.y + button.height);
  expect(frame).not.toBeNull();
  // The activity trail names it.
  await page.getByTestId("tab-activity").click();
  await expect(page.getByTestId("activity-panel").getByTestId("activity-row").filter({ hasText: "Rage click ×6" })).toContainText("apply-coupon");
});

test("malformed or out-of-range links land on the nearest valid moment with a notice", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=soon");
  await expectState(page, "paused");
  await expect(page.getByTestId("notice")).toContainText("?t=soon is not a time");
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
  await page.goto("/sessions/buggy-checkout?t=9999");
  await expect(page.getByTestId("notice")).toContainText("after the session ended");
  await expect(page.getByTestId("current-time")).toHaveText("1:10");
  await page.goto("/sessions/buggy-checkout?at=1700000000000");
  await expect(page.getByTestId("notice")).toContainText("before the session started");
});

test("copy link to this moment; back and forward move between the moments jumped to", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/sessions/buggy-checkout?panel=console");
  await expectState(page, "ready");
  const rows = page.getByTestId("console-panel").getByTestId("console-row");
  await rows.filter({ hasText: "validate" }).click();
  await expect(page.getByTestId("current-time")).toHaveText("0:12");
  await rows.filter({ hasText: "terms" }).click();
  await expect(page.getByTestId("current-time")).toHaveText("0:31");
  await expect(page).toHaveURL(/t=31\.5/);
  await page.getByTestId("copy-moment-link").click();
  await expect(page.getByTestId("notice")).toContainText("/sessions/buggy-checkout?t=31.5&panel=console");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("t=31.5");
  await page.goBack();
  await expect(page.getByTestId("current-time")).toHaveText("0:12");
  await page.goForward();
  await expect(page.getByTestId("current-time")).toHaveText("0:31");
  // The copied link opens at that moment.
  await page.goto(copied);
  await expect(page.getByTestId("current-time")).toHaveText("0:31");
  await expect(page.getByTestId("console-panel")).toBeVisible();
});

test("?play=1 starts playing; panels are reachable by keyboard", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=5&play=1&panel=activity");
  await expectState(page, "playing");
  await expect(page.getByTestId("activity-panel")).toBeVisible();
  await page.getByTestId("tab-activity").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("tab-elements")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("tab-console")).toBeFocused();
  await expect(page.getByTestId("console-panel")).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Console" })).toBeVisible();
  await page.keyboard.press("Tab");
  // Rows take Enter.
  const row = page.getByTestId("console-row").first();
  await row.focus();
  await page.keyboard.press("Enter");
  await expect(row).toHaveAttribute("aria-current", "true");
});

test("console and network payloads with markup show as text", async ({ page }) => {
  await page.goto("/play?src=/fixtures/checkout-html-payloads.json&panel=console");
  await expectState(page, "ready");
  const row = page.getByTestId("console-row").filter({ hasText: "<img src=x" });
  await expect(row).toHaveCount(1);
  expect(await page.locator(".side-panel img").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test("rage-click thresholds are settings of config.json", async ({ page }) => {
  await page.route("**/config.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ rage_click_min: 7 }) }));
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await expect(page.getByTestId("marker-error")).toHaveCount(3);
  await expect(page.getByTestId("marker-rage-click")).toHaveCount(0);
});

test("a panel shown after the playhead moved scrolls to its latest row", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 520 });
  await page.goto("/sessions/buggy-checkout?panel=network");
  await expectState(page, "ready");
  // The console list is hidden while the playhead goes to the last console message.
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 53_900 }, "*"));
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  await page.getByTestId("tab-console").click();
  const panel = page.getByTestId("console-panel");
  const latest = panel.locator("[data-testid=console-row].latest");
  await expect(latest).toHaveCount(1);
  await expect(latest).toContainText("Cannot read properties of undefined");
  // In view within the list (the list scrolls; the page does not).
  await expect.poll(() => latestInView(panel, "console-row", { scrolled: true })).toBe(true);
});

test("while the playhead is dragged the console shows one line a row, as many as fill it; let go, whole rows with the latest in view", async ({ page }) => {
  await page.goto("/sessions/monaco-long");
  await expect(page.getByTestId("player")).toHaveAttribute("data-indexed", "true", { timeout: 30_000 });
  const panel = page.getByTestId("console-panel");
  const rows = panel.getByTestId("console-row");
  // Whole rows: objects as trees, stack traces folded under each message.
  await expect(rows.first()).toBeVisible();
  expect(await panel.locator(".json-tree").count()).toBeGreaterThan(0);
  expect(await panel.locator("details.trace").count()).toBeGreaterThan(0);
  await dragTimeline(page, 0.3, 0.55, 5);
  await expect(page.getByTestId("current-time")).toHaveText(/^1[67]:/);
  // Glanced at: each row one line of text (no trees, no traces), no more rows than fill the
  // list and one more, and those fill it; the latest row is among them, in view.
  await expect(panel.locator(".arg-text.glance").first()).toBeVisible();
  await expect(panel.locator(".json-tree")).toHaveCount(0);
  await expect(panel.locator("details.trace")).toHaveCount(0);
  const glanced = await panel.locator(".rows").evaluate((list) => {
    const rows = [...list.querySelectorAll("[data-testid=console-row]")];
    return {
      count: rows.length,
      heights: rows.map((r) => r.getBoundingClientRect().height),
      texts: rows.map((r) => r.querySelector(".console-args").textContent),
      view: list.clientHeight,
      content: list.scrollHeight,
    };
  });
  expect(glanced.count).toBeLessThanOrEqual(40);
  expect(glanced.content).toBeGreaterThanOrEqual(glanced.view);
  // A row's least height is GLANCE_ROW_PX: the list renders what fills it.
  expect(glanced.count).toBeLessThanOrEqual(Math.ceil(glanced.view / GLANCE_ROW_PX) + 1);
  for (const h of glanced.heights) expect(h).toBeGreaterThanOrEqual(GLANCE_ROW_PX);
  for (const h of glanced.heights) expect(h).toBeLessThan(40);
  expect(glanced.texts.some((t) => t.includes('{"name":'))).toBe(true);
  await expect(panel.locator("[data-testid=console-row].latest")).toHaveCount(1);
  await expect.poll(() => latestInView(panel, "console-row")).toBe(true);
  await page.mouse.up();
  // Let go: the whole window of rows again, trees and traces back, and the list scrolled to
  // the latest row (the rows made again used to leave it scrolled to others).
  await expect(rows).toHaveCount(100);
  expect(await panel.locator(".json-tree").count()).toBeGreaterThan(0);
  await expect(panel.locator("[data-testid=console-row].latest")).toHaveCount(1);
  await expect.poll(() => latestInView(panel, "console-row")).toBe(true);
  // A folded trace opens to its frames, made only then.
  const trace = panel.locator("details.trace").first();
  await expect(trace.locator("li")).toHaveCount(0);
  await trace.locator("summary").click();
  await expect(trace.locator("li").first()).toBeVisible();
});

test("a short console list dragged through keeps its latest row in view when the whole rows come back", async ({ page }) => {
  // Every message of the checkout fits the window of rows (no rows are made again when the
  // drag ends), but a whole row is taller than a glanced one.
  await page.setViewportSize({ width: 1280, height: 560 });
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const panel = page.getByTestId("console-panel");
  await dragTimeline(page, 0.1, 0.78, 6);
  await expect(panel.locator(".arg-text.glance").first()).toBeVisible();
  await expect.poll(() => latestInView(panel, "console-row")).toBe(true);
  await page.mouse.up();
  await expect(panel.locator(".arg-text.glance")).toHaveCount(0);
  await expect(panel.locator("[data-testid=console-row].latest")).toHaveCount(1);
  await expect.poll(() => latestInView(panel, "console-row")).toBe(true);
});
