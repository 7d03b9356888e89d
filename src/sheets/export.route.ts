// GET /sheets/export/<list>.xlsx|csv: a list the caller may read, as a spreadsheet, streamed.
// GET /sheets/export: the lists this caller may download (those its schema view shows).
//
// Nothing here decides access: each page is the list's registered query (clients/sheets/curated/,
// or clients/sheets/derived/, derived from the schema) run through the server's own Apollo
// execution with a context built exactly as for /graphql, so the page passes the same schema view,
// shield, masking, row scope, document limits, rate limit, trusted operations (a list's document is
// a file of its own, so an uncut page is registered by its hash) and audit (one audit entry per
// page, as a client paging through /graphql would leave). A field the graph withholds comes back
// null with its error: its cell says so.
// Memory stays flat: one page (500 rows) at a time, written through exceljs's streaming writer and
// pulled only as fast as the client reads.
import { PassThrough } from "node:stream";
import { Kind, parse, print, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode } from "graphql";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApolloServer } from "@apollo/server";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import type { RegisteredOperation } from "../operations/manifest.ts";
import { CELL_JOIN, CURATED_LISTS, LISTS, type SheetList } from "./lists.ts";
import { sheetWriter, XLSX_TYPE, CSV_TYPE } from "./write.ts";
import { t, type Lang } from "../i18n/index.ts";
import { attachment, contextOrRefusal, sendSheetError } from "./routes.ts";
import { schema } from "../schema.ts";
import { schemaViewFor } from "../access/schema-view.ts";

export interface ExportDeps {
  logger: Logger;
  context: (request: FastifyRequest) => Promise<GraphContext>;
  apollo: ApolloServer<GraphContext>;
  manifest: Map<string, RegisteredOperation>;
  /** the language without (or with no usable) Accept-Language: DEFAULT_LANGUAGE */
  defaultLang: Lang;
}

const PAGE_SIZE = 500;

interface Page {
  nodes: Record<string, unknown>[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** "<node index>.<path>" of each withheld field */
  denied: Set<string>;
}

type PageResult = { page: Page } | { refused: { status: number; code: string; message: string; extensions: Record<string, unknown> } };

async function runPage(deps: ExportDeps, list: SheetList, document: string, ctx: GraphContext, after: string | null): Promise<PageResult> {
  const response = await deps.apollo.executeOperation({ query: document, operationName: list.operation, variables: { first: PAGE_SIZE, after } }, { contextValue: ctx });
  if (response.body.kind !== "single") throw new Error("sheets export: an incremental response");
  const { data, errors } = response.body.singleResult;
  const connection = (data as Record<string, { nodes: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null> | null | undefined)?.[list.connection];
  if (!connection) {
    // The list itself refused (e.g. FORBIDDEN, a spent budget): answered as /graphql answers it.
    const first = errors?.[0];
    const code = String(first?.extensions?.code ?? "INTERNAL_SERVER_ERROR");
    const status = response.http.status ?? (code === "FORBIDDEN" ? 403 : code === "RATE_LIMITED" ? 429 : 500);
    return { refused: { status, code, message: first?.message ?? "no data", extensions: { ...(first?.extensions ?? {}) } } };
  }
  const denied = new Set<string>();
  for (const error of errors ?? []) {
    const path = error.path ?? [];
    // [connection, "nodes", i, field, …]
    if (path[0] === list.connection && path[1] === "nodes" && typeof path[2] === "number") denied.add(`${path[2]}.${path.slice(3).join(".")}`);
  }
  return { page: { nodes: connection.nodes, endCursor: connection.pageInfo.endCursor, hasNextPage: connection.pageInfo.hasNextPage, denied } };
}

/**
 * The registered document cut to the fields the caller's schema view has (the view hides what
 * the policy never shares with it, and the graph refuses a document naming a hidden field): the
 * rest of the list is still the caller's to download, the hidden columns marked withheld.
 * Returns null when the list itself is hidden.
 */
function documentFor(ctx: GraphContext, list: SheetList, registered: DocumentNode): { document: string; present: Set<string> } | null {
  const view = ctx.access?.enforced ? schemaViewFor(schema, ctx.principal, ctx.access.state) : schema;
  const info = new TypeInfo(view);
  const cut = visit(
    registered,
    visitWithTypeInfo(info, {
      Field: {
        enter: () => (info.getFieldDef() ? undefined : null),
        leave: (node: FieldNode) => (node.selectionSet && node.selectionSet.selections.length === 0 ? null : undefined),
      },
    }),
  );
  const operation = cut.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === list.operation);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null;
  const root = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === list.connection);
  const nodes = root?.selectionSet?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "nodes");
  if (!nodes) return null;
  const present = new Set<string>();
  const walk = (field: FieldNode, prefix: string) => {
    for (const s of field.selectionSet?.selections ?? []) if (s.kind === Kind.FIELD) {
      const path = prefix ? `${prefix}.${s.name.value}` : s.name.value;
      present.add(path);
      walk(s, path);
    }
  };
  walk(nodes, "");
  return { document: print({ ...cut, definitions: [operation] }), present };
}

function leaf(node: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : null), node);
}

/** Withheld when the field or one of its parents came back with an error. */
function isDenied(denied: Set<string>, index: number, path: string): boolean {
  const parts = path.split(".");
  return parts.some((_, i) => denied.has(`${index}.${parts.slice(0, i + 1).join(".")}`));
}

/** A cell: a list of scalars joined into one; a decimal (an exact string in the graph) a number in XLSX. */
function cellValue(value: unknown, number: boolean | undefined, format: "xlsx" | "csv"): unknown {
  if (Array.isArray(value)) return value.join(CELL_JOIN);
  return number && format === "xlsx" && typeof value === "string" ? Number(value) : value;
}

export function registerSheetExports(app: FastifyInstance, deps: ExportDeps): void {
  const lists = new Map(LISTS.map((l) => [l.name, l]));
  const curated = new Set(CURATED_LISTS.map((l) => l.name));
  // Parsed once: every request cuts its own copy to the caller's view.
  const documents = new Map<string, DocumentNode>();
  for (const list of LISTS) {
    const registered = [...deps.manifest.values()].find((o) => o.system === "sheets" && o.operations.includes(list.operation));
    if (!registered) throw new Error(`sheets: ${list.operation} is not in clients/operations.json (npm run operations:publish)`);
    documents.set(list.name, parse(registered.document));
  }
  const known = [...lists.keys()].map((n) => `${n}.xlsx`).join(", ");

  // The index: what documentFor would let this caller download. A list its view hides is not
  // named (and 403s); a list the view shows may still be refused when run (a conditional resource
  // without an approved request), as /graphql would refuse it.
  app.get("/sheets/export", async (request, reply) => {
    const ctx = await contextOrRefusal(deps, request, reply);
    if (!ctx) return reply;
    const mine = LISTS.filter((list) => documentFor(ctx, list, documents.get(list.name)!));
    return reply.header("cache-control", "no-store").send({
      lists: mine.map((list) => ({
        name: list.name,
        title: list.title,
        curated: curated.has(list.name),
        xlsx: `/sheets/export/${list.name}.xlsx`,
        csv: `/sheets/export/${list.name}.csv`,
      })),
    });
  });

  app.get<{ Params: { file: string } }>("/sheets/export/:file", async (request, reply) => {
    const match = /^(.+)\.(xlsx|csv)$/.exec(request.params.file);
    const list = match ? lists.get(match[1]!) : undefined;
    if (!match || !list) return sendSheetError(deps, request, reply, 404, "NOT_FOUND", "unknownList", { list: request.params.file, known });
    const format = match[2] as "xlsx" | "csv";
    // The first page before any byte: a refusal is still an HTTP status.
    const ctx = await contextOrRefusal(deps, request, reply);
    if (!ctx) return reply;
    const cut = documentFor(ctx, list, documents.get(list.name)!);
    if (!cut) return sendSheetError(deps, request, reply, 403, "FORBIDDEN", "listForbidden", { reason: list.connection });
    const { document, present } = cut;
    const first = await runPage(deps, list, document, ctx, null);
    if ("refused" in first) {
      const { status, code, message, extensions } = first.refused;
      const { http: _http, ...rest } = extensions as { http?: unknown };
      return reply.code(status).header("content-type", "application/json; charset=utf-8").send({ errors: [{ message, extensions: { ...rest, code, requestId: request.id } }] });
    }

    const out = new PassThrough({ highWaterMark: 64 * 1024 });
    const writer = await sheetWriter(format, out, list.title.zh, list.columns.map(() => 18));
    const withheld = t("zh", "sheet.denied");
    const started = performance.now();
    let rows = 0;
    const write = async (page: Page) => {
      for (const [i, node] of page.nodes.entries()) {
        await writer.add({
          cells: list.columns.map((c) => {
            if (!present.has(c.path)) return { value: withheld };
            const value = leaf(node, c.path);
            if (value === null || value === undefined) return { value: isDenied(page.denied, i, c.path) ? withheld : null };
            return { value: cellValue(value, c.number, format) };
          }),
        });
        rows++;
      }
    };
    void (async () => {
      let finished = false;
      try {
        await writer.add({ style: "header", cells: list.columns.map((c) => ({ value: c.zh })) });
        let page = first.page;
        await write(page);
        while (page.hasNextPage && !out.destroyed) {
          // Each page is an operation of its own: its own context (rate limit, loaders, audit entry).
          const next = await runPage(deps, list, document, await deps.context(request), page.endCursor);
          if ("refused" in next) throw new Error(`${next.refused.code}: ${next.refused.message}`);
          page = next.page;
          await write(page);
        }
        await writer.end();
        finished = true;
      } catch (error) {
        // The client sees a cut-off file (no end of archive), never a complete-looking partial one.
        deps.logger.warn({ err: error, reqId: request.id }, "sheet export stopped");
        out.destroy(error as Error);
      } finally {
        deps.logger.info({ reqId: request.id, agency: ctx.principal.agency, list: list.name, format, rows, finished, ms: Math.round(performance.now() - started) }, "sheet export");
      }
    })();
    return reply
      .header("content-type", format === "xlsx" ? XLSX_TYPE : CSV_TYPE)
      .header("cache-control", "no-store")
      .header("content-disposition", attachment(`${list.title.zh}.${format}`, `${list.name}.${format}`))
      .send(out);
  });
}
