// Serves the operators' console: GET /console (the page, in Chinese unless Accept-Language asks
// for English) and /console/assets/* (its scripts and styles, also the overview's shared script).
import type { FastifyInstance } from "fastify";
import { consoleAssets, consolePage, CONSOLE_ASSETS_BASE } from "./page.ts";
import { PAGE_CSP, pageLanguage, registerHashedAssets } from "./static-assets.ts";

export function registerConsole(app: FastifyInstance, options: { endpoint: string; today: () => string }): void {
  registerHashedAssets(app, CONSOLE_ASSETS_BASE, async () => (await consoleAssets()).byPath);
  app.get("/console", async (request, reply) => {
    const lang = pageLanguage(request.headers["accept-language"]);
    reply.header("content-type", "text/html; charset=utf-8").header("content-security-policy", PAGE_CSP).header("cache-control", "no-cache").header("vary", "accept-language").header("content-language", lang === "en" ? "en" : "zh-CN");
    return consolePage(await consoleAssets(), lang, options.endpoint, options.today());
  });
}
