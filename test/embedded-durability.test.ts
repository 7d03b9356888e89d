// Durable commits on the embedded database (issue 8, item 5): by default each commit's WAL is
// flushed with fsync() before the commit is acknowledged, so a power loss cannot take it back;
// EMBEDDED_FSYNC=off trades that for speed. Observed from outside, as the kernel sees it: strace
// records the fsync calls of a process that commits on a new directory (skipped without strace,
// except under CI).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";

const STRACE = "/usr/bin/strace";
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Commits `commits` one-row transactions under strace; returns the fsync calls per file. */
async function fsyncsWhileCommitting(commits: number, env: Record<string, string>): Promise<{ rows: number; wal: number; all: number }> {
  const dir = await mkdtemp(join(tmpdir(), "dlg-durability-"));
  dirs.push(dir);
  const trace = join(dir, "strace.log");
  const out = spawnSync(STRACE, ["-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o", trace, process.execPath, "--import", "tsx", "test/fixtures/commit-many.ts", String(commits)], {
    env: { ...process.env, LOG_LEVEL: "silent", DATA_DIR: join(dir, "data"), ...env },
    encoding: "utf8",
    timeout: 180_000,
  });
  expect(out.status, out.stderr).toBe(0);
  const calls = (await readFile(trace, "utf8")).split("\n").filter((l) => /\b(fsync|fdatasync)\(\d+</.test(l) && / = 0$/.test(l));
  return { rows: JSON.parse(out.stdout.trim().split("\n").pop()!).rows, wal: calls.filter((l) => l.includes("/pg_wal/")).length, all: calls.length };
}

describe.runIf(!onPostgres && (existsSync(STRACE) || process.env.CI))("commits on the embedded database", () => {
  it(
    "are flushed to disk one by one by default, and not at all with EMBEDDED_FSYNC=off",
    async () => {
      const durable = await fsyncsWhileCommitting(20, {});
      expect(durable.rows).toBe(20);
      // At least one WAL flush per commit (CREATE TABLE and the 20 INSERTs each commit).
      expect(durable.wal).toBeGreaterThanOrEqual(20);

      const fast = await fsyncsWhileCommitting(20, { EMBEDDED_FSYNC: "off" });
      expect(fast.rows).toBe(20);
      expect(fast.all).toBe(0);
    },
    300_000,
  );
});
