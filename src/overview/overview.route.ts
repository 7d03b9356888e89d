// Serves the risk overview: GET /overview (Chinese unless Accept-Language asks for English) and
// /overview/assets/* (ECharts from node_modules, the page scripts and styles), all from here.
import type { FastifyInstance } from "fastify";
import { PAGE_CSP, pageLanguage, registerHashedAssets } from "../console/static-assets.ts";
import { overviewAssets, overviewPage, OVERVIEW_ASSETS_BASE } from "./page.ts";

export function registerOverview(app: FastifyInstance, options: { endpoint: string; today: () => string }): void {
  registerHashedAssets(app, OVERVIEW_ASSETS_BASE, async () => (await overviewAssets()).byPath);
  app.get("/overview", async (request, reply) => {
    const lang = pageLanguage(request.headers["accept-language"]);
    reply.header("content-type", "text/html; charset=utf-8").header("content-security-policy", PAGE_CSP).header("cache-control", "no-cache").header("vary", "accept-language").header("content-language", lang === "en" ? "en" : "zh-CN");
    return overviewPage(await overviewAssets(), lang, options.endpoint, options.today());
  });
}
