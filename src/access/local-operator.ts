// The local operator's credential. On the embedded database only the running server may open the
// directory (src/db/embedded-lock.ts), so `npm run keys` and `npm run audit:verify` go through the
// server's admin operations instead, and the server honours each change at once. For that the
// server issues itself a FINANCE_BUREAU key named local-cli at start and writes it, with its URL,
// to DATA_DIR/local-server.json (mode 0600: readable by whoever may read the database files
// anyway); at stop it deletes the file and revokes the key.
import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DbClient } from "../db/database.ts";
import { createApiKey, revokeApiKey } from "./api-keys.ts";

export const LOCAL_OPERATOR_NAME = "local-cli";
const CREATED_BY = "server:local-operator";

export interface LocalServer {
  /** the server's process */
  pid: number;
  /** its /graphql endpoint, on a loopback address */
  url: string;
  key: string;
}

export const localServerPath = (dataDir: string) => join(dataDir, "local-server.json");

/** The endpoint a local process reaches: a wildcard listening address becomes loopback. */
export function loopbackUrl(url: string): string {
  const u = new URL(url);
  if (u.hostname === "0.0.0.0") u.hostname = "127.0.0.1";
  if (u.hostname === "[::]") u.hostname = "[::1]";
  return u.toString();
}

export interface LocalOperator {
  stop(): Promise<void>;
}

/**
 * `keysChanged` is told after each revocation here has committed: the server holds keys in memory
 * (src/access/directory.ts), and these changes do not pass through a mutation.
 */
export async function startLocalOperator(prisma: DbClient, dataDir: string, url: string, keysChanged: () => void = () => {}): Promise<LocalOperator> {
  // A server killed before it could stop (kill -9, a power cut) left its key live.
  await prisma.apiKey.updateMany({ where: { name: LOCAL_OPERATOR_NAME, createdBy: CREATED_BY, revokedAt: null }, data: { revokedAt: new Date() } });
  keysChanged();
  const created = await createApiKey(prisma, { agency: "FINANCE_BUREAU", name: LOCAL_OPERATOR_NAME, kind: "SYSTEM", createdBy: CREATED_BY, systems: ["local-cli"] });
  const path = localServerPath(dataDir);
  const server: LocalServer = { pid: process.pid, url: loopbackUrl(url), key: created.key };
  // Created afresh, so the mode applies (an old file might have been readable by others).
  await rm(path, { force: true });
  await writeFile(path, JSON.stringify(server, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return {
    async stop() {
      await rm(path, { force: true });
      await revokeApiKey(prisma, created.prefix);
      keysChanged();
    },
  };
}

/** The server that wrote DATA_DIR/local-server.json, or null when there is none. */
export function readLocalServer(dataDir: string): LocalServer | null {
  try {
    return JSON.parse(readFileSync(localServerPath(dataDir), "utf8")) as LocalServer;
  } catch {
    return null;
  }
}
