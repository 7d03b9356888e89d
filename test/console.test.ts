// The operators' console (/console) in a real headless Chromium: every action goes through
// /graphql with the operator's key, and the page loads nothing from any other host. Saves
// screenshots of the key and request views under test/artifacts/.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { enterKey, haveChromium, launchChromium, recordedPage, screenshot } from "./helpers/browser.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  if (haveChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const prefixOf = (key: string) => key.split("_").slice(0, 2).join("_");
const BACKEND = onPostgres ? "PostgreSQL" : "PGlite";

/** Calls the API with a raw key (not a demo label): the status tells whether the key works. */
async function statusWith(key: string): Promise<number> {
  const res = await fetch(`${server.url}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: "{ rateLimitBudget { agency } }" }) });
  return res.status;
}

async function openConsole(label: string, hash = "", locale?: string): Promise<{ page: Page; hosts: Set<string>; errors: string[] }> {
  const recorded = await recordedPage(browser, locale ? { locale } : {});
  await recorded.page.goto(`${server.origin}/console${hash}`, { waitUntil: "load" });
  await enterKey(recorded.page, server.keys[label]!);
  return recorded;
}

const onlyThisServer = (hosts: Set<string>) => expect([...hosts]).toEqual([new URL(server.origin).host]);

describe.runIf(haveChromium)(`the console in Chromium (${BACKEND})`, () => {
  it("lists the keys with owner, kind, expiry and last use; creates, rotates and revokes one through the API", async () => {
    // The operator's own key has been used (the write is in the background, at most once a minute).
    const mine = prefixOf(server.keys.FINANCE_BUREAU!);
    for (let i = 0; i < 100; i++) {
      const keys = (await server.gql(`{ apiKeys { prefix lastUsedAt } }`)).body.data.apiKeys as Array<{ prefix: string; lastUsedAt: string | null }>;
      if (keys.find((k) => k.prefix === mine)?.lastUsedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { page, hosts, errors } = await openConsole("FINANCE_BUREAU");
    const row = page.locator(`tr[data-prefix="${mine}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain("FINANCE_BUREAU");
    expect(await row.locator("td.last-used").innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await page.locator("th").allInnerTexts()).toEqual(expect.arrayContaining(["前缀", "机构", "类型", "到期", "最近使用"]));

    // A mistake is named by its field, from the API's own validation.
    await page.selectOption("#create-key select[name=agency]", "COUNTY");
    await page.fill("#create-key input[name=name]", "county-sync");
    await page.click("#create-key button[type=submit]");
    await page.waitForFunction(() => document.getElementById("status")!.textContent!.includes("input.county"));

    // Created: the secret is shown once, and it works.
    await page.selectOption("#create-key select[name=agency]", "PBOC");
    await page.fill("#create-key input[name=county]", "");
    await page.fill("#create-key input[name=name]", "console-made");
    await page.fill("#create-key input[name=expires]", "2099-12-31");
    await page.click("#create-key button[type=submit]");
    const created = await page.locator("#new-key code").innerText({ timeout: 30_000 });
    const createdPrefix = prefixOf(created);
    expect(await statusWith(created)).toBe(200);
    const createdRow = page.locator(`tr[data-prefix="${createdPrefix}"]`);
    expect(await createdRow.innerText()).toContain("console-made");
    expect(await createdRow.innerText()).toContain("2099-12-31");
    expect(await createdRow.locator("td.last-used").innerText()).toBe("从未使用");
    await screenshot(page, "console-keys");

    // Rotated: the old secret stops working at once, the new one works.
    await createdRow.locator("button.rotate").click();
    await page.waitForFunction((old) => { const c = document.querySelector("#new-key code"); return c && !c.textContent!.startsWith(old); }, createdPrefix);
    const rotated = await page.locator("#new-key code").innerText();
    expect(await statusWith(created)).toBe(401);
    expect(await statusWith(rotated)).toBe(200);
    expect(await page.locator(`tr[data-prefix="${createdPrefix}"] td.state`).innerText()).toBe("已吊销");

    // Revoked.
    await page.locator(`tr[data-prefix="${prefixOf(rotated)}"] button.revoke`).click();
    await page.waitForFunction((p) => document.querySelector(`tr[data-prefix="${p}"] td.state`)?.textContent === "已吊销", prefixOf(rotated));
    expect(await statusWith(rotated)).toBe(401);
    expect(errors.filter((e) => !e.includes("400"))).toEqual([]);
    onlyThisServer(hosts);
  });

  it("shows the access requests waiting for the owner with their deadlines, and approves and rejects them through the API", async () => {
    const request = async () => {
      const res = await server.gql(`mutation($u: DateTime!) { requestAccess(resource: "debt.loans", purpose: "去杠杆专项监测", until: $u) { ... on MutationRequestAccessSuccess { data { id replyDeadline } } } }`, { u: new Date(Date.now() + 30 * 86_400_000).toISOString() }, "DEVELOPMENT_REFORM");
      return res.body.data.requestAccess.data as { id: number; replyDeadline: string };
    };
    const first = await request();
    const second = await request();
    // CBRC owns debt.loans: the requests wait for it.
    const { page, hosts } = await openConsole("CBRC", "#requests");
    const row = page.locator(`tr[data-request="${first.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    expect(text).toContain("DEVELOPMENT_REFORM");
    expect(text).toContain("去杠杆专项监测");
    expect(text).toContain(first.replyDeadline.replace("T", " ").slice(0, 16));
    expect(await row.locator("td.deadline .badge").innerText()).toMatch(/^剩 \d+ 天$|^今日到期$/);
    await screenshot(page, "console-requests");

    await row.locator("button.approve").click();
    await page.waitForFunction((id) => document.getElementById("status")!.textContent === `已批准申请 ${id}`, first.id);
    // Rejecting without a reason is refused by the API, naming the field; with one it is done.
    const other = page.locator(`tr[data-request="${second.id}"]`);
    await other.locator("button.reject").click();
    await page.waitForFunction(() => document.getElementById("status")!.className.includes("error"));
    expect(await page.locator("#status").innerText()).toContain("reason");
    await other.locator("input.reason").fill("用途与所申请资源不符");
    await other.locator("button.reject").click();
    await page.waitForFunction((id) => document.getElementById("status")!.textContent === `已驳回申请 ${id}`, second.id);

    const after = await server.gql(`{ accessRequests { id status decisionReason grant { id } } }`, {}, "DEVELOPMENT_REFORM");
    const byId = new Map((after.body.data.accessRequests as Array<{ id: number }>).map((r) => [r.id, r]));
    expect(byId.get(first.id)).toMatchObject({ status: "APPROVED", grant: { id: expect.any(Number) } });
    expect(byId.get(second.id)).toMatchObject({ status: "REJECTED", decisionReason: "用途与所申请资源不符" });
    onlyThisServer(hosts);
  });

  it("shows the policy grid with each cell's class and legal basis; FINANCE_BUREAU changes a cell with a reason", async () => {
    const { page, hosts } = await openConsole("FINANCE_BUREAU", "#policy");
    const cell = page.locator(`tr[data-resource="debt.loans"] td[data-principal="COUNTY"]`);
    await cell.waitFor({ timeout: 30_000 });
    expect(await cell.getAttribute("data-sharing")).toBe("CONDITIONAL");
    expect(await cell.getAttribute("title")).toContain("二(一)2 开展去杠杆风险排查");
    expect(await page.locator(`tr[data-resource="debt.loans"] td[data-principal="PBOC"]`).getAttribute("title")).toContain("依 DOMAIN.md 参照表");

    const target = page.locator(`tr[data-resource="venues.supervision"] td[data-principal="CREDIT_PLATFORM"]`);
    const was = await target.getAttribute("data-sharing");
    const next = was === "DENY" ? "MASK" : "DENY";
    await target.click();
    await page.selectOption("#cell-form select[name=sharing]", next);
    // No reason: refused by the API, which names the field.
    await page.click("#cell-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("status")!.className.includes("error"));
    expect(await page.locator("#status").innerText()).toContain("reason");
    await page.fill("#cell-form input[name=reason]", "信用平台核查需要（测试）");
    await page.click("#cell-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("status")!.textContent!.startsWith("已修改"));
    await page.waitForSelector(`tr[data-resource="venues.supervision"] td[data-principal="CREDIT_PLATFORM"].overridden[data-sharing="${next}"]`);
    const policy = await server.gql(`{ sharingPolicy { name cells { principal sharing overridden } } policyChanges { resource principal reason } }`);
    const changed = policy.body.data.sharingPolicy.find((r: { name: string }) => r.name === "venues.supervision").cells.find((c: { principal: string }) => c.principal === "CREDIT_PLATFORM");
    expect(changed).toEqual({ principal: "CREDIT_PLATFORM", sharing: next, overridden: true });
    expect(policy.body.data.policyChanges[0]).toEqual({ resource: "venues.supervision", principal: "CREDIT_PLATFORM", reason: "信用平台核查需要（测试）" });
    await screenshot(page, "console-policy");
    onlyThisServer(hosts);
  });

  it("is read-only for other agencies, and shows what their key may not read as 无权查看", async () => {
    const { page, hosts } = await openConsole("PBOC", "#policy");
    await page.waitForSelector("table.policy td.cell");
    expect(await page.locator("td.cell.editable").count()).toBe(0);
    expect(await page.locator("p.hint").innerText()).toContain("只读");
    await page.click('nav a[href="#keys"]');
    await page.waitForSelector("#view-keys [data-denied]");
    expect(await page.locator("#view-keys").innerText()).toContain("无权查看");
    expect(await page.locator("#view-keys").innerText()).not.toMatch(/Cannot query|GRAPHQL/);
    onlyThisServer(hosts);
  });

  it("tells a record's owner who received it", async () => {
    const loan = (await server.gql(`{ loans(first: 1) { nodes { id contractNo } } }`)).body.data.loans.nodes[0] as { id: string; contractNo: string };
    const read = await server.gql(`query($c: String!) { loan(contractNo: $c) { amount classification } }`, { c: loan.contractNo }, "PBOC");
    expect(read.body.errors).toBeUndefined();
    const entityId = Number(Buffer.from(loan.id, "base64").toString("utf8").split(":").pop());
    const { page, hosts } = await openConsole("CBRC", "#recipients");
    await page.selectOption("#recipients-form select[name=type]", "Loan");
    await page.fill("#recipients-form input[name=id]", String(entityId));
    await page.click("#recipients-form button[type=submit]");
    await page.waitForSelector("#recipients-result tr.recipient", { timeout: 30_000 });
    const rows = await page.locator("#recipients-result tr.recipient").allInnerTexts();
    expect(rows.some((r) => r.includes("PBOC") && r.includes("amount") && r.includes("classification"))).toBe(true);
    onlyThisServer(hosts);
  });

  it("speaks English on Accept-Language: en", async () => {
    const { page, hosts } = await openConsole("FINANCE_BUREAU", "#keys", "en-US");
    await page.waitForSelector("#view-keys table");
    expect(await page.locator("nav").innerText()).toContain("API keys");
    expect(await page.locator("#view-keys th").allInnerTexts()).toEqual(expect.arrayContaining(["Prefix", "Last used"]));
    onlyThisServer(hosts);
  });
});

describe(`the console over plain HTTP (${BACKEND})`, () => {
  it("serves the page with a strict CSP and no outside URL, and its assets long-cached", async () => {
    const res = await fetch(`${server.origin}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("content-language")).toBe("zh-CN");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("运维控制台");
    const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(3);
    for (const src of assets) {
      const asset = await fetch(`${server.origin}${src}`, { headers: { "accept-encoding": "gzip" } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toContain("immutable");
    }
    expect((await fetch(`${server.origin}/console/assets/nothing.js`)).status).toBe(404);
    expect(await (await fetch(`${server.origin}/console`, { headers: { "accept-language": "en-GB,en;q=0.9" } })).text()).toContain("Operators' console");
  });
});
