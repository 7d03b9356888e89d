// Named prepared statements on PostgreSQL (src/db/statement-names.ts): the compiled read and the
// audit's group-commit insert run under one name each, prepared once on the connection and
// executed again at every request of the same shape; PREPARED_STATEMENTS=off names nothing.
// (Behind a pooler that refuses them: test/pgbouncer.test.ts.)
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

const LOOKUP = `query($uscc: String!) { enterprise(uscc: $uscc) { uscc name county { code } latestStatement { totalAssets } } }`;

interface Prepared {
  name: string;
  statement: string;
  runs: number;
}

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A server on one connection (so that pg_prepared_statements, per session, is its statements'), after `n` look-ups. */
async function afterLookups(env: Record<string, string>, n: number): Promise<Prepared[]> {
  const server = await startTestServer({ env: { DATABASE_POOL_SIZE: "1", ...env } });
  servers.push(server);
  const [first] = await server.running.db.raw<{ uscc: string }>("SELECT uscc FROM enterprise WHERE retired_at IS NULL ORDER BY id LIMIT 1");
  for (let i = 0; i < n; i++) {
    const res = await server.gql(LOOKUP, { uscc: first!.uscc });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.enterprise.uscc).toBe(first!.uscc);
  }
  return server.running.db.raw<Prepared>("SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY name");
}

describe.runIf(onPostgres)("named prepared statements", () => {
  it("the compiled read and the audit's insert each run under one name, prepared once for all the requests", async () => {
    const prepared = await afterLookups({}, 8);
    const read = prepared.filter((p) => p.statement.startsWith("/* json-query */"));
    const audit = prepared.filter((p) => p.statement.startsWith("/* audit-insert */"));
    expect(read, JSON.stringify(prepared)).toHaveLength(1);
    expect(read[0]!.runs).toBeGreaterThanOrEqual(8);
    // (each look-up's entry, alone in its batch or with the sealer's neighbours: at least one run a request is not promised)
    expect(audit, JSON.stringify(prepared)).toHaveLength(1);
    expect(audit[0]!.runs).toBeGreaterThanOrEqual(2);
    // Only marked statements are named: Prisma's own stay unnamed.
    expect(prepared.every((p) => p.statement.startsWith("/* json-query */") || p.statement.startsWith("/* audit-insert */")), JSON.stringify(prepared.map((p) => p.statement.slice(0, 40)))).toBe(true);
  });

  it("PREPARED_STATEMENTS=off names none", async () => {
    expect(await afterLookups({ PREPARED_STATEMENTS: "off" }, 3)).toEqual([]);
  });
});
