// The risk overview (/overview) in a real headless Chromium: charts drawn by ECharts served from
// this server, each section only what the API returns for the key (denied parts as 无权查看), and a
// print layout for the quarterly summary. Saves screenshots (and the printed PDF) under test/artifacts/.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { enterKey, haveChromium, launchChromium, recordedPage, screenshot } from "./helpers/browser.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  if (haveChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const BACKEND = onPostgres ? "PostgreSQL" : "PGlite";
const SECTIONS = ["reports", "alerts", "breaches", "bonds", "circles"] as const;

/** Whether the API answers each section's root field for this key (one small probe per section, as the key). */
async function readable(label: string): Promise<Record<(typeof SECTIONS)[number], boolean>> {
  const probes = {
    reports: `{ progressReports(first: 1) { totalCount } }`,
    alerts: `{ alertCounts { total } }`,
    breaches: `{ indicatorValues(first: 1, filter: { breachesOnly: true }) { totalCount } }`,
    bonds: `{ bondPaymentsDue(from: "2020-01-01", to: "2020-01-31") { totals { count } } }`,
    circles: `{ guaranteeCircles(maxLength: 2) { length } }`,
  };
  const out = {} as Record<(typeof SECTIONS)[number], boolean>;
  for (const s of SECTIONS) {
    const res = await server.gql(probes[s], {}, label);
    out[s] = res.status === 200 && !res.body.errors;
  }
  return out;
}

async function openOverview(label: string, locale?: string): Promise<{ page: Page; hosts: Set<string>; errors: string[] }> {
  const recorded = await recordedPage(browser, locale ? { locale } : {});
  await recorded.page.goto(`${server.origin}/overview`, { waitUntil: "load" });
  await enterKey(recorded.page, server.keys[label]!);
  // Every section settled (drawn, denied or failed), and every chart drawn.
  await recorded.page.waitForFunction(
    () => Array.from(document.querySelectorAll("section[data-section]")).every((s) => ["ready", "denied", "error"].includes((s as HTMLElement).dataset.state ?? "")) && Array.from(document.querySelectorAll(".chart")).every((c) => (c as HTMLElement).dataset.drawn === "true"),
    undefined,
    { timeout: 60_000 },
  );
  return recorded;
}

const states = (page: Page) => page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll("section[data-section]")).map((s) => [(s as HTMLElement).dataset.section, (s as HTMLElement).dataset.state])));
const onlyThisServer = (hosts: Set<string>) => expect([...hosts]).toEqual([new URL(server.origin).host]);

describe.runIf(haveChromium)(`the risk overview in Chromium (${BACKEND})`, () => {
  it("draws alerts, breaches, bonds due and guarantee circles for FINANCE_BUREAU from the API's numbers", async () => {
    const { page, hosts, errors } = await openOverview("FINANCE_BUREAU");
    expect(await states(page)).toEqual({ reports: "ready", alerts: "ready", breaches: "ready", bonds: "ready", circles: "ready" });
    // The figures printed are the API's.
    const counts = (await server.gql(`{ alertCounts { total overdue } guaranteeCircles(maxLength: 6) { isMutual } }`)).body.data;
    expect(await page.locator("#sec-alerts p.total").innerText()).toBe(`预警 ${counts.alertCounts.total} 条，其中逾期未处置 ${counts.alertCounts.overdue} 条`);
    const quarter = await page.locator("#quarter").inputValue();
    const reports = (await server.gql(`query($q: Date!) { progressReports(filter: { quarterEnd: { from: $q, to: $q } }, first: 1) { totalCount } }`, { q: quarter })).body.data.progressReports.totalCount;
    expect(await page.locator("#sec-reports p.total").innerText()).toBe(`已报送 ${reports} 份`);
    expect(await page.locator("#sec-reports tbody tr").count()).toBe(Math.min(reports, 100));
    const mutual = counts.guaranteeCircles.filter((c: { isMutual: boolean }) => c.isMutual).length;
    expect(await page.locator("#sec-circles p.total").innerText()).toBe(`担保圈 ${counts.guaranteeCircles.length - mutual} 个，互保 ${mutual} 对`);
    // ECharts drew SVG: the alert charts (county, severity, rule), the breaches, the bonds, the circles' graph.
    expect(await page.locator("#sec-alerts .chart svg").count()).toBe(3);
    expect(counts.guaranteeCircles.length).toBeGreaterThan(0);
    expect(await page.locator("#sec-circles .chart svg path").count()).toBeGreaterThan(counts.guaranteeCircles.length);
    expect(await page.locator("#sec-bonds .chart svg").count()).toBe(1);
    expect(await page.locator("text=无权查看").count()).toBe(0);
    await screenshot(page, "overview");

    // Printed: the summary's heading, no key form or controls, every section on A4.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#key-bar").isVisible()).toBe(false);
    expect(await page.locator(".print-head h1").innerText()).toBe("阳江市去杠杆工作进展情况汇总");
    expect(await page.locator("#subtitle").innerText()).toMatch(/^\d{4}年第[1-4]季度 · 市金融工作局汇总报市政府（依工作方案三\(四\)）$/);
    await screenshot(page, "overview-print");
    const pdf = await page.pdf({ path: "test/artifacts/overview.pdf", format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
    onlyThisServer(hosts);
  });

  it("shows another agency only what its key may read: the rest as 无权查看, never an error", async () => {
    const expected = await readable("PUBLIC_SECURITY");
    // The case is mixed: some parts readable, some not.
    expect(Object.values(expected)).toContain(true);
    expect(Object.values(expected)).toContain(false);
    const { page, hosts } = await openOverview("PUBLIC_SECURITY");
    const got = await states(page);
    for (const s of SECTIONS) expect(got[s], s).toBe(expected[s] ? "ready" : "denied");
    for (const s of SECTIONS.filter((x) => !expected[x])) expect(await page.locator(`#sec-${s}`).innerText()).toContain("无权查看");
    expect(await page.locator("main").innerText()).not.toMatch(/Cannot query|GRAPHQL|FORBIDDEN/);
    await screenshot(page, "overview-public-security");
    onlyThisServer(hosts);
  });

  it("speaks English on Accept-Language: en", async () => {
    const { page, hosts } = await openOverview("CREDIT_PLATFORM", "en-US");
    expect(await page.locator(".print-head h1").innerText()).toBe("Yangjiang deleveraging: progress summary");
    expect(await page.locator("main").innerText()).toContain("Not permitted");
    onlyThisServer(hosts);
  });
});

describe(`the risk overview over plain HTTP (${BACKEND})`, () => {
  it("serves ECharts from node_modules, byte for byte, long-cached and gzipped, and no outside URL", async () => {
    const res = await fetch(`${server.origin}/overview`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const echartsPath = /src="(\/overview\/assets\/echarts\.[0-9a-f]{12}\.js)"/.exec(html)?.[1];
    expect(echartsPath).toBeDefined();
    const served = await fetch(`${server.origin}${echartsPath}`);
    expect(served.headers.get("cache-control")).toContain("immutable");
    const require = createRequire(import.meta.url);
    expect(Buffer.from(await served.arrayBuffer()).equals(await readFile(require.resolve("echarts/dist/echarts.min.js")))).toBe(true);
    const gz = await fetch(`${server.origin}${echartsPath}`, { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
  });
});
