// The explorer explains access (issue 11 item 2), in a real headless Chromium: a wrong key is
// refused with a clear Chinese message; the banner shows the agency and the clock in force; the
// docs mark each field 无条件 / 有条件 / 脱敏 for that agency, and a conditional field's link opens
// a ready-made requestAccess tab that runs; denied fields are summarised once per field; another
// tab runs without "Cannot infer operation"; changing key keeps the tabs. Every request the page
// makes goes to this server. Screenshot: test/artifacts/explorer-access-zh.png, the docs of Loan
// (reached through Query → Loan) with a 有条件 mark and its 申请访问 link asserted in view.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { resolveLang } from "../src/i18n/index.ts";

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
  // a ceiling, not a duration: a shared, loaded machine starts a server and a browser slowly
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const MY_ACCESS = "{ myAccess { agency countyCode name fields { coordinate resource sharing granted } } }";
type FieldAccess = { coordinate: string; resource: string; sharing: string; granted: boolean };

/** A page in `locale`, every request's origin recorded (the test fails on any but the server's). */
async function openPage(locale: string): Promise<{ page: Page; origins: Set<string> }> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1500, height: 950 } })).newPage();
  const origins = new Set<string>();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:") origins.add(url.origin.replace(/^ws/, "http"));
  });
  await page.goto(server.url, { waitUntil: "load" });
  return { page, origins };
}

async function failShot<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await mkdir("test/artifacts", { recursive: true });
    await page.screenshot({ path: `test/artifacts/${name}-failed.png`, fullPage: true });
    throw error;
  }
}

const clickTab = (page: Page, title: string) =>
  page.locator(`button.graphiql-tab-button[title="${title}"]`).evaluate((button) => (button as HTMLButtonElement).click());

describe("myAccess over HTTP", () => {
  it("lists the caller's fields with its sharing class, and nothing outside its view", async () => {
    const drc = await server.gql(MY_ACCESS, {}, "DEVELOPMENT_REFORM");
    expect(drc.body.errors).toBeUndefined();
    const access = drc.body.data.myAccess;
    expect(access.agency).toBe("DEVELOPMENT_REFORM");
    const by = new Map<string, FieldAccess>(access.fields.map((f: FieldAccess) => [f.coordinate, f]));
    // matrix.ts: DEVELOPMENT_REFORM reads loans on request (C), ID numbers masked (M), registration in clear (R)
    expect(by.get("Loan.balance")).toMatchObject({ resource: "debt.loans", sharing: "CONDITIONAL", granted: false });
    expect(by.get("Enterprise.name")).toMatchObject({ resource: "enterprise.registration", sharing: "READ" });
    expect([...by.values()].some((f) => f.sharing === "MASK")).toBe(true);
    expect(by.has("Query.myAccess")).toBe(true);
    expect([...by.keys()].some((c) => c.startsWith("Mutation."))).toBe(false);

    const county = await server.gql(MY_ACCESS, {}, "COUNTY:阳东区");
    const countyAccess = county.body.data.myAccess;
    expect(countyAccess).toMatchObject({ agency: "COUNTY", countyCode: "441704" });
    const coordinates: string[] = countyAccess.fields.map((f: FieldAccess) => f.coordinate);
    // Only the county's own view: its introspection shows no ApiKey, so myAccess names none.
    expect(coordinates.some((c) => c.startsWith("ApiKey."))).toBe(false);
    expect(coordinates.some((c) => c.startsWith("Query.apiKeys"))).toBe(false);
    const intro = await server.gql("{ __schema { types { name fields(includeDeprecated: true) { name } } } }", {}, "COUNTY:阳东区");
    const inView = new Set<string>();
    for (const t of intro.body.data.__schema.types) for (const f of t.fields ?? []) inView.add(`${t.name}.${f.name}`);
    expect(coordinates.filter((c) => !inView.has(c))).toEqual([]);
  });

  it("answers no caller without a valid key", async () => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer dlg_nope_nope" }, body: JSON.stringify({ query: MY_ACCESS }) });
    expect(res.status).toBe(401);
  });
});

describe("the explorer's language", () => {
  it("is Chinese unless Accept-Language prefers English", async () => {
    expect(resolveLang(undefined)).toBe("zh");
    expect(resolveLang("fr-FR,fr;q=0.9")).toBe("zh");
    expect(resolveLang("en-US,en;q=0.9")).toBe("en");
    expect(resolveLang("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(resolveLang("en;q=0.5,zh-TW;q=0.9")).toBe("zh");
    expect(resolveLang("zh;q=0,en")).toBe("en");
    const zh = await (await fetch(server.url, { headers: { accept: "text/html" } })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain("更换密钥");
    expect(zh).toContain("# 市场主体：阳东区前五家企业");
    const res = await fetch(server.url, { headers: { accept: "text/html", "accept-language": "en-GB,en;q=0.9" } });
    expect(res.headers.get("vary")).toMatch(/accept-language/i);
    const en = await res.text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("Change key");
    expect(en).toContain("# Enterprises: the first five of");
    expect(en).not.toContain("更换密钥");
  });
});

describe.runIf(haveChromium)("the explorer explains access, in Chromium", () => {
  it("refuses a wrong key in Chinese, marks the docs, opens and runs requestAccess, summarises denials, switches tabs and keys", async () => {
    const { page, origins } = await openPage("zh-CN");

    // A wrong key: a clear message, no stack trace, no editor.
    await page.fill("#key-input", "dlg_wrong_0000000000000000");
    await page.click("#key-form button[type=submit]");
    await page.waitForFunction(() => (document.getElementById("key-error")?.textContent ?? "").length > 0, undefined, { timeout: 30_000 });
    const refused = await page.textContent("#key-error");
    expect(refused).toContain("密钥未被接受");
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/\bat \S+:\d+|Error:|401/);
    expect(await page.locator(".graphiql-container").count()).toBe(0);

    // The right key: the banner names the agency and the business date.
    const introspected = page.waitForResponse((r) => (r.request().postData() ?? "").includes("__schema"), { timeout: 60_000 });
    await page.fill("#key-input", server.keys.DEVELOPMENT_REFORM!);
    await page.click("#key-form button[type=submit]");
    await introspected;
    await page.locator("#banner-who").waitFor({ state: "visible", timeout: 30_000 });
    expect(await page.textContent("#banner-agency")).toContain("市发展改革局");
    expect(await page.textContent("#clock")).toMatch(/业务日期：\d{4}-\d{2}-\d{2}/);

    // The docs: the Query type's fields, each marked; loanBalances is conditional for DRC.
    await failShot(page, "explorer-access", async () => {
      await page.click('button[aria-label="Show Documentation Explorer"]');
      await page.getByText("Query", { exact: true }).first().click();
      await page.locator('.access-mark[data-sharing="CONDITIONAL"]').first().waitFor({ timeout: 30_000 });
    });
    const marks = await page.locator(".graphiql-markdown-description .access-mark").allTextContents();
    expect(marks).toContain("有条件");
    expect(marks).toContain("无条件");

    // Query's field list is long and its conditional fields lie far below the fold: go on, through
    // the docs, to the type Loan (Query.loan: Loan), whose fields are all conditional for DRC, so a
    // marked field sits at the top of the pane. The screenshot shows it and its 申请访问 link.
    const docs = page.locator(".graphiql-doc-explorer");
    const conditional = docs.locator('.graphiql-doc-explorer-content .access-mark[data-sharing="CONDITIONAL"]').first();
    const link = docs.locator('.graphiql-doc-explorer-content a[href^="#request-access="]').first();
    await failShot(page, "explorer-access", async () => {
      await docs.locator("a.graphiql-doc-explorer-type-name").filter({ hasText: /^Loan$/ }).first().click();
      await docs.locator(".graphiql-doc-explorer-title").filter({ hasText: /^Loan$/ }).waitFor({ timeout: 30_000 });
      await conditional.waitFor({ state: "visible", timeout: 30_000 });
      await link.waitFor({ state: "visible", timeout: 30_000 });
    });
    // GraphiQL keeps the pane's scroll offset from Query's long list when it shows Loan: scroll the
    // pane's own scroll container (not the page) back to the top, where the title Loan and its
    // first fields are; further only if the marked field still lies below the pane's bottom.
    await conditional.evaluate((mark) => {
      let box = mark.parentElement;
      while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
      if (!box) return;
      box.scrollTop = 0;
      const below = mark.getBoundingClientRect().bottom - box.getBoundingClientRect().bottom;
      if (below > 0) box.scrollTop += below + 48;
    });
    expect(await conditional.textContent()).toBe("有条件");
    expect(await link.textContent()).toBe("申请访问");
    // In view, not merely in the DOM: inside the page's viewport and inside the docs pane's own box.
    const viewport = page.viewportSize()!;
    const pane = (await docs.boundingBox())!;
    for (const element of [conditional, link]) {
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThan(0);
      expect(box!.height).toBeGreaterThan(0);
      expect(box!.x).toBeGreaterThanOrEqual(Math.max(0, pane.x));
      expect(box!.y).toBeGreaterThanOrEqual(Math.max(0, pane.y));
      expect(box!.x + box!.width).toBeLessThanOrEqual(Math.min(viewport.width, pane.x + pane.width));
      expect(box!.y + box!.height).toBeLessThanOrEqual(Math.min(viewport.height, pane.y + pane.height));
    }
    await mkdir("test/artifacts", { recursive: true });
    await page.screenshot({ path: "test/artifacts/explorer-access-zh.png" });

    // A conditional field's link opens a ready-made requestAccess tab; run as it is, it files a request.
    const tabsBefore = await page.locator("button.graphiql-tab-button").count();
    const resource = decodeURIComponent((await link.getAttribute("href"))!.slice("#request-access=".length));
    await link.click();
    await failShot(page, "explorer-access", () =>
      page.waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("requestAccess") ?? false, undefined, { timeout: 60_000 }),
    );
    expect(await page.locator("button.graphiql-tab-button").count()).toBe(tabsBefore + 1);
    const filed = page.waitForResponse((r) => (r.request().postData() ?? "").includes("RequestAccess"));
    await page.click(".graphiql-execute-button");
    const request = await (await filed).json();
    expect(request.data.requestAccess).toMatchObject({ __typename: "MutationRequestAccessSuccess", data: { resource, status: "PENDING" } });

    // Another tab, run without editing: the operation sent is that tab's (no "Cannot infer operation").
    await clickTab(page, "YangdongEnterprises");
    await page.waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("YangdongEnterprises") ?? false, undefined, { timeout: 60_000 });
    const ran = page.waitForResponse((r) => (r.request().postData() ?? "").includes("YangdongEnterprises"));
    await page.click(".graphiql-execute-button");
    const response = await ran;
    expect(JSON.parse(response.request().postData()!).operationName).toBe("YangdongEnterprises");
    const body = await response.json();
    expect(body.data.enterprises.nodes).toHaveLength(5);
    expect(JSON.stringify(body)).not.toContain("Cannot infer operation");

    // The loans of every enterprise were denied: one line per field, with the number of places.
    const reported = [...(body.extensions.access.denied ?? []), ...(body.extensions.access.masked ?? [])];
    expect(reported.length).toBeGreaterThan(0);
    await page.locator("#denials li").first().waitFor({ timeout: 30_000 });
    const lines = await page.locator("#denials li").allTextContents();
    expect(lines).toHaveLength(reported.length);
    const loans = reported.find((e: { coordinate?: string }) => e.coordinate === "Enterprise.loans");
    expect(loans?.count).toBe(5);
    expect(lines.find((l) => l.startsWith("Enterprise.loans"))).toContain("有条件）：5 处");

    // Change key: same tabs, the new agency's view of the schema.
    const titles = await page.locator("button.graphiql-tab-button").evaluateAll((b) => b.map((x) => x.getAttribute("title")));
    const reintrospected = page.waitForResponse((r) => (r.request().postData() ?? "").includes("__schema") && r.request().headers().authorization === `Bearer ${server.keys["COUNTY:阳东区"]}`, { timeout: 60_000 });
    await page.click("#key-change");
    await page.fill("#key-input", server.keys["COUNTY:阳东区"]!);
    await page.click("#key-form button[type=submit]");
    await reintrospected;
    await page.waitForFunction(() => document.getElementById("banner-agency")?.textContent?.includes("COUNTY") ?? false, undefined, { timeout: 30_000 });
    expect(await page.locator("button.graphiql-tab-button").evaluateAll((b) => b.map((x) => x.getAttribute("title")))).toEqual(titles);
    expect(await page.locator(".graphiql-query-editor").textContent()).toContain("YangdongEnterprises");

    expect([...origins]).toEqual([server.origin]);
  }, 600_000);

  it("speaks English when the browser asks for it", async () => {
    const { page, origins } = await openPage("en-US");
    await page.fill("#key-input", "dlg_wrong_0000000000000000");
    await page.click("#key-form button[type=submit]");
    await page.waitForFunction(() => (document.getElementById("key-error")?.textContent ?? "").length > 0, undefined, { timeout: 30_000 });
    expect(await page.textContent("#key-error")).toContain("The key was not accepted");
    expect([...origins]).toEqual([server.origin]);
  });
});
