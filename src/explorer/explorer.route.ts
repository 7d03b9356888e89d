// Serves the explorer: GET /graphql from a browser (Accept: text/html) gets the page, and
// /explorer/assets/* its static, content-hashed, long-cached files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { explorerAssets } from "./assets.ts";
import { resolveLang } from "../i18n/index.ts";
import { EXPLORER_CSP, explorerPage, type ExplorerClock } from "./page.ts";

/** A browser opening the endpoint: GET, HTML preferred, and no GraphQL query in the URL. */
export function wantsExplorer(request: FastifyRequest): boolean {
  if (request.method !== "GET") return false;
  const accept = request.headers.accept ?? "";
  return accept.includes("text/html") && !new URL(request.url, "http://x").searchParams.has("query");
}

export async function sendExplorerPage(reply: FastifyReply, endpoint: string, clock: ExplorerClock): Promise<string> {
  const assets = await explorerAssets();
  reply
    .header("content-type", "text/html; charset=utf-8")
    .header("content-security-policy", EXPLORER_CSP)
    .header("cache-control", "no-cache")
    .header("vary", "accept-language");
  return explorerPage(assets, endpoint, clock, resolveLang(reply.request.headers["accept-language"]));
}

export function registerExplorerAssets(app: FastifyInstance): void {
  app.get("/explorer/assets/:file", async (request, reply) => {
    const asset = (await explorerAssets()).byPath.get(request.url.split("?")[0]!);
    if (!asset) return reply.code(404).send({ error: "not found" });
    const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    reply
      .header("content-type", asset.type)
      // The name carries the content hash: a new version is a new URL.
      .header("cache-control", "public, max-age=31536000, immutable")
      .header("vary", "accept-encoding");
    if (gzip) reply.header("content-encoding", "gzip");
    return reply.send(gzip ? asset.gzip : asset.body);
  });
}
