// Static files of the console and the risk overview: content-hashed names (a new version is a new
// URL, so they are cached for a year), a gzip copy of each, all served by this server (never a
// CDN). A small copy of what the explorer does (src/explorer/assets.ts), shared by both pages.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { resolveLang, type Lang } from "../i18n/index.ts";

export interface StaticAsset {
  path: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

const TYPES = { js: "application/javascript; charset=utf-8", css: "text/css; charset=utf-8" } as const;

/** An asset served under `base` (e.g. /console/assets) as `<name>.<hash>.<ext>`. */
export function hashedAsset(base: string, name: string, ext: keyof typeof TYPES, content: string | Buffer): StaticAsset {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path: `${base}/${name}.${hash}.${ext}`, type: TYPES[ext], body, gzip: gzipSync(body, { level: 6 }) };
}

/** Serves `${base}/:file` from the assets `load` builds (once, on first use). */
export function registerHashedAssets(app: FastifyInstance, base: string, load: () => Promise<Map<string, StaticAsset>>): void {
  app.get(`${base}/:file`, async (request, reply) => {
    const asset = (await load()).get(request.url.split("?")[0]!);
    if (!asset) return reply.code(404).send({ error: "not found" });
    const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    reply.header("content-type", asset.type).header("cache-control", "public, max-age=31536000, immutable").header("vary", "accept-encoding");
    if (gzip) reply.header("content-encoding", "gzip");
    return reply.send(gzip ? asset.gzip : asset.body);
  });
}

/** Only this origin; inline styles (ECharts and the tables set element styles); no inline script. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: "<" escaped so no string can close the element. */
export const safeJson = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");

/** Simplified Chinese unless the browser prefers English: decided by src/i18n (negotiator), as for the API's messages. */
export const pageLanguage = (acceptLanguage: string | undefined): Lang => resolveLang(acceptLanguage);
