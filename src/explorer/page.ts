// The explorer's HTML page: small, no inline script, everything from this server.
import type { ExplorerAssets } from "./assets.ts";
import { EXAMPLES } from "./examples.ts";

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

const CLOCK_LABEL: Record<ExplorerClock["mode"], string> = {
  real: "实时 / real clock",
  dataset: "演示数据日期 / the demo dataset's date",
  fixed: "CLOCK 指定 / fixed by CLOCK",
};

export function explorerPage(assets: ExplorerAssets, endpoint: string, clock: ExplorerClock): string {
  const config = {
    endpoint,
    clock,
    title: "阳江去杠杆共享图谱 · Yangjiang deleveraging graph",
    workers: { editorWorkerService: assets.urls.editorWorker, json: assets.urls.jsonWorker, graphql: assets.urls.graphqlWorker },
    examples: EXAMPLES,
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(config.title)}</title>
<link rel="icon" href="${escapeHtml(assets.favicon)}" />
<link rel="stylesheet" href="${assets.urls.graphiqlCss}" />
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; }
  #root { flex: 1; min-height: 0; }
  [hidden] { display: none !important; }
  .key { padding: 8px 16px; border-bottom: 1px solid #ddd; display: flex; gap: 8px; align-items: center; font-size: 14px; }
  /* the bilingual title is long for GraphiQL's logo slot: keep it to the slot's height */
  .graphiql-container .graphiql-logo { font-size: 13px; line-height: 1.25; max-width: 220px; }
  .key input { flex: 1; max-width: 560px; padding: 6px 8px; font-family: monospace; }
</style>
</head>
<body class="graphiql-light">
<form id="key-form" class="key" autocomplete="off">
  <label for="key-input">API 密钥 / API key</label>
  <input id="key-input" name="key" type="password" placeholder="dlg_…  (.data/demo-keys.json)" />
  <button type="submit">使用 / Use</button>
</form>
<div id="key-bar" class="key" hidden>
  <span>已使用密钥 / Using key <code id="key-who"></code> — 文档仅显示本机构可访问的字段 / the docs show what your agency may read</span>
  <button id="key-change" type="button">更换 / Change</button>
</div>
<div id="clock" class="key clock" data-mode="${escapeHtml(clock.mode)}">业务日期 / Business date: <strong>${escapeHtml(clock.today)}</strong> (${escapeHtml(CLOCK_LABEL[clock.mode])}${clock.datasetAsOf && clock.mode !== "dataset" ? `; 演示数据截至 / dataset as of ${escapeHtml(clock.datasetAsOf)}` : ""})</div>
<div id="root"></div>
<script type="application/json" id="explorer-config">${safeJson(config)}</script>
<script src="${assets.urls.graphiqlJs}"></script>
<script src="${assets.urls.explorerJs}"></script>
</body>
</html>`;
}
