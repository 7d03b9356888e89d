// Headless Chromium (Debian's, driven by playwright-core) for the pages' tests: a page that
// records every host it sends a request to, so a test can assert nothing left this server.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
if (process.env.CI && !haveChromium) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface RecordedPage {
  page: Page;
  /** every host:port the page requested (http, https, ws), in order of first use */
  hosts: Set<string>;
  /** the page's uncaught errors and console errors */
  errors: string[];
}

/** A fresh context's page; `locale` sets Accept-Language (zh-CN by default). Confirm dialogs are accepted. */
export async function recordedPage(browser: Browser, options: { locale?: string } = {}): Promise<RecordedPage> {
  const context = await browser.newContext({ locale: options.locale ?? "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const hosts = new Set<string>();
  const errors: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:") hosts.add(url.host);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("dialog", (d) => void d.accept());
  return { page, hosts, errors };
}

/** Types the key into the page's key form and waits until the page accepted it. */
export async function enterKey(page: Page, key: string): Promise<void> {
  await page.waitForSelector("#key-form:not([hidden])");
  await page.fill("#key-input", key);
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#key-bar:not([hidden])", { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir("test/artifacts", { recursive: true });
  await page.screenshot({ path: `test/artifacts/${name}.png`, fullPage: true });
}
