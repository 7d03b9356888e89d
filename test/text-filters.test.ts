// Text filters (`nameContains`, in every domain that has one) match the text literally: `%`, `_`
// and `\` are characters to look for, not LIKE wildcards or escapes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
const NAMES = ["阳江百分之50%实业有限公司", "阳江下划线_贸易有限公司", "阳江反斜杠\\科技有限公司"];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  for (const name of NAMES) {
    const res = await server.gql(`mutation($i: EnterpriseInput!) { upsertEnterprise(input: $i) { __typename ... on MutationUpsertEnterpriseSuccess { data { uscc } } } }`, { i: enterpriseInput({ name }) }, "MARKET_REGULATION");
    expect(res.body.data?.upsertEnterprise?.__typename, JSON.stringify(res.body)).toBe("MutationUpsertEnterpriseSuccess");
  }
});
afterAll(() => server?.close());

const PROBES = ["%", "_", "\\", "50%", "_贸", "%实业", "\\科", "有限_", "%%", "__"];

describe(`text filters match literally (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it.each(PROBES)("enterprises(filter: { nameContains: %j }) lists exactly the names containing it", async (text) => {
    const all = await server.running.db.prisma.enterprise.findMany({ where: { retiredAt: null }, select: { name: true } });
    const expected = all.map((e) => e.name).filter((n) => n.includes(text)).sort();
    const res = await server.gql(`query($t: String!) { enterprises(first: 500, filter: { nameContains: $t }) { totalCount nodes { name } } }`, { t: text });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprises.nodes.map((n: { name: string }) => n.name).sort()).toEqual(expected);
    expect(res.body.data.enterprises.totalCount).toBe(expected.length);
  });

  it("the names written with %, _ and \\ are found by their own text", async () => {
    for (const name of NAMES) {
      const res = await server.gql(`query($t: String!) { enterprises(filter: { nameContains: $t }) { nodes { name } } }`, { t: name });
      expect(res.body.data.enterprises.nodes).toEqual([{ name }]);
    }
  });

  it.each(PROBES)("institutions(filter: { nameContains: %j }) lists exactly the names containing it", async (text) => {
    const all = await server.running.db.prisma.institution.findMany({ where: { retiredAt: null }, select: { name: true } });
    const expected = all.map((i) => i.name).filter((n) => n.includes(text)).sort();
    const res = await server.gql(`query($t: String!) { institutions(first: 500, filter: { nameContains: $t }) { nodes { name } } }`, { t: text });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.institutions.nodes.map((n: { name: string }) => n.name).sort()).toEqual(expected);
  });

  it("an ordinary text still matches as before", async () => {
    const res = await server.gql(`{ institutions(first: 500, filter: { nameContains: "银行" }) { nodes { name } } }`);
    expect(res.body.data.institutions.nodes.length).toBeGreaterThan(0);
    for (const n of res.body.data.institutions.nodes) expect(n.name).toContain("银行");
  });

  it("no filter outside src/graph/text-filter.ts builds a LIKE condition of its own", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated") walk(path);
        } else if (entry.name.endsWith(".ts") && path !== join("src", "graph", "text-filter.ts")) {
          const text = readFileSync(path, "utf8");
          if (/\b(contains|startsWith|endsWith)\s*:/.test(text) || /\bI?LIKE\b/.test(text)) offenders.push(path);
        }
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
