// The risk overview's HTML: no inline script; ECharts (from node_modules/echarts, bundled by its
// authors as one file) and the page scripts served from /overview/assets by this server.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { escapeHtml, hashedAsset, safeJson, type StaticAsset } from "../console/static-assets.ts";
import { OVERVIEW_STRINGS } from "./overview.strings.ts";

export const OVERVIEW_ASSETS_BASE = "/overview/assets";

export interface PageAssets {
  byPath: Map<string, StaticAsset>;
  urls: Record<string, string>;
}

let built: Promise<PageAssets> | undefined;

export function overviewAssets(): Promise<PageAssets> {
  built ??= (async () => {
    const read = (file: string) => readFile(new URL(file, import.meta.url), "utf8");
    const require = createRequire(import.meta.url);
    const a = {
      echarts: hashedAsset(OVERVIEW_ASSETS_BASE, "echarts", "js", await readFile(require.resolve("echarts/dist/echarts.min.js"))),
      common: hashedAsset(OVERVIEW_ASSETS_BASE, "common", "js", await read("../console/common.client.js")),
      overview: hashedAsset(OVERVIEW_ASSETS_BASE, "overview", "js", await read("./overview.client.js")),
      css: hashedAsset(OVERVIEW_ASSETS_BASE, "overview", "css", await read("./overview.css")),
    };
    return { byPath: new Map(Object.values(a).map((x) => [x.path, x])), urls: Object.fromEntries(Object.entries(a).map(([k, x]) => [k, x.path])) };
  })();
  return built;
}

export function overviewPage(assets: PageAssets, lang: "zh" | "en", endpoint: string, today: string): string {
  const s = OVERVIEW_STRINGS[lang];
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
<header class="screen-only"><h1>${escapeHtml(s.title)}</h1></header>
<form id="key-form" class="key screen-only" autocomplete="off" hidden>
  <label for="key-input">${escapeHtml(s.keyLabel)}</label>
  <input id="key-input" name="key" type="password" placeholder="dlg_…" />
  <button type="submit">${escapeHtml(s.keyUse)}</button>
  <span id="key-message" role="status"></span>
</form>
<div id="key-bar" class="key screen-only" hidden>${escapeHtml(s.signedInAs)}: <strong id="key-who"></strong>
  <label>${escapeHtml(s.quarter)} <select id="quarter"></select></label>
  <button id="print" type="button">${escapeHtml(s.print)}</button>
  <button id="key-change" type="button">${escapeHtml(s.keyChange)}</button>
</div>
<main id="main" hidden>
  <div class="print-head"><h1>${escapeHtml(s.printTitle)}</h1><p id="subtitle"></p><p id="as-of"></p></div>
  <section id="sec-reports" data-section="reports"><h2>${escapeHtml(s.secReports)}</h2><div class="body"></div></section>
  <section id="sec-alerts" data-section="alerts"><h2>${escapeHtml(s.secAlerts)}</h2><div class="body"></div></section>
  <section id="sec-breaches" data-section="breaches"><h2>${escapeHtml(s.secBreaches)}</h2><div class="body"></div></section>
  <section id="sec-bonds" data-section="bonds"><h2>${escapeHtml(s.secBonds)}</h2><div class="body"></div></section>
  <section id="sec-circles" data-section="circles"><h2>${escapeHtml(s.secCircles)}</h2><div class="body"></div></section>
</main>
<script type="application/json" id="page-config">${safeJson(config)}</script>
<script src="${assets.urls.echarts}"></script>
<script src="${assets.urls.common}"></script>
<script src="${assets.urls.overview}"></script>
</body>
</html>`;
}
