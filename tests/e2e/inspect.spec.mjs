// The inspector: pick an element in the replay, the tree at the playhead, the node's details and
// life, deep links to a node, two moments compared.
import { test, expect } from "@playwright/test";
import { replay, expectState, animationFrames } from "./helpers.mjs";

/** The playhead, in ms. */
async function playheadMs(page) {
  return Number(await page.getByTestId("current-time").getAttribute("data-ms"));
}

/** Inspect mode on, pointer over `target` (a locator in the replay), then a click on it. */
async function pick(page, target) {
  await page.getByTestId("inspect-toggle").click();
  await expect(page.getByTestId("inspect-toggle")).toHaveAttribute("aria-pressed", "true");
  // Pick mode opens the Elements panel: the replay may be laid out anew first.
  await animationFrames(page, 3);
  const box = await target.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
  return box;
}

test("pick the Pay button: the tree selects it, details show it, its life lists its text changes", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=53");
  await expectState(page, "paused");
  const pay = replay(page).locator("#pay");
  const box = await pick(page, pay);
  // Hovering highlights the button with its name and size, drawn by the player over the replay.
  const highlight = page.getByTestId("node-highlight");
  await expect(highlight).toContainText("button#pay.primary");
  const hb = await highlight.boundingBox();
  expect(Math.abs(hb.x - box.x)).toBeLessThan(4);
  expect(Math.abs(hb.width - box.width)).toBeLessThan(4);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  // Picking ends with the click; the Elements panel shows the button selected.
  await expect(page.getByTestId("inspect-toggle")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("elements-panel")).toBeVisible();
  const row = page.locator('[data-testid=dom-node][aria-selected=true]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("<button");
  await expect(row).toContainText('id="pay"');
  const details = page.getByTestId("node-details");
  await expect(details.getByTestId("node-label")).toHaveText("button#pay.primary.processing");
  await expect(details.locator("[data-attr=id] td")).toHaveText("pay");
  await expect(details.locator("[data-attr=class] td")).toHaveText("primary processing");
  await expect(details).toContainText(/Box\s*\d+ × \d+ at \d+, \d+/);
  await expect(details.getByTestId("node-selector")).toHaveText("#pay");
  // Its life: created with the page, then its text replaced by "Processing…" at each payment.
  const history = page.getByTestId("node-history-row");
  await expect(history.first()).toHaveAttribute("data-kind", "created");
  const processing = history.filter({ hasText: "→ \"Processing…\"" });
  await expect(processing).toHaveCount(2);
  const times = await processing.evaluateAll((rows) => rows.map((r) => Number(r.dataset.ms)));
  // The payments: the console errors at 0:53.4 and 1:01.6 follow each within a second.
  expect(times[0]).toBeGreaterThan(52_000);
  expect(times[0]).toBeLessThan(53_400);
  expect(times[1]).toBeGreaterThan(60_500);
  expect(times[1]).toBeLessThan(61_600);
  // Its changes are marked on the timeline while it is selected.
  await expect(page.getByTestId("marker-node").first()).toBeVisible();
  // A history row jumps there, the button still selected, the replay showing the new text.
  await processing.first().click();
  await expectState(page, "paused");
  expect(Math.abs((await playheadMs(page)) - times[0])).toBeLessThan(100);
  await expect(pay).toHaveText("Processing…");
  await expect(row).toContainText('id="pay"');
  await expect(details.locator("[data-attr=class] td")).toHaveText("primary processing");
  // › goes to its next change, ‹ back.
  await page.getByTestId("history-next").click();
  await expect.poll(() => playheadMs(page)).toBeGreaterThan(times[0]);
  await page.getByTestId("history-prev").click();
  await expect.poll(() => playheadMs(page)).toBeLessThanOrEqual(times[0] + 1);
  // Its attributes as recorded follow the moment: at its creation, no "processing".
  await history.first().click();
  await expect(details.locator("[data-attr=class] td")).toHaveText("primary");
});

test("picking works at any scale, into the recorded iframe and the shadow root", async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.goto("/sessions/buggy-checkout?t=53");
  await expectState(page, "paused");
  // The replay is scaled down to fit: the mapping still lands on the button.
  const pay = replay(page).locator("#pay");
  let box = await pick(page, pay);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId("node-details").getByTestId("node-label")).toHaveText(/^button#pay/);
  await page.goto("/sessions/buggy-checkout?t=42.5");
  await expectState(page, "paused");
  // Inside the same-origin iframe the page recorded.
  const inner = replay(page).frameLocator("iframe").locator("input").first();
  box = await pick(page, inner);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId("node-details").getByTestId("node-label")).toHaveText(/^input/);
  // The tree shows the frame's document around it.
  await expect(page.locator("[data-testid=dom-node]").filter({ hasText: "#document" }).first()).toBeVisible();
  // Inside the trust badge's shadow root (the deepest element under the pointer, as devtools
  // picks): its selector goes through the host.
  box = await pick(page, replay(page).locator("[part=button]"));
  await expect(page.getByTestId("node-highlight")).toContainText(/^(button|span)/);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId("node-details").getByTestId("node-label")).toHaveText(/^(button|span)/);
  await expect(page.getByTestId("node-selector")).toContainText(/^#badge >>> /);
  await expect(page.getByTestId("node-selector")).toContainText(">>>");
  await expect(page.getByTestId("dom-shadow-root").first()).toBeVisible();
  // Escape leaves pick mode without selecting.
  await page.getByTestId("inspect-toggle").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("inspect-toggle")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("pick-layer")).toBeHidden();
  // `i` turns it on.
  await page.getByTestId("timeline-slider").focus();
  await page.keyboard.press("i");
  await expect(page.getByTestId("inspect-toggle")).toHaveAttribute("aria-pressed", "true");
});

test("&node= lands with the node selected; Copy link carries it; bad nodes say why", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=53");
  await expectState(page, "paused");
  await pick(page, replay(page).locator("#pay")).then((b) => page.mouse.click(b.x + b.width / 2, b.y + b.height / 2));
  const id = await page.locator("[data-testid=dom-node][aria-selected=true]").getAttribute("data-node-id");
  await page.getByTestId("copy-moment-link").click();
  const notice = await page.getByTestId("notice").textContent();
  // (The notice ends with its close button, "×".)
  const link = notice.match(/https?:\/\/[^\s×]+/)[0];
  expect(new URL(link).searchParams.get("node")).toBe(id);
  expect(new URL(link).searchParams.get("panel")).toBe("elements");
  await page.goto(link);
  await expectState(page, "paused");
  await expect(page.getByTestId("elements-panel")).toBeVisible();
  await expect(page.locator("[data-testid=dom-node][aria-selected=true]")).toHaveAttribute("data-node-id", id);
  await expect(page.getByTestId("node-details").getByTestId("node-label")).toHaveText(/^button#pay/);
  // Without a panel the link still opens the Elements panel.
  await page.goto(`/sessions/buggy-checkout?t=53&node=${id}`);
  await expect(page.getByTestId("elements-panel")).toBeVisible();
  await expect(page.locator("[data-testid=dom-node][aria-selected=true]")).toHaveAttribute("data-node-id", id);
  for (const bad of ["abc", "99999999", "-1", "1e3", "%3Cimg%20src%3Dx%3E"]) {
    await page.goto(`/sessions/buggy-checkout?t=53&node=${bad}`);
    await expectState(page, "paused");
    await expect(page.getByTestId("notice")).toContainText("node");
    await expect(page.locator("[data-testid=dom-node][aria-selected=true]")).toHaveCount(0);
  }
});

test("the tree follows the playhead and the keyboard; compare marks what changed before the error", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=10&panel=elements");
  await expectState(page, "paused");
  const tree = page.locator("[role=tree]");
  await expect(tree.locator("[data-testid=dom-node]").first()).toBeVisible();
  // Screen readers hear each row's depth: the document's children are level 1, theirs level 2.
  await expect(tree.locator("[data-testid=dom-node]").first()).toHaveAttribute("aria-level", "1");
  await expect(tree.locator("[data-testid=dom-node][aria-level='2']").first()).toBeAttached();
  // Arrow keys: into the tree, down, open, close.
  await tree.focus();
  await page.keyboard.press("ArrowDown");
  const selected = page.locator("[data-testid=dom-node][aria-selected=true]");
  await expect(selected).toHaveCount(1);
  const first = await selected.getAttribute("data-node-id");
  await page.keyboard.press("ArrowDown");
  await expect(selected).not.toHaveAttribute("data-node-id", first);
  await page.keyboard.press("ArrowUp");
  await expect(selected).toHaveAttribute("data-node-id", first);
  // A collapsed row opens with → and closes with ←.
  await page.locator('[data-testid=dom-node][aria-expanded=false]').first().click();
  await page.keyboard.press("ArrowRight");
  await expect(selected).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(selected).toHaveAttribute("aria-expanded", "false");
  // At the first TypeError, compared with the coupon rage click: the button's text was
  // replaced, so nodes were added and removed; the list names them.
  await page.goto("/sessions/buggy-checkout?t=53.5&panel=elements");
  await expectState(page, "paused");
  const select = page.getByTestId("compare-select");
  const rage = select.locator("option", { hasText: "Rage click" });
  await select.selectOption(await rage.getAttribute("value"));
  const summary = page.getByTestId("compare-summary");
  await expect(summary).toContainText(/\d+ added · \d+ removed · \d+ changed/);
  const counts = (await summary.textContent()).match(/(\d+) added · (\d+) removed · (\d+) changed/).slice(1).map(Number);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBeGreaterThan(0);
  await expect(page.getByTestId("compare-list").locator("li[data-diff=added]").first()).toBeAttached();
  // Rows of the tree carry the marks: closed rows say what changed inside them.
  await expect(page.locator("[data-testid=dom-node][data-diff=inside]").first()).toBeAttached();
  // Back to no comparison: no marks.
  await select.selectOption("");
  await expect(summary).toHaveCount(0);
  await expect(page.locator("[data-testid=dom-node][data-diff]")).toHaveCount(0);
  // Pin this moment, then move the playhead: the comparison follows it.
  await page.getByTestId("compare-pin").click();
  await expect(summary).toContainText("0:53 · 0 added · 0 removed · 0 changed");
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => playheadMs(page)).toBeGreaterThan(58_000);
  await expect(summary).toContainText("0:53 ·");
  await expect(summary).not.toContainText("0 added · 0 removed · 0 changed");
  await expect(select.locator("option:checked")).toContainText("pinned");
});

test("Activity: inspect selects the clicked element at that moment", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?panel=activity");
  await expectState(page, "ready");
  const row = page.getByTestId("activity-row").filter({ hasText: "Rage click" });
  await row.getByTestId("activity-inspect").click();
  await expect(page.getByTestId("elements-panel")).toBeVisible();
  await expect(page.getByTestId("node-details").getByTestId("node-label")).toHaveText("button#apply-coupon.secondary");
  await expect(page.getByTestId("node-history-row").filter({ hasText: "rage click ×6" })).toHaveCount(1);
});
