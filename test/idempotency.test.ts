// Idempotency keys under concurrency: ten twins sent at once with one key make exactly one write,
// and all ten receive the first result, for every mutation that takes a key (listed from the
// schema, so a new one is covered or fails here for want of a case). Keys belong to the whole
// principal: two counties naming their keys alike do not share them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { mutationCases, mutationDocument, mutationFields, SELECTIONS, takesIdempotencyKey, viewOf, type MutationCase } from "./helpers/mutations.ts";

let server: TestServer;
let cases: Record<string, MutationCase>;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  cases = mutationCases(server);
});
afterAll(() => server?.close());

const TWINS = 10;
const keyed = mutationFields()
  .filter(takesIdempotencyKey)
  .map((f) => f.name);

/** Where the database stands before the twins: what they add is counted from here. */
async function mark() {
  const [audit, change] = await Promise.all([db().auditEntry.aggregate({ _max: { id: true } }), db().changeRecord.aggregate({ _max: { id: true } })]);
  return { audit: audit._max.id ?? 0n, change: change._max.id ?? 0n };
}

describe(`ten concurrent twins with one idempotency key, on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("covers every mutation that takes an idempotency key", () => {
    expect(keyed.length).toBeGreaterThan(40);
    expect(keyed.filter((name) => !cases[name])).toEqual([]);
  });

  for (const name of keyed) it(`${name}: one write, ten equal answers`, { timeout: 120_000 }, async () => {
    const c = cases[name]!;
    const args = await c.prepare();
    const key = `twin-${name}-${process.pid}`;
    const document = mutationDocument(name, [...Object.keys(args), "idempotencyKey"], SELECTIONS.full(name, await viewOf(server, c.as)), "Twin");
    const before = await mark();

    const answers = await Promise.all(Array.from({ length: TWINS }, () => server.gql(document, { ...args, idempotencyKey: key }, c.as)));

    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // Fields the writer may not read are denied as on any read; nothing else goes wrong.
      expect(answer.body.errors?.filter((e) => e.extensions?.code !== "FORBIDDEN") ?? [], JSON.stringify(answer.body)).toEqual([]);
    }
    expect(answers[0]!.body.data![name].__typename).toMatch(/Success$/);
    // The history rows the write made (if the record keeps history) all come from one request,
    // and a write that keeps none added its row once.
    const changes = await db().changeRecord.findMany({ where: { id: { gt: before.change } }, select: { requestId: true } });
    expect(new Set(changes.map((ch) => ch.requestId)).size).toBeLessThanOrEqual(1);
    if (c.rows) expect(await c.rows(args)).toBe(name === "upsertLoans" ? 3 : 1);
    for (const answer of answers) expect([answer.body.data, answer.body.errors?.map((e) => e.path)]).toEqual([answers[0]!.body.data, answers[0]!.body.errors?.map((e) => e.path)]);
    // Every write commits with its own audit entry: one entry, one write, the one that made the history.
    const writes = await db().auditEntry.findMany({ where: { id: { gt: before.audit }, operationName: `Mutation.${name}` } });
    expect(writes).toHaveLength(1);
    if (changes.length) expect(changes[0]!.requestId).toBe(writes[0]!.requestId);

    // A later retry is answered from the stored result too.
    const retry = await server.gql(document, { ...args, idempotencyKey: key }, c.as);
    expect(retry.body.data).toEqual(answers[0]!.body.data);
    expect(await db().auditEntry.count({ where: { id: { gt: before.audit }, operationName: `Mutation.${name}` } })).toBe(1);
  });
});

describe("idempotency keys belong to the whole principal", () => {
  it("gives two counties whose keys have the same name each its own write and its own answer", async () => {
    // Two county systems registered under one name, as two counties buying the same software would.
    for (const [label, county] of [["YANGDONG_REPORTS", "441704"], ["YANGXI_REPORTS", "441721"]] as const) {
      const created = await server.gql(`mutation($c: String!) { createApiKey(input: { agency: COUNTY, county: $c, name: "county-reports" }) { ... on MutationCreateApiKeySuccess { data { key } } } }`, { c: county });
      server.keys[label] = created.body.data!.createApiKey.data.key;
    }
    const report = (summary: string) => ({ quarterEnd: "1989-12-31", summary, idempotencyKey: "q4-report" });
    const document = mutationDocument("submitProgressReport", ["quarterEnd", "summary", "idempotencyKey"], "... on MutationSubmitProgressReportSuccess { data { countyCode summary } }");
    const yangdong = await server.gql(document, report("阳东区排查辖内重点企业45户。"), "YANGDONG_REPORTS");
    const yangxi = await server.gql(document, report("阳西县排查辖内重点企业30户。"), "YANGXI_REPORTS");
    expect(yangdong.body.data!.submitProgressReport.data).toEqual({ countyCode: "441704", summary: "阳东区排查辖内重点企业45户。" });
    expect(yangxi.body.data!.submitProgressReport.data).toEqual({ countyCode: "441721", summary: "阳西县排查辖内重点企业30户。" });
    const stored = await db().progressReport.findMany({ where: { agency: "COUNTY", quarterEnd: new Date("1989-12-31") }, orderBy: { countyCode: "asc" } });
    expect(stored.map((r) => [r.countyCode, r.summary])).toEqual([
      ["441704", "阳东区排查辖内重点企业45户。"],
      ["441721", "阳西县排查辖内重点企业30户。"],
    ]);
    // Each county's retry still gets its own first answer.
    expect((await server.gql(document, report("阳东区排查辖内重点企业45户。"), "YANGDONG_REPORTS")).body.data).toEqual(yangdong.body.data);
  });

  it("lets a key older than 24 hours be used again, for other input too, by one write", async () => {
    const document = mutationDocument("submitProgressReport", ["quarterEnd", "summary", "idempotencyKey"], "__typename ... on MutationSubmitProgressReportSuccess { data { quarterEnd summary } }");
    const key = `expiring-${process.pid}`;
    await server.gql(document, { quarterEnd: "1989-09-30", summary: "第一次报送。", idempotencyKey: key }, "PBOC");
    expect((await server.gql(document, { quarterEnd: "1989-06-30", summary: "另一季度。", idempotencyKey: key }, "PBOC")).body.data!.submitProgressReport.__typename).toBe("ConflictError");
    await db().$executeRawUnsafe(`UPDATE idempotency_record SET created_at = created_at - interval '25 hours' WHERE key = $1`, key);
    const answers = await Promise.all(Array.from({ length: TWINS }, () => server.gql(document, { quarterEnd: "1989-06-30", summary: "另一季度。", idempotencyKey: key }, "PBOC")));
    for (const a of answers) expect(a.body.data).toEqual({ submitProgressReport: { __typename: "MutationSubmitProgressReportSuccess", data: { quarterEnd: "1989-06-30", summary: "另一季度。" } } });
    expect(await db().progressReport.count({ where: { agency: "PBOC", quarterEnd: new Date("1989-06-30") } })).toBe(1);
    expect(await db().auditEntry.count({ where: { operationName: "Mutation.submitProgressReport", principalName: "demo-pboc", variables: { path: ["quarterEnd"], string_starts_with: "1989-06-30" } } })).toBe(1);
  });

  it("answers ten concurrent loan files creating the same loans without a key with one success and conflicts, never an internal error", async () => {
    const args = await cases.upsertLoans!.prepare();
    const document = mutationDocument("upsertLoans", ["input"], SELECTIONS.full("upsertLoans"));
    const answers = await Promise.all(Array.from({ length: TWINS }, () => server.gql(document, args, "CBRC")));
    const outcomes = answers.map((a) => a.body.errors?.[0]?.extensions?.code ?? a.body.data!.upsertLoans.__typename);
    expect(outcomes.filter((o) => o === "MutationUpsertLoansSuccess").length).toBeGreaterThanOrEqual(1);
    // A file that lost the race either conflicts or, once the first committed, finds the loans unchanged.
    expect(outcomes.every((o) => o === "MutationUpsertLoansSuccess" || o === "ConflictError"), JSON.stringify(outcomes)).toBe(true);
    expect(await cases.upsertLoans!.rows!(args)).toBe(3);
  });
});
