// The GraphQL additions the console needs: a key's last use (written at most once a minute, so a
// request pays nothing for it) and each policy cell's legal basis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { onPostgres } from "./helpers/backend.ts";
import { withDatabase } from "./helpers/template-keys.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const prefixOf = (key: string) => key.split("_").slice(0, 2).join("_");

async function lastUse(prefix: string): Promise<string | null> {
  const res = await server.gql(`{ apiKeys { prefix lastUsedAt } }`);
  return res.body.data.apiKeys.find((k: { prefix: string }) => k.prefix === prefix)?.lastUsedAt ?? null;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition never met");
}

describe(`the console's GraphQL additions (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("records a key's last use once, and not again within the minute", async () => {
    const prefix = prefixOf(server.keys["COUNTY:阳东区"]!);
    expect(await lastUse(prefix)).toBeNull();
    const before = Date.now();
    expect((await server.gql(`{ rateLimitBudget { agency } }`, {}, "COUNTY:阳东区")).status).toBe(200);
    const first = await until(() => lastUse(prefix), (v) => v !== null);
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(before - 1000);
    // Used again at once: the written time stays (at most one write a minute).
    for (let i = 0; i < 3; i++) await server.gql(`{ rateLimitBudget { agency } }`, {}, "COUNTY:阳东区");
    // FINANCE_BUREAU's own listing reads make its key's use written too; the county key's is unchanged.
    expect(await lastUse(prefix)).toBe(first);
  });

  it.runIf(onPostgres)("writing a key's last use notifies no process (their key caches stay), while a change of the key does", async () => {
    const prisma = server.running.db.prisma;
    const name = (await prisma.$queryRawUnsafe<Array<{ name: string }>>("SELECT current_database() AS name"))[0]!.name;
    const listener = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on("notification", (n) => heard.push(n.payload ?? ""));
      await listener.query("LISTEN dlg_access");
      const prefix = prefixOf(server.keys.PUBLIC_SECURITY!);
      await server.gql(`{ rateLimitBudget { agency } }`, {}, "PUBLIC_SECURITY");
      await until(() => lastUse(prefix), (v) => v !== null);
      // A change that must notify, committed after the last-use writes: notifications arrive in
      // commit order, so when its own arrives, any from the last-use writes would have too.
      await prisma.apiKey.updateMany({ where: { prefix }, data: { expiresAt: new Date(Date.now() + 365 * 86_400_000) } });
      await until(async () => heard.length, (n) => n > 0);
      expect(heard).toEqual(["api_key"]);
    } finally {
      await listener.end();
    }
  });

  it("a key never used has no last use, and only FINANCE_BUREAU lists keys", async () => {
    const fresh = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "never-used" }) { ... on MutationCreateApiKeySuccess { data { apiKey { prefix lastUsedAt } } } } }`);
    expect(fresh.body.data.createApiKey.data.apiKey.lastUsedAt).toBeNull();
    const denied = await server.gql(`{ apiKeys { prefix lastUsedAt } }`, {}, "PBOC");
    expect(denied.body.data?.apiKeys ?? null).toBeNull();
    // Outside PBOC's view of the schema: answered as a field that does not exist.
    expect(denied.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("gives each policy cell its legal basis: the seed's clauses where it opened the cell, none where the reference table decides", async () => {
    const res = await server.gql(`{ sharingPolicy { name cells { principal sharing legalBasis } } }`, {}, "PBOC");
    const cell = (r: string, p: string) => res.body.data.sharingPolicy.find((x: { name: string }) => x.name === r).cells.find((c: { principal: string }) => c.principal === p);
    expect(cell("debt.loans", "COUNTY").legalBasis).toEqual(expect.arrayContaining(["二(一)2 开展去杠杆风险排查", "二(三)1 强化银行机构风险管理"]));
    expect(cell("debt.monitoring", "COUNTY")).toMatchObject({ sharing: "READ", legalBasis: ["二(一)2 开展去杠杆风险排查", "二(三)1 强化银行机构风险管理"] });
    expect(cell("debt.loans", "PBOC").legalBasis).toEqual([]);
  });
});
