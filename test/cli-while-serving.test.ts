// The operator's commands while the server runs (issue 8, item 1): on the embedded database only
// one process may open the directory, so `npm run keys` goes through the running server, which
// honours each change at once; a second server, the seed and db:migrate are refused with one line;
// nothing written is lost across a stop and a kill -9. On PostgreSQL the CLI writes to the shared
// database directly, and the server honours that at once too.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase } from "./helpers/process-database.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the package's commands as a child process, as `npm run <script>` would. */
function cli(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, LOG_LEVEL: "silent", NODE_ENV: "test", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

const keysCli = (args: string[], env: Record<string, string>) => cli("src/cli/keys.ts", args, env);
const issued = (run: Run) => {
  const match = /key \(shown once, store it now\): (\S+)/.exec(run.stdout);
  if (!match) throw new Error(`no key in the output: ${run.stdout} ${run.stderr}`);
  return match[1]!;
};
const prefixOf = (key: string) => key.slice(0, "dlg_".length + 8);

async function status(server: ServerProcess, key: string): Promise<number> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: "{ enterprises(first: 1) { nodes { name } } }" }) });
  await res.text();
  return res.status;
}

/** As the CLI itself asks the server, with one of its registered operations. */
async function statusAsCli(server: ServerProcess, key: string): Promise<number> {
  const query = await readFile("clients/local-cli/operator.graphql", "utf8");
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, operationName: "LocalCliApiKeys" }) });
  await res.text();
  return res.status;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}

describe(`npm run keys while npm start runs (${onPostgres ? "PostgreSQL" : "embedded PGlite"})`, () => {
  it(
    "creates, revokes and rotates keys that the running server honours at once, and loses nothing across a restart",
    async () => {
      // Seeded already (a copy of the template): this test is about the CLI beside a running server, not a first start.
      const database = await seededProcessDatabase("dlg-cli-serving-");
      cleanup.push(() => database.drop());
      const { dataDir, env, keys: demo } = database;

      const first = await spawnServer(env);
      cleanup.push(async () => first.child.kill("SIGKILL"));

      // create: the new key works at once
      const created = await keysCli(["create", "--agency", "FINANCE_BUREAU", "--name", "ops-console", "--kind", "USER"], env);
      expect(created.status, created.stderr).toBe(0);
      const opsKey = issued(created);
      expect(await status(first, opsKey)).toBe(200);

      // a county given by its name, as the graph's filters accept it
      const county = await keysCli(["create", "--agency", "COUNTY", "--county", "阳东区", "--name", "yangdong-sys"], env);
      expect(county.status, county.stderr).toBe(0);
      expect(county.stdout).toContain("for COUNTY:441704/yangdong-sys");
      const countyKey = issued(county);
      expect(await status(first, countyKey)).toBe(200);

      // revoke: 401 at once
      const revoked = await keysCli(["revoke", prefixOf(demo.PBOC!)], env);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect(await status(first, demo.PBOC!)).toBe(401);

      // rotate: the old key 401, the new one 200, at once
      const rotated = await keysCli(["rotate", prefixOf(opsKey)], env);
      expect(rotated.status, rotated.stderr).toBe(0);
      const rotatedKey = issued(rotated);
      expect(await status(first, opsKey)).toBe(401);
      expect(await status(first, rotatedKey)).toBe(200);

      const listed = await keysCli(["list"], env);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toContain(prefixOf(rotatedKey));
      expect(listed.stdout).not.toContain(prefixOf(opsKey));

      const audit = await cli("src/cli/audit-verify.ts", [], env);
      expect(audit.status, audit.stderr).toBe(0);
      expect(audit.stdout).toMatch(/^audit log intact: \d+ entries/);

      await stop(first);
      if (!onPostgres) {
        // The server's credential for the CLI went with it.
        expect(existsSync(join(dataDir, "local-server.json"))).toBe(false);
        expect(existsSync(join(dataDir, "pglite.lock"))).toBe(false);
      }

      // stop and start: every change is still there
      const second = await spawnServer(env);
      cleanup.push(async () => second.child.kill("SIGKILL"));
      expect(await status(second, rotatedKey)).toBe(200);
      expect(await status(second, countyKey)).toBe(200);
      expect(await status(second, opsKey)).toBe(401);
      expect(await status(second, demo.PBOC!)).toBe(401);
      expect(await status(second, demo.FINANCE_BUREAU!)).toBe(200);
      await stop(second);
    },
    600_000,
  );

  it.runIf(!onPostgres)(
    "lets one process at a time open the embedded database: a second server, the seed and db:migrate are refused with one line; a killed server's lock does not block a restart",
    async () => {
      const database = await seededProcessDatabase("dlg-one-writer-");
      cleanup.push(() => database.drop());
      const { dataDir } = database;
      // In production: the CLI's operations must be registered ones, its key being a SYSTEM key.
      const env = { ...database.env, NODE_ENV: "production", SEED_DEMO: "true" };
      const first = await spawnServer(env);
      cleanup.push(async () => first.child.kill("SIGKILL"));
      const pid = String(first.child.pid);

      // The file the CLI finds the server by carries a FINANCE_BUREAU credential: the owner's only.
      expect((await stat(join(dataDir, "local-server.json"))).mode & 0o777).toBe(0o600);

      // The three refusals are independent of one another: run side by side.
      const [again, seed, migrate] = await Promise.all([
        cli("src/main.ts", [], { ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" }),
        cli("src/cli/seed.ts", ["--reset"], env),
        cli("src/cli/db-migrate.ts", [], env),
      ]);
      expect(again.status).toBe(1);
      expect(again.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^cannot start: the embedded database in .* is in use by process ${pid} \\(npm start`))]);
      expect(again.stdout).toBe("");

      expect(seed.status).toBe(1);
      expect(seed.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`in use by process ${pid} .*stop the server first`))]);

      expect(migrate.status).toBe(1);
      expect(migrate.stderr.trim().split("\n")).toEqual([expect.stringMatching(/stop it first to migrate/)]);

      // kill -9: the lock stays behind, with a dead process in it; the next start replaces it.
      const created = await keysCli(["create", "--agency", "CBRC", "--name", "loan-analyst", "--kind", "USER"], env);
      const key = issued(created);
      const killedServersKey = (JSON.parse(await readFile(join(dataDir, "local-server.json"), "utf8")) as { key: string }).key;
      expect(await statusAsCli(first, killedServersKey)).toBe(200);
      first.child.kill("SIGKILL");
      await first.exited;
      expect(existsSync(join(dataDir, "pglite.lock"))).toBe(true);
      const restarted = await spawnServer(env);
      cleanup.push(async () => restarted.child.kill("SIGKILL"));
      expect(await status(restarted, key)).toBe(200);
      // The killed server could not revoke its own credential for the CLI; the restart did.
      expect(await statusAsCli(restarted, killedServersKey)).toBe(401);
      await stop(restarted);
    },
    600_000,
  );
});
