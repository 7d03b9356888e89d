// The explorer in a real headless Chromium (Debian's, driven by playwright-core): loads from this
// server only, takes an API key once, runs a query and shows the result; the docs come from the
// agency's own view of the schema. Saves a screenshot under test/artifacts/.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";

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

async function openWithKey(label: string): Promise<{ page: Page; hosts: Set<string>; introspection: Promise<string> }> {
  const page = await (await browser.newContext()).newPage();
  const hosts = new Set<string>();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith("http")) hosts.add(url.host);
  });
  const introspection = page
    .waitForResponse(async (r) => r.url().endsWith("/graphql") && r.request().method() === "POST" && (r.request().postData() ?? "").includes("__schema"), { timeout: 60_000 })
    .then((r) => r.text());
  await page.goto(server.url, { waitUntil: "load" });
  await page.fill("#key-input", server.keys[label]!);
  await page.click("#key-form button[type=submit]");
  return { page, hosts, introspection };
}

describe.runIf(haveChromium)("the explorer in Chromium", () => {
  it("loads only from this server, runs a query with the key, and shows the result", async () => {
    const { page, hosts, introspection } = await openWithKey("FINANCE_BUREAU");
    expect(await introspection).toContain('"Loan"');
    expect(await introspection).toContain('"ApiKey"');
    // The first preloaded tab is the 阳东区 enterprises example: run it.
    await page.waitForSelector(".graphiql-execute-button", { timeout: 60_000 });
    const response = page.waitForResponse((r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("YangdongEnterprises"));
    await page.click(".graphiql-execute-button");
    const body = await (await response).json();
    expect(body.data.enterprises.nodes).toHaveLength(5);
    const firstUscc = body.data.enterprises.nodes[0].uscc as string;
    // The result is read from the page itself.
    await page.waitForFunction((uscc) => document.body.innerText.includes(uscc), firstUscc, { timeout: 30_000 });
    expect(await page.evaluate(() => sessionStorage.getItem("deleveraging-graph.api-key"))).toBe(server.keys.FINANCE_BUREAU);
    await mkdir("test/artifacts", { recursive: true });
    await page.screenshot({ path: "test/artifacts/explorer.png", fullPage: true });
    expect([...hosts]).toEqual([new URL(server.url).host]);
  });

  it("documents only the agency's view of the schema", async () => {
    const { hosts, introspection } = await openWithKey("COUNTY:阳东区");
    const schema = await introspection;
    expect(schema).toContain('"Enterprise"');
    expect(schema).not.toContain('"ApiKey"');
    expect([...hosts]).toEqual([new URL(server.url).host]);
  });
});

describe("the explorer over plain HTTP", () => {
  it("serves the page with a strict CSP, and its assets long-cached and gzipped", async () => {
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(3);
    for (const src of scripts) {
      const res = await fetch(new URL(src, server.url), { headers: { "accept-encoding": "gzip" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
    }
  });
});
