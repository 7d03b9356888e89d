// The console's HTML: small, no inline script; its texts come from console.strings.ts in the
// page's language, its scripts from /console/assets (this server).
import { readFile } from "node:fs/promises";
import { CONSOLE_STRINGS } from "./console.strings.ts";
import { escapeHtml, hashedAsset, safeJson, type StaticAsset } from "./static-assets.ts";

export const CONSOLE_ASSETS_BASE = "/console/assets";

export interface PageAssets {
  byPath: Map<string, StaticAsset>;
  urls: Record<string, string>;
}

let built: Promise<PageAssets> | undefined;

export function consoleAssets(): Promise<PageAssets> {
  built ??= (async () => {
    const read = (file: string) => readFile(new URL(file, import.meta.url), "utf8");
    const a = {
      common: hashedAsset(CONSOLE_ASSETS_BASE, "common", "js", await read("./common.client.js")),
      console: hashedAsset(CONSOLE_ASSETS_BASE, "console", "js", await read("./console.client.js")),
      css: hashedAsset(CONSOLE_ASSETS_BASE, "console", "css", await read("./console.css")),
    };
    return { byPath: new Map(Object.values(a).map((x) => [x.path, x])), urls: Object.fromEntries(Object.entries(a).map(([k, x]) => [k, x.path])) };
  })();
  return built;
}

export function consolePage(assets: PageAssets, lang: "zh" | "en", endpoint: string, today: string): string {
  const s = CONSOLE_STRINGS[lang];
  const config = { endpoint, lang, today, strings: s };
  return `<!doctype html>
<html lang="${lang === "en" ? "en" : "zh-CN"}">
<head>
<meta charset="utf-8" />
<link rel="icon" href="data:," />
<title>${escapeHtml(s.title)}</title>
<link rel="stylesheet" href="${assets.urls.css}" />
</head>
<body>
<header><h1>${escapeHtml(s.title)}</h1></header>
<form id="key-form" class="key" autocomplete="off" hidden>
  <label for="key-input">${escapeHtml(s.keyLabel)}</label>
  <input id="key-input" name="key" type="password" placeholder="dlg_…" />
  <button type="submit">${escapeHtml(s.keyUse)}</button>
  <span id="key-message" role="status"></span>
</form>
<div id="key-bar" class="key" hidden>${escapeHtml(s.signedInAs)}: <strong id="key-who"></strong> <button id="key-change" type="button">${escapeHtml(s.keyChange)}</button></div>
<nav id="nav" hidden>
  <a href="#keys">${escapeHtml(s.tabKeys)}</a>
  <a href="#requests">${escapeHtml(s.tabRequests)}</a>
  <a href="#policy">${escapeHtml(s.tabPolicy)}</a>
  <a href="#recipients">${escapeHtml(s.tabRecipients)}</a>
</nav>
<div id="status" class="status" role="status"></div>
<main id="main"></main>
<script type="application/json" id="page-config">${safeJson(config)}</script>
<script src="${assets.urls.common}"></script>
<script src="${assets.urls.console}"></script>
</body>
</html>`;
}
