// Starts the real server (Fastify + Apollo + a real database) on an ephemeral port for a test file.
import { rm } from "node:fs/promises";
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startApp, type RunningApp } from "../../src/app.ts";
import type { DatabaseConfig } from "../../src/db/database.ts";
import { inject } from "vitest";
import { createTestDatabase } from "./backend.ts";
import { DEFAULT_SEED, templateKey } from "./template-keys.ts";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
}

export interface TestServer {
  url: string;
  origin: string;
  keys: Record<string, string>;
  running: RunningApp;
  /** the server's log lines, parsed, when started with `captureLogs` (else empty) */
  logs: Array<Record<string, unknown>>;
  /** POSTs a GraphQL operation (a typed document or a string) as the given demo key label (default FINANCE_BUREAU). */
  gql<T = any, V = Record<string, unknown>>(query: TypedDocumentNode<T, V> | string, variables?: V, as?: string | null, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * Starts a server on its own database. The demo data comes from a template copied for this file
 * when one was built for the seed and scale (test/global-setup.ts), else it is seeded at start.
 */
/**
 * `language`: the tests were written against English messages, so a test server answers in
 * English unless a request's Accept-Language asks otherwise (DEFAULT_LANGUAGE=en); "default"
 * leaves the server's own default (Chinese), as test/i18n.test.ts checks it.
 */
export async function startTestServer(options: { scale?: number; seed?: number; env?: Record<string, string>; captureLogs?: boolean; language?: "en" | "default" } = {}): Promise<TestServer> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 0.1;
  const template = options.env?.DATA_DIR || options.env?.DATABASE_URL ? undefined : inject("templates")?.[templateKey(seed, scale)];
  const database = await createTestDatabase(template?.source);
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? (options.captureLogs ? "info" : "silent"),
    SEED_SCALE: String(scale),
    SEED: String(seed),
    // The tests call as the demo keys, in production mode too (where nothing is seeded unless asked).
    SEED_DEMO: "true",
    // Webhook endpoints may be registered on the loopback address (test receivers listen there).
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    ...(options.language === "default" ? {} : { DEFAULT_LANGUAGE: "en" }),
    ...database.env,
    ...options.env,
  });
  // The dump to start from is a test's concern only, so it is set here rather than read from the environment.
  if (database.pgliteTemplate && config.database.kind === "pglite") Object.assign(config.database, { template: database.pgliteTemplate } satisfies Partial<DatabaseConfig>);
  const logs: Array<Record<string, unknown>> = [];
  // Captured lines are kept (parsed) rather than printed.
  const destination = options.captureLogs ? { write: (line: string) => void logs.push(JSON.parse(line)) } : undefined;
  let running: RunningApp;
  try {
    running = await startApp(config, createLogger(config, destination));
  } catch (error) {
    await database.drop();
    throw error;
  }
  const keys = running.demoKeys ?? template?.keys ?? {};
  const url = running.url;
  return {
    url,
    origin: new URL(url).origin,
    keys,
    running,
    logs,
    async gql(query, variables, as = "FINANCE_BUREAU", extraHeaders = {}) {
      const headers: Record<string, string> = { "content-type": "application/json", ...extraHeaders };
      if (as) {
        const key = keys[as];
        if (!key) throw new Error(`no demo key for ${as}`);
        headers.authorization = `Bearer ${key}`;
      }
      const text = typeof query === "string" ? query : print(query);
      const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query: text, variables }) });
      const raw = await res.text();
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new Error(`non-JSON response ${res.status}: ${raw.slice(0, 500)}`);
      }
      return { status: res.status, headers: res.headers, body };
    },
    async close() {
      await running.close();
      if (!config.dataDir) await rm(running.demoKeysPath, { force: true });
      await database.drop();
    },
  };
}
