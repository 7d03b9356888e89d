// Starts the real server (Fastify + Apollo + a real database) on an ephemeral port for a test file.
import { rm } from "node:fs/promises";
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startApp, type RunningApp } from "../../src/app.ts";
import { createTestDatabase } from "./backend.ts";

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
  /** POSTs a GraphQL operation (a typed document or a string) as the given demo key label (default FINANCE_BUREAU). */
  gql<T = any, V = Record<string, unknown>>(query: TypedDocumentNode<T, V> | string, variables?: V, as?: string | null, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startTestServer(options: { scale?: number; seed?: number; env?: Record<string, string> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SEED_SCALE: String(options.scale ?? 0.1),
    SEED: String(options.seed ?? 20161231),
    // The tests call as the demo keys, in production mode too (where nothing is seeded unless asked).
    SEED_DEMO: "true",
    ...database.env,
    ...options.env,
  });
  let running: RunningApp;
  try {
    running = await startApp(config, createLogger(config));
  } catch (error) {
    await database.drop();
    throw error;
  }
  const keys = running.demoKeys ?? {};
  const url = running.url;
  return {
    url,
    origin: new URL(url).origin,
    keys,
    running,
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
