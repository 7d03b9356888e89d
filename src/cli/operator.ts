// Where the operator's commands (npm run keys, npm run audit:verify) act. On PostgreSQL, and on an
// embedded database no process has open, on the database itself. While a server has the embedded
// database open (only one process may: src/db/embedded-lock.ts), through that server's admin
// operations (clients/local-cli/operator.graphql) with the key it issued itself for this
// (src/access/local-operator.ts): the server then honours each change at once.
import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { EmbeddedDatabaseBusyError, SERVER_ROLE } from "../db/embedded-lock.ts";
import { applyPendingMigrations } from "../db/migrations.ts";
import { checkNewKey, createApiKey, revokeApiKey, rotateApiKey } from "../access/api-keys.ts";
import { readLocalServer, type LocalServer } from "../access/local-operator.ts";
import { verifyAuditLog } from "../access/audit/verify.ts";
import { exportLines } from "../access/audit/offline.ts";
import { loadSigningKey } from "../signing/key.ts";
import type { Agency, PrincipalKind } from "../generated/prisma/client.ts";
import { openAccessChanges, type AccessTopic } from "../access/access-changes.ts";
import { createLogger } from "../logger.ts";

/** A failure to report as one line (the command exits 1). */
export class OperatorError extends Error {}

export interface NewKeyRequest {
  agency: Agency;
  /** division code or name */
  county: string | null;
  name: string;
  kind: PrincipalKind;
  expiresAt: Date | null;
  /** the systems (clients/<system>/) whose registered operations a SYSTEM key may run */
  systems: readonly string[];
}

export interface KeyRow {
  prefix: string;
  agency: string;
  countyCode: string | null;
  name: string;
  kind: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Verdict {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBrokenId: string | null;
  reason: string | null;
}

export interface Operator {
  /** where the commands act, for the output ("the running server (process 123)") */
  via: string;
  createKey(request: NewKeyRequest): Promise<{ key: string; prefix: string; countyCode: string | null }>;
  listKeys(includeRevoked: boolean): Promise<KeyRow[]>;
  /** null when there is no live key with that prefix */
  rotateKey(prefix: string): Promise<{ key: string; prefix: string } | null>;
  revokeKey(prefix: string): Promise<boolean>;
  verifyAudit(): Promise<Verdict>;
  /** a page of the audit log's export (JSON lines, the header first when from = 0) */
  exportAudit(from: number, count: number): Promise<{ treeSize: number; lines: string[] }>;
  close(): Promise<void>;
}

/** `input.county` → `--county`: the graph's issue paths as the flags that carried them. */
const FLAG_OF_FIELD: Record<string, string> = { county: "--county", name: "--name", agency: "--agency", kind: "--kind", expiresAt: "--expires", systems: "--system" };
const issueLine = (field: string, message: string) => `${FLAG_OF_FIELD[field.replace(/^input\./, "")] ?? field}: ${message}`;

/**
 * Tells the running servers that keys changed. On PostgreSQL the tables' trigger NOTIFYs them
 * already; with REDIS_URL they listen on Redis instead, so the change is published there (once it
 * has committed). On the embedded database this process can only be here when no server runs.
 */
async function announce(config: Config, topics: AccessTopic[]): Promise<void> {
  if (!config.redisUrl || config.database.kind !== "postgres") return;
  const feed = await openAccessChanges({ databaseUrl: config.database.url, redisUrl: config.redisUrl, logger: createLogger({ logLevel: "warn" }, process.stderr), subscribe: false });
  feed.changed(topics);
  await feed.close();
}

function direct(db: Database, config: Config): Operator {
  return {
    via: "the database",
    async createKey(request) {
      const { countyCode, issues } = await checkNewKey(db.prisma, request);
      if (issues.length) throw new OperatorError(issues.map((i) => issueLine(i.field, i.message)).join("\n"));
      const created = await createApiKey(db.prisma, { agency: request.agency, countyCode, name: request.name, kind: request.kind, createdBy: "cli", expiresAt: request.expiresAt, systems: request.systems });
      await announce(config, ["api_key"]);
      return { key: created.key, prefix: created.prefix, countyCode };
    },
    async listKeys(includeRevoked) {
      const keys = await db.prisma.apiKey.findMany({ where: includeRevoked ? {} : { revokedAt: null }, orderBy: { id: "asc" } });
      return keys.map((k) => ({ prefix: k.prefix, agency: k.agency, countyCode: k.countyCode, name: k.name, kind: k.kind, createdAt: k.createdAt.toISOString(), expiresAt: k.expiresAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }));
    },
    async rotateKey(prefix) {
      const fresh = await rotateApiKey(db.prisma, prefix, "cli");
      await announce(config, ["api_key"]);
      return fresh;
    },
    async revokeKey(prefix) {
      const revoked = await revokeApiKey(db.prisma, prefix);
      await announce(config, ["api_key"]);
      return revoked;
    },
    async verifyAudit() {
      // The key file is read only when it exists: verifying must not create one.
      const keyFile = config.audit.signingKeyFile;
      const publicKey = keyFile && existsSync(keyFile) ? (await loadSigningKey(keyFile)).publicKey : null;
      const v = await verifyAuditLog(db.prisma, { publicKey });
      return { ok: v.ok, checked: v.checked, unsealed: v.unsealed, firstBrokenId: v.firstBrokenId?.toString() ?? null, reason: v.reason };
    },
    exportAudit: (from, count) => exportLines(db.prisma, from, count),
    close: () => db.close(),
  };
}

const OPERATIONS = readFileSync(new URL("../../clients/local-cli/operator.graphql", import.meta.url), "utf8");

interface GraphQLAnswer {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

function remote(server: LocalServer): Operator {
  async function call(operationName: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
    let res: Response;
    try {
      res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${server.key}` },
        body: JSON.stringify({ query: OPERATIONS, operationName, variables }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new OperatorError(`the server (process ${server.pid}) holding the embedded database does not answer at ${server.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await res.text();
    let body: GraphQLAnswer;
    try {
      body = JSON.parse(text) as GraphQLAnswer;
    } catch {
      throw new OperatorError(`the server at ${server.url} answered HTTP ${res.status} with something other than JSON: ${text.slice(0, 200)}`);
    }
    if (body.errors?.length || !body.data) {
      const first = body.errors?.[0];
      throw new OperatorError(`the server at ${server.url} refused ${operationName}: ${first?.message ?? `HTTP ${res.status}`}${first?.extensions?.code ? ` (${first.extensions.code})` : ""}`);
    }
    return body.data;
  }
  return {
    via: `the running server (process ${server.pid} at ${server.url})`,
    async createKey(request) {
      const input = { agency: request.agency, county: request.county, name: request.name, kind: request.kind, expiresAt: request.expiresAt?.toISOString() ?? null, systems: request.systems };
      const result = (await call("LocalCliCreateApiKey", { input })).createApiKey;
      if (result.__typename === "ValidationError") throw new OperatorError((result.issues as Array<{ field: string; message: string }>).map((i) => issueLine(i.field, i.message)).join("\n"));
      if (!result.data) throw new OperatorError(`createApiKey: ${result.message ?? result.__typename}`);
      return { key: result.data.key, prefix: result.data.apiKey.prefix, countyCode: result.data.apiKey.countyCode };
    },
    async listKeys(includeRevoked) {
      const keys = (await call("LocalCliApiKeys", { includeRevoked })).apiKeys as KeyRow[];
      // The graph lists newest first; the command, as on the database, oldest first.
      return [...keys].reverse();
    },
    async rotateKey(prefix) {
      const result = (await call("LocalCliRotateApiKey", { prefix })).rotateApiKey;
      if (result.__typename === "NotFoundError") return null;
      return { key: result.data.key, prefix: result.data.apiKey.prefix };
    },
    async revokeKey(prefix) {
      const result = (await call("LocalCliRevokeApiKey", { prefix })).revokeApiKey;
      return result.__typename !== "NotFoundError";
    },
    async verifyAudit() {
      return (await call("LocalCliVerifyAuditChain")).verifyAuditChain as Verdict;
    },
    async exportAudit(from, count) {
      return (await call("LocalCliAuditLogExport", { fromIndex: from, first: count })).auditLogExport as { treeSize: number; lines: string[] };
    },
    close: async () => {},
  };
}

/**
 * The database itself when this process may open it; the running server when one holds the
 * embedded database; otherwise an OperatorError naming the process that holds it.
 */
export async function openOperator(config: Config, role: string): Promise<Operator> {
  let db: Database;
  try {
    db = await openDatabase(config.database, { role });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    const server = config.dataDir ? readLocalServer(config.dataDir) : null;
    if (server && server.pid === error.holder.pid) return remote(server);
    if (error.holder.role === SERVER_ROLE) throw new OperatorError(`${error.message}; it is starting or stopping, try again in a moment`);
    throw new OperatorError(`${error.message}; try again when it has finished`);
  }
  try {
    await applyPendingMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return direct(db, config);
}
