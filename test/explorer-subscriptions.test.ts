// The explorer runs a subscription (issue 12 item 5, "usable from the explorer"): in a real
// headless Chromium, the example subscription tab is run over WebSocket on the same endpoint with
// the key given once, and an alert raised afterwards appears in the result pane. Screenshot under
// test/artifacts/.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { seededEnterprise, testAlert, testRule } from "./helpers/alerts.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (process.env.CI && !haveChromium) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.05 });
  if (haveChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.runIf(haveChromium)("the explorer's subscriptions", () => {
  it("runs the example subscription over WebSocket and shows an alert raised afterwards", async () => {
    const page = await (await browser.newContext()).newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(server.url, { waitUntil: "load" });
    await page.fill("#key-input", server.keys.FINANCE_BUREAU!);
    await page.click("#key-form button[type=submit]");
    await mkdir("test/artifacts", { recursive: true });
    // The tab strip animates (and overflows): a pointer click may land on a moving neighbour, so the tab's button is clicked directly.
    const tab = page.locator('button.graphiql-tab-button[title="HighAlertsRaised"]');
    await tab.waitFor({ state: "attached", timeout: 60_000 });
    await tab.evaluate((button) => (button as HTMLButtonElement).click());
    await page.locator(".graphiql-tab-active", { hasText: "HighAlertsRaised" }).waitFor({ timeout: 30_000 }).catch(async (error) => {
      await page.screenshot({ path: "test/artifacts/explorer-subscription-failed.png", fullPage: true });
      throw error;
    });
    // The editor shows the tab's query a moment after the tab is active (Monaco, slower on a busy
    // machine): run only once it holds the subscription, or the previous tab's query would run.
    await page
      .waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("alertRaised") ?? false, undefined, { timeout: 60_000 })
      .catch(async (error) => {
        await page.screenshot({ path: "test/artifacts/explorer-subscription-failed.png", fullPage: true });
        throw error;
      });
    // Run at once, no edit: GraphiQL keeps the previous tab's operation name ("Cannot infer
    // operation YangdongEnterprises", seen in CI), and the explorer's fetcher sends this tab's.
    await page.click(".graphiql-execute-button");
    await expect.poll(() => sockets.length, { timeout: 30_000 }).toBeGreaterThan(0).catch(async (error) => {
      await page.screenshot({ path: "test/artifacts/explorer-subscription-failed.png", fullPage: true });
      throw error;
    });
    expect(new URL(sockets[0]!).host).toBe(new URL(server.url).host);
    expect(new URL(sockets[0]!).pathname).toBe("/graphql");

    // Raise HIGH alerts until one shows in the result pane (the socket may still be subscribing).
    const db = server.running.db.prisma;
    const rule = await testRule(db, { resources: ["enterprise.registration"], severity: "HIGH" });
    const e = await seededEnterprise(db, "441704");
    const period = `EXPLORER-${process.pid}`;
    const deadline = Date.now() + 30_000;
    let shown = false;
    for (let i = 0; !shown && Date.now() < deadline; i++) {
      await testAlert(db, { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, period: `${period}-${i}` });
      shown = await page
        .waitForFunction((p) => document.querySelector(".result-window")?.textContent?.includes(p) ?? false, period, { timeout: 1_000 })
        .then(() => true, () => false);
    }
    await page.screenshot({ path: "test/artifacts/explorer-subscription.png", fullPage: true });
    expect(shown).toBe(true);
  });
});
