// GET /export/dishonesty-records.ndjson[?after=<record id>]: every current dishonesty record the
// caller may read, one JSON object per line, then one line {"cursor": "<seq>"}. The credit
// platform loads this once, then follows dishonestyRecordChanges(after: cursor).
//
// - Same credentials, rate limit, policy and row scope as the graph: the caller's context is built
//   exactly as for /graphql (server.ts passes its buildContext), so an export counts as one
//   operation against the caller's budget (429 once it is spent); credit.dishonesty must be readable (else 403),
//   subjects' names and ID numbers follow their own cells (export.rows.ts); counties get their county.
// - Constant memory: keyset pages of PAGE_SIZE records, pulled only as fast as the client reads
//   (a Node stream with backpressure); never the whole table.
// - The cursor is read before the first page. A record changed during the export is sent in
//   whatever state the page saw, and its change (seq > cursor) is replayed by the feed: harmless,
//   as applying a record's current state is idempotent. Nothing changed during the export is lost.
// - Resuming: the cursor is also sent at once in the X-Change-Cursor header. A client cut off
//   mid-export asks again with ?after=<id of the last line it stored> and keeps the cursor of its
//   first attempt (the earlier one), so the feed covers both attempts.
// - The audit gets one entry per export, written before the first byte (no audit, no data): the
//   resources, the number of records and the cursor, not one audit row per record (a full export
//   would add 150,000 rows per call; what was sent is reproducible from the change log and the count).
// - A failure mid-stream aborts the response: the client sees no cursor line and must retry.
import { localizedError, localizeErrors, resolveLang, t, type Lang } from "../i18n/index.ts";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { auditSubject } from "../access/audit/chain.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { currentChangeSeq, exportCounts, exportDecisions, exportedResources, exportPage, toExportLine, type ExportDecisions } from "./export.rows.ts";

export const EXPORT_PATH = "/export/dishonesty-records.ndjson";
const PAGE_SIZE = 1000;

export interface ExportDeps {
  logger: Logger;
  /** builds the request's context (authentication, access state) as /graphql does; throws 401 GraphQLErrors */
  context: (request: FastifyRequest) => Promise<GraphContext>;
  /** messages' language when Accept-Language names none we write */
  defaultLang: Lang;
}

type ErrorExtensions = { code: string; http?: { status?: number; headers?: Map<string, string> }; [key: string]: unknown };

/** Errors in the GraphQL response shape, so clients handle both endpoints alike. */
function sendError(reply: FastifyReply, status: number, message: string, extensions: Record<string, unknown>, lang: Lang) {
  return reply.code(status).header("content-type", "application/json; charset=utf-8").send({ errors: localizeErrors([{ message, extensions }], lang) });
}

/** `after` is the `id` of an exported line (a DishonestyRecord global ID); null when absent, undefined when bad. */
function afterId(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === "") return null;
  if (typeof raw !== "string") return undefined;
  try {
    const { typename, id } = decodeGlobalID(raw);
    return typename === "DishonestyRecord" && /^\d{1,10}$/.test(id) ? Number(id) : undefined;
  } catch {
    return undefined;
  }
}

async function* lines(ctx: GraphContext, county: string | null, decisions: ExportDecisions, from: number, cursor: bigint, logger: Logger): AsyncGenerator<string> {
  const started = performance.now();
  let sent = 0;
  let last = from;
  let finished = false;
  try {
    for (;;) {
      const rows = await exportPage(ctx.prisma, county, last, PAGE_SIZE);
      if (rows.length) yield rows.map((r) => JSON.stringify(toExportLine(r, decisions))).join("\n") + "\n";
      sent += rows.length;
      if (rows.length < PAGE_SIZE) break;
      last = rows.at(-1)!.id;
    }
    yield JSON.stringify({ cursor: cursor.toString() }) + "\n";
    finished = true;
  } finally {
    // Also reached when the client goes away: the stream is destroyed and the generator returned.
    logger.info({ reqId: ctx.requestId, agency: ctx.principal.agency, records: sent, cursor: cursor.toString(), finished, ms: Math.round(performance.now() - started) }, "dishonesty export");
  }
}

export function registerDishonestyExport(app: FastifyInstance, deps: ExportDeps): void {
  app.get(EXPORT_PATH, async (request, reply) => {
    let ctx: GraphContext;
    try {
      ctx = await deps.context(request);
    } catch (error) {
      // A refused credential (401) or a spent rate limit (429, with Retry-After), as /graphql answers them.
      const ext = (error as { extensions?: ErrorExtensions }).extensions;
      if (ext?.code !== "UNAUTHENTICATED" && ext?.code !== "RATE_LIMITED") throw error;
      for (const [name, value] of ext.http?.headers ?? []) reply.header(name, value);
      const { http: _http, ...extensions } = ext;
      return sendError(reply, ext.http?.status ?? 401, (error as Error).message, { ...extensions, requestId: request.id }, resolveLang(request.headers["accept-language"], deps.defaultLang));
    }
    const access = ctx.access.decision("credit.dishonesty");
    if (!access.allow) {
      const refusal = localizedError(access.message.key, access.message.params, { code: "FORBIDDEN", resource: "credit.dishonesty", sharing: access.sharing });
      return sendError(reply, 403, refusal.message, refusal.extensions, ctx.lang);
    }
    const from = afterId((request.query as Record<string, unknown>).after);
    if (from === undefined) return sendError(reply, 400, "after: give the `id` of the last exported line you stored, or omit it", { code: "BAD_USER_INPUT", field: "after" }, ctx.lang);

    const decisions = exportDecisions(ctx);
    const cursor = await currentChangeSeq(ctx.prisma);
    const county = scopedCounty(ctx);
    const counts = await exportCounts(ctx.prisma, county, from ?? 0);
    const masked = (["personName", "idNumber"] as const).filter((f) => decisions[f].allow && decisions[f].mask).length;
    const denied = (["personName", "idNumber"] as const).filter((f) => !decisions[f].allow).length;
    const purposes = [access, ...Object.values(decisions)].flatMap((d) => (d.allow && d.purpose ? [d.purpose] : []));
    try {
      await ctx.audit.append({
        ...auditSubject(ctx),
        operationName: `GET ${EXPORT_PATH}`,
        documentHash: createHash("sha256").update(`GET ${EXPORT_PATH}`).digest("hex"),
        variables: { after: from === null ? null : String((request.query as Record<string, unknown>).after), county, records: counts.records, cursor: cursor.toString() },
        purpose: purposes.length ? [...new Set(purposes)].join("; ") : null,
        resources: exportedResources(decisions),
        // As the graph counts them: one per person subject for each masked or withheld field.
        deniedFields: denied * counts.persons,
        maskedFields: masked * counts.persons,
        records: [],
      });
    } catch (error) {
      deps.logger.error({ err: error, reqId: ctx.requestId }, "audit write failed; export withheld");
      return sendError(reply, 503, t(ctx.lang, "audit.unavailable"), { code: "AUDIT_UNAVAILABLE", requestId: ctx.requestId }, ctx.lang);
    }

    reply
      .header("content-type", "application/x-ndjson; charset=utf-8")
      .header("cache-control", "no-store")
      .header("x-change-cursor", cursor.toString())
      .header("x-record-count", String(counts.records));
    // Byte mode with a small high-water mark: one page is buffered ahead of the socket at most.
    return reply.send(Readable.from(lines(ctx, county, decisions, from ?? 0, cursor, deps.logger), { objectMode: false, highWaterMark: 64 * 1024 }));
  });
}
