// What a start loads and says (issue 8, item 4): production never loads the demo data or demo keys
// unless SEED_DEMO=true says so, and the ready log names the database (the embedded directory, or
// PostgreSQL's user, host and database, never its password) and how many demo keys are live. A
// start on PostgreSQL never points at the embedded database's demo-keys.json.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createTestDatabase, onPostgres } from "./helpers/backend.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** The line logged right after "ready" may still be on its way when the helper returns. */
async function untilLogged(server: ServerProcess, pattern: RegExp): Promise<void> {
  while (!server.logs.some((l) => pattern.test(String(l.msg)))) await new Promise((r) => setTimeout(r, 20));
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dlg-start-log-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("demo data in production", () => {
  it("is never loaded unless SEED_DEMO=true, on the embedded database too", () => {
    expect(loadConfig({ NODE_ENV: "production" }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: "development" }).seedDemo).toBe(true);
  });
});

describe.runIf(!onPostgres)("npm start in production on the embedded database", () => {
  it(
    "loads no demo data or keys, and says which directory and that it has no demo keys",
    async () => {
      const dataDir = await tempDir();
      const server = await spawnServer({ NODE_ENV: "production", DATA_DIR: dataDir });
      cleanup.push(async () => server.child.kill("SIGKILL"));
      const ready = server.logs.find((l) => l.msg === "ready")!;
      expect(ready).toMatchObject({ database: `embedded PGlite in ${join(dataDir, "pglite")}`, demoKeyCount: 0 });
      expect(server.logs.some((l) => l.msg === "demo data seeded")).toBe(false);
      expect(existsSync(join(dataDir, "demo-keys.json"))).toBe(false);
      await untilLogged(server, /^no demo keys in this database; create a key with `npm run keys -- create/);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    },
    300_000,
  );
});

describe.runIf(onPostgres)("npm start on PostgreSQL", () => {
  it(
    "names the server and database without the password, and never points at the embedded database's demo-keys.json",
    async () => {
      const dataDir = await tempDir();
      // An embedded database's demo keys, from an earlier start without DATABASE_URL.
      await writeFile(join(dataDir, "demo-keys.json"), JSON.stringify({ FINANCE_BUREAU: "dlg_00000000_not-for-this-database" }));
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      const url = new URL(database.env.DATABASE_URL!);
      url.password = "never-logged";
      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
      cleanup.push(async () => server.child.kill("SIGKILL"));
      const ready = server.logs.find((l) => l.msg === "ready")!;
      expect(ready).toMatchObject({ database: `PostgreSQL ${decodeURIComponent(url.username)}@${url.host}${url.pathname}`, demoKeyCount: 0 });
      await untilLogged(server, /^no demo keys in this database/);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(JSON.stringify(server.logs)).not.toContain("never-logged");
      expect(JSON.stringify(server.logs)).not.toContain("demo-keys.json");
    },
    300_000,
  );

  it(
    "seeding it with SEED_DEMO=true writes its demo keys beside the embedded database's, never over them",
    async () => {
      const dataDir = await tempDir();
      const embedded = JSON.stringify({ FINANCE_BUREAU: "dlg_00000000_the-embedded-database-s-own" });
      await writeFile(join(dataDir, "demo-keys.json"), embedded);
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: database.env.DATABASE_URL!, SEED_DEMO: "true", SEED_SCALE: "0.02" });
      cleanup.push(async () => server.child.kill("SIGKILL"));
      const name = new URL(database.env.DATABASE_URL!).pathname.slice(1);
      const written = join(dataDir, `demo-keys.postgres-${name}.json`);
      await untilLogged(server, /^demo API keys are in /);
      expect(server.logs.find((l) => /^demo API keys are in /.test(String(l.msg)))!.demoKeys).toBe(written);
      expect(await readFile(join(dataDir, "demo-keys.json"), "utf8")).toBe(embedded);
      const keys = JSON.parse(await readFile(written, "utf8")) as Record<string, string>;
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys.FINANCE_BUREAU}` }, body: JSON.stringify({ query: "{ enterprises(first: 1) { totalCount } }" }) });
      expect(res.status).toBe(200);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    },
    300_000,
  );
});
