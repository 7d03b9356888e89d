// The one-statement JSON reads (src/db/json-query/) answer exactly what Prisma answers for the same
// args, on both backends, and hand to Prisma every args construct they do not translate.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../src/generated/prisma/client.ts";
import { print } from "graphql";
import { JsonQueries } from "../src/db/json-query/json-queries.ts";
import { plannedRowReads } from "../src/db/json-query/planned-rows.plugin.ts";
import { NestedEnterprisesDocument } from "./generated/graphql.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let jq: JsonQueries;
const COUNTY = "441702";

beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  jq = server.running.db.jsonQueries!;
});
afterAll(() => server?.close());

// ─── args trees as the Pothos prisma plugin builds them (logged from the benchmark's requests) ───
const scope = (county: string | null) => <T extends object>(s: T): T | Record<string, never> => (county ? s : {});
function nestedArgs(county: string | null) {
  const s = scope(county);
  const and = (w: object, sc: object) => (county ? { AND: [w, sc] } : w);
  return {
    select: {
      loans: { where: { ...s({ borrower: { countyCode: county } }), retiredAt: null }, orderBy: { id: "asc" }, take: 51, skip: 0, select: { lender: { select: { id: true, ownerAgency: true, code: true, name: true } }, id: true, ownerAgency: true, contractNo: true, amount: true, balance: true, classification: true } },
      guaranteesGiven: { where: { ...s({ OR: [{ borrower: { countyCode: county } }, { guarantor: { countyCode: county } }] }), retiredAt: null }, orderBy: { id: "asc" }, take: 51, skip: 0, select: { borrower: { select: { id: true, ownerAgency: true, countyCode: true, uscc: true, name: true } }, id: true, ownerAgency: true, contractNo: true, amount: true, kind: true } },
      guaranteesReceived: { where: { retiredAt: null }, orderBy: { id: "asc" }, take: 51, skip: 0, select: { guarantor: { select: { id: true, ownerAgency: true, countyCode: true, uscc: true, name: true } }, id: true, ownerAgency: true, contractNo: true, amount: true, kind: true } },
      bonds: {
        where: { ...s({ issuer: { countyCode: county } }), retiredAt: null },
        orderBy: { id: "asc" },
        take: 21,
        skip: 0,
        select: {
          schedule: {
            where: s({ bond: { issuer: { countyCode: county } } }),
            orderBy: [{ dueDate: "asc" }, { kind: "asc" }, { id: "asc" }],
            select: {
              payments: { where: s({ scheduleItem: { bond: { issuer: { countyCode: county } } } }), orderBy: [{ paidOn: { sort: "asc", nulls: "last" } }, { id: "asc" }], select: { id: true, ownerAgency: true, paidOn: true, amountPaid: true, outcome: true } },
              id: true, ownerAgency: true, dueDate: true, kind: true, amountDue: true,
            },
          },
          id: true, ownerAgency: true, code: true, kind: true, amount: true,
        },
      },
      dishonestyRecords: { where: and({ deletedAt: null }, { countyCode: county }), orderBy: [{ id: "asc" }], take: 21, skip: 0, select: { id: true, ownerAgency: true, documentNo: true, list: true, status: true, listedOn: true } },
      id: true, ownerAgency: true, countyCode: true, uscc: true, name: true,
    },
    take: 51,
    skip: 0,
    where: and({ AND: [{ retiredAt: null }, { countyCode: COUNTY }] }, { countyCode: county }),
    orderBy: [{ id: "asc" }],
  };
}

const lookupArgs = (uscc: string, county: string | null) => ({
  select: { county: true, industry: true, statements: { where: { periodType: "ANNUAL", retiredAt: null }, orderBy: { periodEnd: "desc" }, take: 1 }, id: true, ownerAgency: true, countyCode: true, uscc: true, name: true, listingStatus: true, registeredCapital: true, establishedOn: true },
  where: county ? { AND: [{ uscc }, { countyCode: county }] } : { uscc },
});

describe(`JSON reads answer as Prisma on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  /** Both answers, the compiled one required to be compiled (a fallback would compare Prisma with itself). */
  async function compare(model: string, args: object, first = false) {
    const prisma = server.running.db.prisma as unknown as Record<string, { findMany(a: object): Promise<unknown[]>; findFirst(a: object): Promise<unknown> }>;
    const delegate = prisma[model[0]!.toLowerCase() + model.slice(1)]!;
    const fellBack = () => Promise.reject(new Error(`fell back: ${[...jq.fallbacks.keys()].join(", ")}`));
    const mine = first ? await jq.findFirst(server.running.db.prisma, model, args, fellBack) : await jq.findMany(server.running.db.prisma, model, args, fellBack);
    const theirs = first ? await delegate.findFirst(args) : await delegate.findMany(args);
    // Prisma.Decimal, Date and BigInt compare by value and by class.
    expect(isDeepStrictEqual(mine, theirs), JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? String(v) : v)).slice(0, 300)).toBe(true);
    return theirs;
  }

  it("the nested read, the list and the lookup of the benchmark, unscoped and scoped to a county", async () => {
    for (const county of [null, COUNTY, "------"]) {
      const page = (await compare("Enterprise", nestedArgs(county))) as Array<{ loans: unknown[]; bonds: Array<{ schedule: Array<{ payments: unknown[] }> }> }>;
      // Real data at every level for the real county, or equality would prove little.
      if (county !== "------") {
        expect(page.length).toBeGreaterThan(5);
        expect(page.some((e) => e.loans.length)).toBe(true);
        expect(page.some((e) => e.bonds.some((b) => b.schedule.some((s) => s.payments.length)))).toBe(true);
      } else expect(page).toEqual([]);
    }
    await compare("Enterprise", { select: { id: true, ownerAgency: true, countyCode: true, uscc: true, name: true, registeredCapital: true, establishedOn: true, listingStatus: true }, take: 101, skip: 0, where: { AND: [{ retiredAt: null }, { countyCode: COUNTY }] }, orderBy: [{ id: "asc" }] });
    const usccs = (await server.running.db.prisma.enterprise.findMany({ select: { uscc: true }, where: { countyCode: COUNTY }, take: 3 })).map((e) => e.uscc);
    for (const uscc of usccs) {
      for (const county of [null, COUNTY, "441703"]) await compare("Enterprise", lookupArgs(uscc, county), true);
    }
    expect(await jq.findFirst(server.running.db.prisma, "Enterprise", lookupArgs("000000000000000000", null), () => Promise.reject(new Error("fell back")))).toBeNull();
  });

  it("the filters of the enterprise list: in, has, ranges, not, OR, some/none, skip, nulls first", async () => {
    const ids = (await server.running.db.prisma.enterprise.findMany({ select: { id: true }, take: 30 })).map((e) => e.id);
    const wheres: object[] = [
      { id: { in: ids.slice(3, 20) } },
      { id: { in: [] } },
      { keyIndustries: { has: "YACHT" } },
      { name: { equals: "不存在的企业" }, listingStatus: { in: ["NONE", "NEEQ"] } },
      { listingStatus: { in: ["NONE", "NEEQ"] }, industryCode: { not: "C33" } },
      { registeredCapital: { gte: new Prisma.Decimal("5000000"), lte: new Prisma.Decimal("50000000.5") } },
      { establishedOn: { gte: new Date("2010-01-01T00:00:00Z"), lte: new Date("2018-06-30T00:00:00Z") } },
      { listingStatus: { not: "NONE" } },
      { listedOn: { not: null } },
      { OR: [{ isZombie: true }, { isHighTech: true }] },
      { loans: { some: { balance: { gt: new Prisma.Decimal(1_000_000) }, lender: { countyCode: COUNTY } } } },
      { dishonestyRecords: { none: {} }, guaranteesGiven: { some: {} } },
      { county: { is: { isCity: false } }, legalRepresentative: { countyCode: COUNTY } },
      { retiredAt: null, updatedAt: { lt: new Date() }, version: { gte: 1 } },
    ];
    for (const where of wheres) {
      await compare("Enterprise", { where, orderBy: [{ registeredCapital: "desc" }, { id: "asc" }], take: 15, skip: 2 });
      await compare("Enterprise", { where, include: { county: true, legalRepresentative: true }, orderBy: [{ listedOn: { sort: "desc", nulls: "first" } }, { id: "desc" }], take: 10 });
    }
  });

  it("other models and value types: dates, decimals, enums, BigInt and Json", async () => {
    await compare("Loan", { where: { borrower: { countyCode: COUNTY } }, include: { lender: true, borrower: { select: { uscc: true, keyIndustries: true } } }, orderBy: { maturityDate: "asc" }, take: 40 });
    await compare("Guarantee", { where: { OR: [{ borrower: { countyCode: COUNTY } }, { guarantor: { countyCode: COUNTY } }] }, include: { loan: { include: { lender: true } } }, take: 40 });
    await compare("DishonestyRecord", { where: { deletedAt: null }, orderBy: [{ expiresOn: { sort: "asc", nulls: "last" } }, { id: "asc" }], take: 40 });
    await compare("FinancialStatement", { where: { enterprise: { countyCode: COUNTY } }, orderBy: [{ periodEnd: "desc" }, { id: "asc" }], take: 40 });
    // The read audit: BigInt keys and Json columns (entries below a fixed id: the audit keeps growing).
    await server.gql(NestedEnterprisesDocument, { first: 2 });
    const last = await server.running.db.prisma.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    expect(last).not.toBeNull();
    await compare("AuditEntry", { where: { id: { lte: last!.id } }, orderBy: { id: "desc" }, take: 5 });
  });
});

describe("rows of the compiled statement resolve their relations from the row (planned-rows.plugin.ts)", () => {
  // The same document through Prisma (the server's compiler switched off for the request) and
  // through the compiler: the responses must be equal, errors and denials included.
  async function bothWays(query: string, variables: Record<string, unknown>, as: string) {
    const db = server.running.db as { jsonQueries?: JsonQueries };
    const compiler = db.jsonQueries;
    db.jsonQueries = undefined;
    let viaPrisma;
    try {
      viaPrisma = await server.gql(query, variables, as);
    } finally {
      db.jsonQueries = compiler;
    }
    const before = plannedRowReads.fromRow;
    const compiled = await server.gql(query, variables, as);
    expect(compiled.body.data, query.slice(0, 120)).toEqual(viaPrisma.body.data);
    // (each response names its own request)
    const errors = (body: { errors?: Array<{ extensions?: object }> }) => body.errors?.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: undefined } }));
    expect(errors(compiled.body)).toEqual(errors(viaPrisma.body));
    expect(compiled.body.extensions?.access).toEqual(viaPrisma.body.extensions?.access);
    return { body: compiled.body, fromRow: plannedRowReads.fromRow - before, statements: compiled.body.extensions?.statements as number };
  }

  it("the nested read: the same answer as through Prisma, in one statement, its relations read from the rows", async () => {
    for (const as of ["FINANCE_BUREAU", "PBOC", "COUNTY:阳东区"]) {
      const { body, fromRow, statements } = await bothWays(print(NestedEnterprisesDocument), { first: 30 }, as);
      expect(body.data.enterprises.nodes.length, as).toBeGreaterThan(5);
      expect(statements, as).toBe(1);
      // Every row after the first at each place: with 30 enterprises, well over 30 relation values.
      expect(fromRow, as).toBeGreaterThan(30);
    }
  });

  it("two aliases of one relation with different arguments: each answers its own page, not the other's rows", async () => {
    // The plan merges the first alias and leaves the second to its own load: reading the second
    // from the row would answer it with the first one's page.
    const query = `query($c: String!) { enterprises(first: 20, filter: { county: $c }) { nodes { uscc
      one: loans(first: 1) { nodes { contractNo } }
      many: loans(first: 5) { nodes { contractNo lender { name } } }
      ...Bonds
      bonds(first: 5) { nodes { code s1: schedule { dueDate } s2: schedule { amountDue payments { amountPaid } } } } } } }
      fragment Bonds on Enterprise { bonds(first: 5) { nodes { kind amount } } }`;
    const { body } = await bothWays(query, { c: COUNTY }, "FINANCE_BUREAU");
    const nodes = body.data.enterprises.nodes as Array<{ one: { nodes: unknown[] }; many: { nodes: unknown[] } }>;
    expect(nodes.some((e) => e.many.nodes.length > 1)).toBe(true);
    for (const e of nodes) expect(e.one.nodes.length).toBeLessThanOrEqual(1);
  });
});

describe("what the compiler does not translate goes to Prisma, whole", () => {
  it("cursor, distinct, NOT, empty OR, every, isNot, text matching, unknown operators, _count, relation ordering, negative take", () => {
    const unsupported: object[] = [
      { cursor: { id: 5 }, skip: 1 },
      { distinct: ["countyCode"] },
      { where: { NOT: { countyCode: COUNTY } } },
      { where: { OR: [] } },
      { where: { loans: { every: { retiredAt: null } } } },
      { where: { legalRepresentative: { isNot: { countyCode: COUNTY } } } },
      { where: { name: { search: "x" } } },
      { where: { name: { contains: "x" } } },
      { where: { name: { startsWith: "x", mode: "insensitive" } } },
      { where: { name: { not: { contains: "x" } } } },
      { where: { listedOn: { not: new Date() } } },
      { where: { noSuchField: 1 } },
      { where: { countyCode: { equals: { a: 1 } } } },
      { select: { _count: { select: { loans: true } } } },
      { orderBy: { county: { name: "asc" } } },
      { take: -5 },
      { select: { loans: { cursor: { id: 1 } } } },
      { omit: { name: true } },
    ];
    for (const args of unsupported) expect(jq.compile("Enterprise", args, false), JSON.stringify(args)).toBeNull();
    expect(jq.compile("NoSuchModel", {}, false)).toBeNull();
    expect(jq.compile("AuditEntry", { where: { variables: { equals: {} } } }, false)).toBeNull();
  });

  it("a fallen-back read still answers, through Prisma", async () => {
    const viaPrisma = () => server.running.db.prisma.enterprise.findMany({ where: { NOT: { countyCode: COUNTY } }, take: 3, orderBy: { id: "asc" } });
    const rows = await jq.findMany(server.running.db.prisma, "Enterprise", { where: { NOT: { countyCode: COUNTY } }, take: 3, orderBy: { id: "asc" } }, viaPrisma);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.countyCode !== COUNTY)).toBe(true);
  });

  it("every relation of the schema references its target's primary key (the model map joins on it)", () => {
    const schema = readFileSync(new URL("../prisma/schema.prisma", import.meta.url), "utf8");
    const models = new Map([...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map((m) => [m[1]!, m[2]!]));
    const idOf = (body: string) => /^\s+(\w+)\s+\S+.*@id\b/m.exec(body)?.[1];
    let relations = 0;
    for (const [, body] of models) {
      for (const m of body.matchAll(/^\s+\w+\s+(\w+)\??\s+@relation\([^)]*references: \[([^\]]*)\]/gm)) {
        relations++;
        expect(m[2]!.trim(), `${m[0]}`).toBe(idOf(models.get(m[1]!)!));
      }
    }
    expect(relations).toBeGreaterThan(50);
  });
});
