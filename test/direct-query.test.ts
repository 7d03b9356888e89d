// The compiled read and the audit's insert go to the driver adapter directly, past Prisma's client
// runtime (src/db/direct-query.ts): the same answers as through Prisma, never for a transaction's
// client (its statements must stay in the transaction), never with a parameter Prisma must type,
// and not once the operation's deadline has passed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directQueryOf, directStatements, queryRows } from "../src/db/direct-query.ts";
import { Deadline, guarded } from "../src/limits/timeout.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

const LOOKUP = `query($uscc: String!) { enterprise(uscc: $uscc) { uscc name county { code } loans(first: 3) { nodes { contractNo amount } } latestStatement { totalAssets } } }`;

let direct: TestServer;
let viaPrisma: TestServer;
let usccs: string[];
beforeAll(async () => {
  [direct, viaPrisma] = await Promise.all([startTestServer({ scale: 0.02 }), startTestServer({ scale: 0.02, env: { DIRECT_QUERIES: "off" } })]);
  usccs = (await direct.running.db.raw<{ uscc: string }>("SELECT uscc FROM enterprise WHERE retired_at IS NULL ORDER BY id LIMIT 4")).map((r) => r.uscc);
});
afterAll(async () => {
  await direct?.close();
  await viaPrisma?.close();
});

describe(`statements past Prisma's runtime (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("each look-up's compiled read and audit insert take the direct path, with the answers Prisma's path gives", async () => {
    // Prisma connects its adapter at its first statement; the direct path starts after that.
    await direct.gql(LOOKUP, { uscc: usccs[0] });
    await viaPrisma.gql(LOOKUP, { uscc: usccs[0] });
    const entries = await direct.running.db.prisma.auditEntry.count();
    const before = directStatements.sent;
    for (const uscc of usccs) {
      const res = await direct.gql(LOOKUP, { uscc });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(res.body.data.enterprise.uscc).toBe(uscc);
    }
    // one read and, requests arriving one at a time, one audit insert each
    expect(directStatements.sent - before).toBeGreaterThanOrEqual(2 * usccs.length);
    expect(await direct.running.db.prisma.auditEntry.count()).toBe(entries + usccs.length);
    const sent = directStatements.sent;
    for (const uscc of usccs) {
      const [a, b] = [await direct.gql(LOOKUP, { uscc }), await viaPrisma.gql(LOOKUP, { uscc })];
      expect(a.body).toEqual(b.body);
    }
    // (the other server sent nothing this way; this one did, 2 a request)
    expect(directStatements.sent - sent).toBeGreaterThanOrEqual(2 * usccs.length);
  });

  it("DIRECT_QUERIES=off sends nothing that way", async () => {
    expect(directQueryOf(viaPrisma.running.db.prisma)).toBeUndefined();
    expect(directQueryOf(direct.running.db.prisma)).toBeDefined();
  });

  it("a transaction's client has no direct path: its statements stay in the transaction", async () => {
    const { prisma } = direct.running.db;
    const seen = await prisma.$transaction(async (tx) => {
      expect(directQueryOf(tx)).toBeUndefined();
      // A table only this transaction's session can see, read through queryRows: on another
      // connection (PostgreSQL) it would not exist, on the embedded database's one session the
      // statement would wait behind the transaction that waits for it.
      await tx.$executeRawUnsafe("CREATE TEMP TABLE direct_probe (n int) ON COMMIT DROP");
      await tx.$executeRawUnsafe("INSERT INTO direct_probe VALUES (7)");
      return queryRows<{ n: number }>(tx, "SELECT n FROM direct_probe", []);
    });
    expect(seen).toEqual([{ n: 7 }]);
  });

  it("a parameter Prisma must type (a Date, a BigInt) goes to Prisma, with the same answer", async () => {
    const d = directQueryOf(direct.running.db.prisma)!;
    expect(d("SELECT $1::timestamp::text AS t", [new Date("2026-01-02T03:04:05.000Z")])).toBeNull();
    expect(d("SELECT $1::int8::text AS t", [12n])).toBeNull();
    const before = directStatements.sent;
    expect(await queryRows(direct.running.db.prisma, "SELECT $1::timestamp::text AS t", [new Date("2026-01-02T03:04:05.000Z")])).toEqual([{ t: "2026-01-02 03:04:05" }]);
    expect(directStatements.sent).toBe(before);
    // plain values and lists of them are sent as they are
    expect(await queryRows(direct.running.db.prisma, "SELECT $1::text AS s, $2::int AS i, $3::boolean AS b, array_length($4::text[], 1) AS n", ["甲", 3, true, ["a", "b"]])).toEqual([{ s: "甲", i: 3, b: true, n: 2 }]);
    expect(directStatements.sent).toBe(before + 1);
  });

  it("an operation past its deadline sends nothing that way either", async () => {
    const before = directStatements.sent;
    const live = guarded(direct.running.db.prisma, new Deadline(60_000));
    expect(await queryRows(live, "SELECT 'x'::text AS x", [])).toEqual([{ x: "x" }]);
    expect(directStatements.sent).toBe(before + 1);
    const late = guarded(direct.running.db.prisma, new Deadline(-1));
    await expect(Promise.resolve().then(() => queryRows(late, "SELECT 'x'::text AS x", []))).rejects.toMatchObject({ extensions: { code: "OPERATION_TIMEOUT" } });
    expect(directStatements.sent).toBe(before + 1);
  });
});
