// The spreadsheet routes, authenticated, authorised and rate-limited like /graphql (the caller's
// context is built by server.ts's own buildContext):
//   GET  /sheets/<batch>/template.xlsx|csv   the batch's template
//   POST /sheets/<batch>[?dryRun=1][&problems=json]   the file as the body (XLSX or CSV, UTF-8 or GB18030),
//        or a multipart form with the file in the field `file` (dryRun, problems as form fields or in the query)
//   GET  /sheets/export/<list>.xlsx|csv      a list the caller may read (export.route.ts)
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { columnsOf, type Batch, type Column } from "./batch.ts";
import { BATCHES } from "./batches/index.ts";
import { annotated, problemText, template } from "./annotate.ts";
import { upload } from "./upload.ts";
import { CSV_TYPE, XLSX_TYPE } from "./write.ts";
import { catalogue, localizeErrors, resolveLang, t, type Lang, type MessageKey, type MessageParams } from "../i18n/index.ts";
import { registerSheetExports, type ExportDeps } from "./export.route.ts";
import { withStatementLog, type StatementLog } from "../db/statement-log.ts";
import fastifyMultipart from "@fastify/multipart";
import { FORM_FIELDS, isRefusal, readForm } from "./multipart.ts";

export interface SheetDeps extends ExportDeps {
  logger: Logger;
  context: (request: FastifyRequest) => Promise<GraphContext>;
  /** writes go to the primary, never a read replica */
  primary: PrismaClient;
  /** the largest file accepted, in bytes */
  bodyLimit: number;
}

type ErrorExtensions = { code: string; http?: { status?: number; headers?: Map<string, string> }; [key: string]: unknown };

/** A spreadsheet message: the key of its catalogue entry without the `sheet.` prefix. */
export type SheetMessage = keyof typeof catalogue extends infer K ? (K extends `sheet.${infer M}` ? M : never) : never;

/** The request's language, decided as for /graphql (src/i18n/ resolveLang, DEFAULT_LANGUAGE). */
export const sheetLang = (deps: { defaultLang: Lang }, request: FastifyRequest): Lang => resolveLang(request.headers["accept-language"], deps.defaultLang);

/** A spreadsheet message in both languages, values filled in (extensions.messages carries both). */
export const sheetTexts = (message: SheetMessage, values: MessageParams = {}): Record<Lang, string> => {
  const key = `sheet.${message}` as MessageKey;
  return { zh: t("zh", key, values), en: t("en", key, values) };
};

/** Errors in the GraphQL response shape (as /graphql and /export answer them), in the caller's language, both texts in extensions. */
export function sendSheetError(deps: { defaultLang: Lang }, request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: SheetMessage, values: MessageParams = {}, extensions: Record<string, unknown> = {}) {
  const texts = sheetTexts(message, values);
  return reply
    .code(status)
    .header("content-type", "application/json; charset=utf-8")
    .send({ errors: [{ message: texts[sheetLang(deps, request)], extensions: { code, ...extensions, messages: texts, requestId: request.id } }] });
}

/** The caller's context, or the 401/429 /graphql would answer (null: the reply is sent). */
export async function contextOrRefusal(deps: { context: SheetDeps["context"]; defaultLang: Lang }, request: FastifyRequest, reply: FastifyReply): Promise<GraphContext | null> {
  try {
    return await deps.context(request);
  } catch (error) {
    const ext = (error as { extensions?: ErrorExtensions }).extensions;
    if (!ext?.code || !ext.http?.status) throw error;
    for (const [name, value] of ext.http.headers ?? []) reply.header(name, value);
    const { http: _http, ...extensions } = ext;
    // A 401/429 carries its catalogue key (extensions.i18n): rendered here as /graphql renders it.
    const errors = localizeErrors([{ message: (error as Error).message, extensions: { ...extensions, requestId: request.id } }], sheetLang(deps, request));
    await reply.code(ext.http.status).header("content-type", "application/json; charset=utf-8").send({ errors });
    return null;
  }
}

const formatOf = (file: string, stem: string): "xlsx" | "csv" | null => (file === `${stem}.xlsx` ? "xlsx" : file === `${stem}.csv` ? "csv" : null);
const contentType = (format: "xlsx" | "csv") => (format === "xlsx" ? XLSX_TYPE : CSV_TYPE);
/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export const attachment = (name: string, fallback: string) => `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;

function flag(raw: unknown): boolean | undefined {
  if (raw === undefined || raw === "0" || raw === "false") return raw === undefined ? false : false;
  if (raw === "" || raw === "1" || raw === "true") return true;
  return undefined;
}

export function registerSheets(app: FastifyInstance, deps: SheetDeps): void {
  const batches = new Map<string, { batch: Batch<never>; columns: Column[] }>(BATCHES.map((b) => [b.name, { batch: b as Batch<never>, columns: columnsOf(b as Batch<never>) }]));
  const known = [...batches.keys()].join(", ");

  app.register(async (scope) => {
    // Any body is taken as bytes: the file's own first bytes tell XLSX from CSV (read.ts).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: deps.bodyLimit }, (_request, body, done) => done(null, body));
    // multipart/form-data is parsed in the route (readForm), after the caller is known.
    await scope.register(fastifyMultipart, { limits: { fileSize: deps.bodyLimit, files: 1 } });
    // A fault of ours (the database, a bug) is logged with its detail and answered without it.
    scope.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (error.statusCode === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendSheetError(deps, request, reply, 413, "PAYLOAD_TOO_LARGE", "tooLarge", { max: deps.bodyLimit });
      deps.logger.error({ err: error, reqId: request.id }, "sheet route failed");
      return sendSheetError(deps, request, reply, 500, "INTERNAL_SERVER_ERROR", "internal");
    });

    scope.get<{ Params: { batch: string; file: string } }>("/sheets/:batch/:file", async (request, reply) => {
      const entry = batches.get(request.params.batch);
      if (!entry) return sendSheetError(deps, request, reply, 404, "NOT_FOUND", "unknownBatch", { batch: request.params.batch, known });
      const format = formatOf(request.params.file, "template");
      if (!format) return sendSheetError(deps, request, reply, 404, "NOT_FOUND", "unknownFormat", { format: request.params.file });
      if (!(await contextOrRefusal(deps, request, reply))) return reply;
      const body = await template(entry.batch, entry.columns, format);
      return reply
        .header("content-type", contentType(format))
        .header("content-disposition", attachment(`${entry.batch.title.zh}模板.${format}`, `${entry.batch.name}-template.${format}`))
        .send(body);
    });

    scope.post<{ Params: { batch: string }; Querystring: Record<string, string> }>("/sheets/:batch", async (request, reply) => {
      const entry = batches.get(request.params.batch);
      if (!entry) return sendSheetError(deps, request, reply, 404, "NOT_FOUND", "unknownBatch", { batch: request.params.batch, known });
      // Checked before the caller and the file: a bad flag in the query is refused at once.
      if (flag(request.query.dryRun) === undefined) return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "badDryRun", {}, { field: "dryRun" });
      if (!["file", "json", undefined].includes(request.query.problems)) return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "badProblemsFormat", {}, { field: "problems" });
      const ctx = await contextOrRefusal(deps, request, reply);
      if (!ctx) return reply;
      let body = request.body;
      const options: Record<string, string | undefined> = { dryRun: request.query.dryRun, problems: request.query.problems };
      if (request.isMultipart()) {
        const form = await readForm(request, deps.bodyLimit);
        if (isRefusal(form)) return sendSheetError(deps, request, reply, form.status, form.code, form.message, form.values, form.extensions);
        for (const name of FORM_FIELDS) {
          const value = form.fields[name];
          if (value === undefined) continue;
          if (options[name] !== undefined && options[name] !== value) return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "fieldTwice", { name }, { field: name });
          options[name] = value;
        }
        body = form.file;
      }
      const dryRun = flag(options.dryRun);
      if (dryRun === undefined) return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "badDryRun", {}, { field: "dryRun" });
      const problemsAs = options.problems ?? "file";
      if (problemsAs !== "file" && problemsAs !== "json") return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "badProblemsFormat", {}, { field: "problems" });
      if (!Buffer.isBuffer(body) || body.length === 0) return sendSheetError(deps, request, reply, 400, "BAD_USER_INPUT", "emptyBody", {}, { field: request.isMultipart() ? "file" : "body" });

      const started = performance.now();
      // The SQL statements the upload costs are logged with it: a batch writing item by item shows its cost per row here.
      const statements: StatementLog = { count: 0 };
      const outcome = await withStatementLog(statements, () => upload(entry.batch, entry.columns, { ...ctx, prisma: deps.primary }, body, dryRun));
      deps.logger.info({ reqId: request.id, agency: ctx.principal.agency, batch: entry.batch.name, dryRun, outcome: outcome.kind, rows: outcome.kind === "written" ? outcome.rows : undefined, statements: statements.count, ms: Math.round(performance.now() - started) }, "sheet upload");
      if (outcome.kind === "refused") return sendSheetError(deps, request, reply, outcome.status, outcome.code, outcome.message, outcome.values, outcome.extensions);
      if (outcome.kind === "written") {
        return reply.send({ batch: entry.batch.name, dryRun: outcome.dryRun, rows: outcome.rows, ...outcome.summary });
      }
      const problemCount = [...outcome.problems.values()].reduce((n, p) => n + p.length, 0);
      reply.header("x-sheet-problems", String(problemCount)).header("x-sheet-bad-rows", String(outcome.problems.size));
      if (problemsAs === "json") {
        const problems = [...outcome.problems].flatMap(([row, issues]) =>
          issues.map((issue) => ({ line: outcome.sheet.rows[row]!.line, field: issue.field, rule: issue.rule, message: problemText(outcome.columns, issue, sheetLang(deps, request)) })),
        );
        return sendSheetError(deps, request, reply, 422, "BAD_USER_INPUT", "rejected", { problems: problemCount, rows: outcome.problems.size }, { problems });
      }
      const copy = await annotated(entry.batch, outcome.sheet, outcome.columns, outcome.problems, sheetLang(deps, request));
      const texts = sheetTexts("rejected", { problems: problemCount, rows: outcome.problems.size });
      return reply
        .code(422)
        .header("content-type", contentType(outcome.sheet.format))
        .header("content-disposition", attachment(`${entry.batch.title.zh}-问题标注.${outcome.sheet.format}`, `${entry.batch.name}-problems.${outcome.sheet.format}`))
        .header("x-sheet-message", encodeURIComponent(texts[sheetLang(deps, request)]))
        .send(copy);
    });

    registerSheetExports(scope, deps);
  });
}
