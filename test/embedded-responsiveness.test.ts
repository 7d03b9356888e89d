// The embedded database runs in a worker thread (issue 8, item 5): a long statement leaves the
// server's own thread free, so probes answer and SIGTERM is acted on while it runs, and
// SHUTDOWN_TIMEOUT_MS can cut it short. The statement here waits for a file the test creates, so
// every check is "before the statement finished" by construction, not by timing. And `npm start`
// itself, signalled as an orchestrator does, passes SIGTERM on and drains.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase } from "./helpers/process-database.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const FLAG = "release-long-statement";
const FIXTURE = [process.execPath, "--import", "tsx", "test/fixtures/long-statement-server.ts", FLAG];

async function untilLogged(server: ServerProcess, msg: string | RegExp): Promise<Record<string, unknown>> {
  for (;;) {
    const found = server.logs.find((l) => (typeof msg === "string" ? l.msg === msg : msg.test(String(l.msg))));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const logged = (server: ServerProcess, msg: string) => server.logs.some((l) => l.msg === msg);

/**
 * A server beside a long statement on an embedded database in a directory of its own: a copy of
 * the seeded template, as what is tested is the statement's thread, not a first start.
 */
async function serverWithLongStatement(env: Record<string, string> = {}) {
  const database = await seededProcessDatabase("dlg-long-statement-");
  cleanup.push(() => database.drop());
  const { dataDir } = database;
  const server = await spawnServer({ ...database.env, ...env }, 120_000, FIXTURE);
  cleanup.push(async () => server.child.kill("SIGKILL"));
  await untilLogged(server, "long statement sent");
  const release = () => writeFile(join(dataDir, "pglite", FLAG), "");
  return { server, release };
}

describe.skipIf(onPostgres)("the embedded database during a long statement", () => {
  it(
    "answers /healthz and acts on SIGTERM at once while the statement runs, then drains and stops cleanly",
    async () => {
      const { server, release } = await serverWithLongStatement();
      const origin = new URL(server.url).origin;

      const started = performance.now();
      const health = await fetch(`${origin}/healthz`);
      const healthMs = performance.now() - started;
      expect(health.status).toBe(200);
      // The statement cannot have finished: its file does not exist yet.
      expect(logged(server, "long statement finished")).toBe(false);
      // And it is really running: the database answers nothing else meanwhile.
      const ready = await fetch(`${origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(logged(server, "long statement finished")).toBe(false);
      console.log(`/healthz answered in ${Math.round(healthMs)} ms during the long statement`);

      server.child.kill("SIGTERM");
      await untilLogged(server, "draining in-flight requests, then closing the database");
      expect(logged(server, "long statement finished")).toBe(false);
      await release();
      expect(await server.exited).toBe(0);
      expect(logged(server, "long statement finished")).toBe(true);
      expect(logged(server, "stopped cleanly")).toBe(true);
    },
    300_000,
  );

  it(
    "lets SHUTDOWN_TIMEOUT_MS cut a long statement short",
    async () => {
      const { server } = await serverWithLongStatement({ SHUTDOWN_TIMEOUT_MS: "500" });
      server.child.kill("SIGTERM");
      // The statement is never released: only the timeout ends the process.
      expect(await server.exited).toBe(1);
      expect(logged(server, "shutdown timed out; exiting without a clean close")).toBe(true);
      expect(logged(server, "long statement finished")).toBe(false);
    },
    300_000,
  );
});

describe(`npm start (${onPostgres ? "PostgreSQL" : "embedded PGlite"})`, () => {
  it(
    "passes SIGTERM on to the server, which drains and stops cleanly before npm exits",
    async () => {
      // A copy of the seeded template in a directory of its own: what is tested is npm and the
      // signal, not a first start (test/start-log.test.ts starts on an empty one).
      const database = await seededProcessDatabase("dlg-npm-start-");
      cleanup.push(() => database.drop());
      const npm = await spawnServer(database.env, 180_000, ["npm", "start"]);
      cleanup.push(async () => npm.child.kill("SIGKILL"));
      const server = (await untilLogged(npm, "ready")).pid as number;
      // npm's own process is not the server: the script must hand the signal on.
      expect(server).not.toBe(npm.child.pid);
      npm.child.kill("SIGTERM");
      expect(await npm.exited).toBe(0);
      expect(logged(npm, "draining in-flight requests, then closing the database")).toBe(true);
      expect(logged(npm, "stopped cleanly")).toBe(true);
      // Nothing left behind: the server is gone with npm.
      expect(() => process.kill(server, 0)).toThrow();
    },
    300_000,
  );
});
