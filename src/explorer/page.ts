// The explorer's HTML page: small, no inline script, everything from this server.
import type { ExplorerAssets } from "./assets.ts";
import { examplesFor, REQUEST_ACCESS_OPERATION } from "./examples.ts";
import { stringsFor, type ExplorerLanguage } from "./explorer.strings.ts";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// JSON inside <script type="application/json">: "<" escaped so no string can close the element.
const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/** Only this origin, inline styles for GraphiQL's editor, workers from here. */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

/** The clock in force, as /readyz reports it (src/clock.ts). */
export interface ExplorerClock {
  mode: "real" | "dataset" | "fixed";
  today: string;
  datasetAsOf?: string;
}

const CLOCK_LABEL = { real: "clockReal", dataset: "clockDataset", fixed: "clockFixed" } as const;

export function explorerPage(assets: ExplorerAssets, endpoint: string, clock: ExplorerClock, lang: ExplorerLanguage): string {
  const t = stringsFor(lang);
  const config = {
    endpoint,
    clock,
    lang,
    strings: t,
    title: t.title,
    workers: { editorWorkerService: assets.urls.editorWorker, json: assets.urls.jsonWorker, graphql: assets.urls.graphqlWorker },
    examples: examplesFor(lang),
    requestAccessOperation: REQUEST_ACCESS_OPERATION,
  };
  const asOf = clock.datasetAsOf && clock.mode !== "dataset" ? `；${escapeHtml(t.clockDatasetAsOf.replace("{date}", clock.datasetAsOf))}` : "";
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(config.title)}</title>
<link rel="icon" href="${escapeHtml(assets.favicon)}" />
<link rel="stylesheet" href="${assets.urls.graphiqlCss}" />
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
  #root { flex: 1; min-height: 0; }
  [hidden] { display: none !important; }
  .bar { padding: 6px 16px; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; font-size: 14px; }
  .graphiql-container .graphiql-logo { font-size: 13px; line-height: 1.25; max-width: 220px; }
  #key-form input { flex: 1; max-width: 560px; padding: 6px 8px; font-family: monospace; }
  #key-error { color: #b00020; flex-basis: 100%; }
  #key-error:empty { display: none; }
  #banner { background: #f4f7fb; }
  #banner .spacer { flex: 1; }
  .access-mark { display: inline-block; margin: 0 4px; padding: 0 5px; border-radius: 3px; font-size: 12px; line-height: 18px; color: #fff; vertical-align: middle; white-space: nowrap; }
  .access-mark[data-sharing="READ"] { background: #2e7d32; }
  .access-mark[data-sharing="CONDITIONAL"] { background: #e65100; }
  .access-mark[data-sharing="MASK"] { background: #6a1b9a; }
  .access-mark[data-sharing="DENY"] { background: #616161; }
  .access-request { font-size: 12px; margin-left: 4px; }
  #denials { background: #fff8e1; border-bottom: 1px solid #f0c36d; font-size: 13px; padding: 6px 16px; max-height: 30vh; overflow: auto; }
  #denials ul { margin: 4px 0; padding-left: 20px; }
</style>
</head>
<body class="graphiql-light">
<form id="key-form" class="bar" autocomplete="off" novalidate>
  <label for="key-input">${escapeHtml(t.keyLabel)}</label>
  <input id="key-input" name="key" type="password" placeholder="${escapeHtml(t.keyPlaceholder)}" />
  <button type="submit">${escapeHtml(t.keyUse)}</button>
  <button id="key-cancel" type="button" hidden>${escapeHtml(t.keyCancel)}</button>
  <span id="key-status" aria-live="polite"></span>
  <div id="key-error" role="alert"></div>
</form>
<div id="banner" class="bar">
  <span id="banner-who" hidden>${escapeHtml(t.bannerAgency)}：<strong id="banner-agency"></strong> <span id="banner-county"></span> · ${escapeHtml(t.bannerKey)}：<code id="banner-key"></code></span>
  <span id="clock" class="clock" data-mode="${escapeHtml(clock.mode)}">${escapeHtml(t.bannerDate)}：<strong>${escapeHtml(clock.today)}</strong>（${escapeHtml(t[CLOCK_LABEL[clock.mode]])}${asOf}）</span>
  <span id="legend" hidden>${(["READ", "CONDITIONAL", "MASK", "DENY"] as const).map((s) => `<span class="access-mark" data-sharing="${s}">${escapeHtml(t[`sharing${s}`])}</span>`).join("")} ${escapeHtml(t.bannerDocsNote)}</span>
  <span class="spacer"></span>
  <button id="key-change" type="button" hidden>${escapeHtml(t.keyChange)}</button>
</div>
<div id="denials" hidden></div>
<div id="root"></div>
<script type="application/json" id="explorer-config">${safeJson(config)}</script>
<script src="${assets.urls.graphqlWsJs}"></script>
<script src="${assets.urls.graphiqlJs}"></script>
<script src="${assets.urls.explorerJs}"></script>
</body>
</html>`;
}
