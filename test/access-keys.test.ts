// Key management (GraphQL and CLI) and JWT bearer tokens mapped to the same principals.
import { expectNotCallable } from "./helpers/attack.ts";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase } from "./helpers/process-database.ts";
import { openDatabase } from "../src/db/database.ts";
import { resolveApiKey } from "../src/access/api-keys.ts";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { JWT_ISSUER: "https://sso.yangjiang.example", JWT_AUDIENCE: "deleveraging-graph", JWT_SECRET: SECRET } });
});
afterAll(() => server?.close());

const call = (token: string, query = "{ enterprises(first: 1) { nodes { name } } }") =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });

const CREATE = `mutation($i: ApiKeyInput!) { createApiKey(input: $i) { ... on MutationCreateApiKeySuccess { data { key apiKey { prefix agency name kind } } } ... on ValidationError { issues { field rule } } } }`;

describe("API keys", () => {
  it("are created, listed by prefix only, rotated and revoked by FINANCE_BUREAU", async () => {
    const created = await server.gql(CREATE, { i: { agency: "PBOC", name: "credit-sync", kind: "SYSTEM" } });
    const { key, apiKey } = created.body.data.createApiKey.data;
    expect(apiKey).toMatchObject({ agency: "PBOC", name: "credit-sync", kind: "SYSTEM" });
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect((await call(key)).status).toBe(200);

    const listed = await server.gql(`{ apiKeys { prefix name } }`);
    expect(listed.body.data.apiKeys).toContainEqual({ prefix: apiKey.prefix, name: "credit-sync" });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const rotated = await server.gql(`mutation($p: String!) { rotateApiKey(prefix: $p) { ... on MutationRotateApiKeySuccess { data { key apiKey { prefix name } } } } }`, { p: apiKey.prefix });
    const fresh = rotated.body.data.rotateApiKey.data;
    expect(fresh.apiKey.name).toBe("credit-sync");
    expect((await call(key)).status).toBe(401);
    expect((await call(fresh.key)).status).toBe(200);

    await server.gql(`mutation($p: String!) { revokeApiKey(prefix: $p) { __typename } }`, { p: fresh.apiKey.prefix });
    expect((await call(fresh.key)).status).toBe(401);
  });

  it("refuses a county key without a county, and key management to anyone but FINANCE_BUREAU", async () => {
    const bad = await server.gql(CREATE, { i: { agency: "COUNTY", name: "yangdong-system" } });
    expect(bad.body.data.createApiKey.issues).toEqual([{ field: "input.county", rule: "county" }]);
    const denied = await server.gql(CREATE, { i: { agency: "PBOC", name: "sneaky" } }, "PBOC");
    expectNotCallable(denied, "createApiKey");
  });

  it.runIf(!onPostgres)("are created from the command line (npm run keys) with only their hash stored", async () => {
    // A copy of the seeded template: what is tested is the command, not a first start.
    const database = await seededProcessDatabase("keys-cli-");
    const dir = database.dataDir;
    try {
      const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
      const out = spawnSync(process.execPath, ["--import", "tsx", "src/cli/keys.ts", "create", "--agency", "COUNTY", "--county", "441704", "--name", "yangdong-sys"], { env, encoding: "utf8" });
      expect(out.status, out.stderr).toBe(0);
      const key = /key \(shown once, store it now\): (\S+)/.exec(out.stdout)![1]!;
      const db = await openDatabase({ kind: "pglite", dir: join(dir, "pglite") });
      try {
        expect(await resolveApiKey(db.prisma, key)).toMatchObject({ agency: "COUNTY", countyCode: "441704", name: "yangdong-sys", kind: "SYSTEM" });
        const stored = await db.prisma.apiKey.findFirstOrThrow({ where: { name: "yangdong-sys" } });
        // The secret is everything after `dlg_<prefix>_`; it may itself contain "_" (base64url).
        const secret = key.slice(key.indexOf("_", 4) + 1);
        expect(secret).toHaveLength(32);
        expect(JSON.stringify(stored)).not.toContain(secret);
      } finally {
        await db.close();
      }
      const bad = spawnSync(process.execPath, ["--import", "tsx", "src/cli/keys.ts", "create", "--agency", "NOBODY", "--name", "x1"], { env, encoding: "utf8" });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/--agency must be one of/);
    } finally {
      await database.drop();
    }
  });
});

describe("JWT bearer tokens", () => {
  // `kind` is USER unless a test says otherwise; `expires: null` signs a token without `exp`.
  const sign = (claims: Record<string, unknown>, opts: { audience?: string; secret?: string; expires?: string | null } = {}) => {
    const jwt = new SignJWT({ kind: "USER", ...claims })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://sso.yangjiang.example")
      .setAudience(opts.audience ?? "deleveraging-graph")
      .setSubject("analyst-zhang")
      .setIssuedAt();
    if (opts.expires !== null) jwt.setExpirationTime(opts.expires ?? "5m");
    return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
  };

  it("map their claims to the same principals and permissions as API keys", async () => {
    // Loans are shared with DEVELOPMENT_REFORM on request only.
    const drc = await sign({ agency: "DEVELOPMENT_REFORM" });
    const res = await (await call(drc, "{ loans(first: 1) { nodes { amount } } }")).json();
    expect(res.errors[0].extensions).toMatchObject({ code: "FORBIDDEN", resource: "debt.loans" });
    const county = await sign({ agency: "COUNTY", county: "441704" });
    const list = await (await call(county, "{ enterprises(first: 50) { nodes { county { code } } } }")).json();
    expect(new Set(list.data.enterprises.nodes.map((n: { county: { code: string } }) => n.county.code))).toEqual(new Set(["441704"]));
  });

  it.each([
    ["a wrong audience", { agency: "PBOC" }, { audience: "someone-else" }],
    ["a wrong signature", { agency: "PBOC" }, { secret: "another-secret-that-is-long-enough-too!!" }],
    ["an expired token", { agency: "PBOC" }, { expires: "2 minutes ago" }],
    ["an unknown agency", { agency: "NOBODY" }, {}],
    ["a county without its county", { agency: "COUNTY" }, {}],
    ["the city's code as a county (441700)", { agency: "COUNTY", county: "441700" }, {}],
    ["a county code that does not exist (999999)", { agency: "COUNTY", county: "999999" }, {}],
    ["a county code given as a number", { agency: "COUNTY", county: 441704 }, {}],
    ["a county claim on an agency that is not COUNTY", { agency: "PBOC", county: "441704" }, {}],
    ["a token without exp (it would never expire)", { agency: "PBOC" }, { expires: null }],
    ["an unknown kind", { agency: "PBOC", kind: "MACHINE" }, {}],
    ["a kind in the wrong case", { agency: "PBOC", kind: "system" }, {}],
    ["no kind at all", { agency: "PBOC", kind: undefined }, {}],
  ])("refuse %s with 401", async (_label, claims, opts) => {
    const res = await call(await sign(claims, opts));
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(body.data).toBeUndefined();
  });

  it.each([
    ["441702", "江城区"],
    ["441704", "阳东区"],
    ["441721", "阳西县"],
    ["441781", "阳春市"],
  ])("accept the county %s (%s) and read only its rows", async (code) => {
    const res = await (await call(await sign({ agency: "COUNTY", county: code }), "{ enterprises(first: 100) { nodes { county { code } } } }")).json();
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprises.nodes.length).toBeGreaterThan(0);
    expect(new Set(res.data.enterprises.nodes.map((n: { county: { code: string } }) => n.county.code))).toEqual(new Set([code]));
  });
});
