// The audit append of issue 13: reads' entries from concurrent requests are written together
// (group commit), each response leaves only once its entry has committed, no lock is shared by
// requests (a write transaction holding its entry open blocks no read), and the chain is sealed
// behind them from committed entries, by itself.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { withDatabase } from "./helpers/template-keys.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { auditRow, insertAuditRows, type AuditInput } from "../src/access/audit/chain.ts";
import { AuditLog } from "../src/access/audit/group-commit.ts";
import { sealAll, sealDue, sealPending } from "../src/access/audit/seal.ts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSigningKey } from "../src/signing/key.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
let keyDir: string;
beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), "dlg-group-commit-"));
  server = await startTestServer({ scale: 0.05, env: { AUDIT_SIGNING_KEY_FILE: join(keyDir, "signing-key.pem") } });
});
afterAll(async () => {
  await server?.close();
  await rm(keyDir, { recursive: true, force: true });
});

const LOANS = `query GroupCommitLoans($n: Int!) { loans(first: $n) { nodes { id contractNo amount } } }`;

async function until(what: string, holds: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await holds())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`the audit's group commit and sealer (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("writes the entries of concurrent requests together, each committed before its response leaves", async () => {
    const n = 24;
    const responses = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await server.gql(LOANS, { n: 1 + (i % 3) }, "PBOC", { "x-request-id": `group-commit-${i}-${Date.now()}` });
        // Committed when the answer arrives: another connection sees it at once.
        const requestId = res.headers.get("x-request-id")!;
        const visible = await db().auditEntry.count({ where: { requestId } });
        return { status: res.status, requestId, visible };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(n).fill(200));
    expect(responses.map((r) => r.visible)).toEqual(Array(n).fill(1));
    // Rows inserted by one statement share its transaction id (xmin): fewer transactions than entries.
    const [counted] = await db().$queryRawUnsafe<{ transactions: number }[]>(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM audit_entry WHERE request_id = ANY($1::text[])`,
      responses.map((r) => r.requestId),
    );
    // How many depends on how the requests overlapped (the batching is adaptive): reported, and
    // checked deterministically below.
    console.log(`${n} concurrent audited requests were written in ${counted!.transactions} statements`);
    expect(counted!.transactions).toBeLessThanOrEqual(n);
  });

  it("batches: entries that arrive while a batch is being written leave together in the next one", async () => {
    // The writer over a database whose statements wait until released: deterministic batching.
    const statements: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let next = 1n;
    const fake = {
      $queryRawUnsafe: async (_sql: string, payload: string) => {
        const rows = JSON.parse(payload) as Array<{ content_hash: string }>;
        statements.push(rows.length);
        await gate;
        return rows.map((r) => ({ id: next++, content_hash: r.content_hash }));
      },
      $transaction: async () => 0,
    };
    const log = new AuditLog(fake as never, { warn() {} } as never, { maxInflight: 1, sealIntervalMs: 60_000 });
    const input = (i: number): AuditInput => ({
      at: new Date(), requestId: `batch-${i}`, agency: "PBOC", countyCode: null, principalName: "p", keyPrefix: null, operationName: null,
      documentHash: "0".repeat(64), variables: { i }, purpose: null, resources: [], deniedFields: 0, maskedFields: 0, records: [],
    });
    const appended = Array.from({ length: 10 }, (_, i) => log.append(input(i)));
    // The first leaves at once, alone; the nine that arrived meanwhile wait for it.
    expect(statements).toEqual([1]);
    release();
    const ids = await Promise.all(appended);
    expect(statements).toEqual([1, 9]);
    expect(new Set(ids).size).toBe(10);
    await log.close();
  });

  it("stores an entry's records compactly in its row, and finds who received a record by its key", async () => {
    const res = await server.gql(`{ enterprises(first: 20) { nodes { loans(first: 20) { nodes { id amount } } } } }`, {}, "PBOC");
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const entry = await db().auditEntry.findFirstOrThrow({ where: { requestId } });
    const loans = res.body.data.enterprises.nodes.flatMap((e: any) => e.loans.nodes.map((l: any) => Number(Buffer.from(l.id, "base64").toString().split(":")[1])));
    expect(loans.length).toBeGreaterThan(20);
    // One group for all the loans (same type, resource and fields), not one row per loan.
    expect(entry.records).toContainEqual({ type: "Loan", resource: "debt.loans", fields: ["amount", "id"], ids: [...loans].sort((a, b) => a - b) });
    expect(entry.recordKeys).toEqual(expect.arrayContaining(loans.map((id: number) => `Loan:${id}`)));
    const owner = await server.gql(`query($id: Int!) { recipients(entityType: "Loan", entityId: $id) { agency fields requestId } }`, { id: loans[7] }, "CBRC");
    expect(owner.body.data.recipients).toContainEqual({ agency: "PBOC", fields: ["amount", "id"], requestId });
  });

  it("seals committed entries into the transparency log by itself, in id order, without anyone asking", async () => {
    const res = await server.gql(LOANS, { n: 2 }, "CBRC");
    const entry = await db().auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
    await until("the entry is sealed", async () => (await db().auditLeaf.count({ where: { entryId: entry.id } })) === 1);
    const leaf = await db().auditLeaf.findUniqueOrThrow({ where: { entryId: entry.id } });
    // Its leaf hash is stored with the tree, the head covers it, and nothing stays pending.
    const node = await db().auditTreeNode.findUniqueOrThrow({ where: { level_idx: { level: 0, idx: leaf.idx } } });
    expect((await db().auditTreeHead.findUniqueOrThrow({ where: { id: 1 } })).size).toBeGreaterThan(leaf.idx);
    await until("nothing pending", async () => (await db().auditPending.count()) === 0);
    const listed = await server.gql(`{ auditEntries(first: 50, filter: { agency: CBRC }) { id chainPosition hash prevHash requestId } }`);
    expect(listed.body.data.auditEntries.find((e: any) => e.id === String(entry.id))).toMatchObject({ chainPosition: String(leaf.idx + 1n), hash: node.hash, prevHash: null });
    const verdict = (await server.gql(`{ verifyAuditChain { ok unsealed reason } }`)).body.data.verifyAuditChain;
    expect(verdict).toMatchObject({ ok: true, reason: null });
  });

  it("seals in six statements whatever the batch, signs a due checkpoint in them, and an idle look is one statement", async () => {
    // The real client, its statements counted: the sealer's transaction and its periodic look.
    let statements = 0;
    const counted = <T extends object>(c: T): T =>
      new Proxy(c, { get: (t, k, r) => (k === "$queryRawUnsafe" || k === "$executeRawUnsafe" ? (...a: unknown[]) => (statements++, (t as any)[k](...a)) : Reflect.get(t, k, r)) });
    const prisma = { $transaction: (fn: (tx: object) => Promise<unknown>) => db().$transaction((tx) => fn(counted(tx))), $queryRawUnsafe: (...a: [string, ...unknown[]]) => (statements++, db().$queryRawUnsafe(...a)) } as never;
    // The server's own key, or the log's verification would rightly refuse the checkpoints.
    const signer = await loadSigningKey(join(keyDir, "signing-key.pem"));
    await sealAll(db(), {});
    const forged = (i: number): AuditInput => ({
      at: new Date(), requestId: `seal-statements-${i}`, agency: "PBOC", countyCode: null, principalName: "test", keyPrefix: null, operationName: null,
      documentHash: "0".repeat(64), variables: {}, purpose: null, resources: [], deniedFields: 0, maskedFields: 0, records: [],
    });
    for (const n of [1, 40]) {
      await insertAuditRows(db(), Array.from({ length: n }, (_, i) => auditRow(forged(i))));
      expect(await sealDue(prisma, {})).toBe(true);
      const head = await db().auditTreeHead.findUniqueOrThrow({ where: { id: 1 } });
      statements = 0;
      // BEGIN and COMMIT aside: the lock, the head, the entries with the tree's edge, the writes.
      expect(await sealPending(prisma, { signer, checkpointIntervalMs: 0 })).toBe(n);
      expect(statements, `a seal of ${n}`).toBe(4);
      const after = await db().auditTreeHead.findUniqueOrThrow({ where: { id: 1 } });
      expect(after.size).toBe(head.size + BigInt(n));
      // The checkpoint was due (interval 0) and is signed in the same writes, of the new head.
      const signed = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
      expect(signed).toMatchObject({ treeSize: after.size, rootHash: after.root, keyId: signer.keyId });
    }
    // Nothing pending and the head signed: the look is one statement and finds nothing to do.
    statements = 0;
    expect(await sealDue(prisma, { signer, checkpointIntervalMs: 0 })).toBe(false);
    expect(statements).toBe(1);
    expect(await sealPending(prisma, { signer, checkpointIntervalMs: 0 })).toBe(0);
    // The whole log still verifies, proofs and all.
    expect((await server.gql(`{ verifyAuditChain { ok reason firstBrokenId } }`)).body.data.verifyAuditChain).toMatchObject({ ok: true, reason: null });
  });

  it("detects an entry inserted outside the audit, and a removed one whether or not it was sealed yet", async () => {
    const verify = async () => (await server.gql(`{ verifyAuditChain { ok firstBrokenId reason } }`)).body.data.verifyAuditChain;
    const forged: AuditInput = {
      at: new Date(), requestId: "forged", agency: "PBOC", countyCode: null, principalName: "nobody", keyPrefix: null, operationName: "Forged",
      documentHash: "0".repeat(64), variables: {}, purpose: null, resources: [], deniedFields: 0, maskedFields: 0, records: [],
    };
    // Inserted straight into the table, without its pending row: the sealer never saw it.
    const row = auditRow(forged);
    const [inserted] = await db().$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO audit_entry (content_hash, at, request_id, agency, principal_name, document_hash, variables, resources, denied_fields, masked_fields, records, record_keys)
       VALUES ($1, now(), 'forged', 'PBOC', 'nobody', $2, '{}', '{}', 0, 0, '[]', '{}') RETURNING id`,
      row.contentHash, "0".repeat(64),
    );
    const id = inserted!.id;
    const stray = await verify();
    expect(stray).toMatchObject({ ok: false, firstBrokenId: String(id) });
    expect(stray.reason).toMatch(/inserted outside the audit/);
    await db().$executeRawUnsafe(`DELETE FROM audit_entry WHERE id = $1`, id);
    expect(await verify()).toMatchObject({ ok: true });

    // Appended as the audit does (entry and pending row), then removed, sealed or not yet: its
    // seal or its pending row is left behind and names it.
    const [appended] = await insertAuditRows(db(), [auditRow({ ...forged, requestId: "removed" })]);
    const [saved] = await db().$queryRawUnsafe<{ row: unknown }[]>(`SELECT to_jsonb(e) AS row FROM audit_entry e WHERE id = $1`, appended);
    await db().$executeRawUnsafe(`DELETE FROM audit_entry WHERE id = $1`, appended);
    const removed = await verify();
    expect(removed).toMatchObject({ ok: false, firstBrokenId: String(appended) });
    expect(removed.reason).toMatch(/missing/);
    // Put back as it was, the chain holds again.
    await db().$executeRawUnsafe(`INSERT INTO audit_entry SELECT * FROM jsonb_populate_record(NULL::audit_entry, $1::jsonb)`, JSON.stringify(saved!.row));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it.runIf(onPostgres)(
    "shares no lock between requests: a write's transaction holding its entry open blocks no read, nor the sealer; rolled back, it leaves nothing",
    async () => {
      const [database] = await db().$queryRawUnsafe<{ name: string }[]>("SELECT current_database() AS name");
      const client = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, database!.name) });
      await client.connect();
      try {
        const asPrisma = { $queryRawUnsafe: async (sql: string, ...params: unknown[]) => (await client.query(sql, params)).rows } as never;
        const held: AuditInput = {
          at: new Date(), requestId: "held-open", agency: "MARKET_REGULATION", countyCode: null, principalName: "a-long-write", keyPrefix: null,
          operationName: "Mutation.upsertEnterprise", documentHash: "1".repeat(64), variables: {}, purpose: null, resources: [], deniedFields: 0, maskedFields: 0, records: [],
        };
        await client.query("BEGIN");
        const [heldId] = await insertAuditRows(asPrisma, [auditRow(held)]);
        // Reads answer, and their entries are sealed, while that transaction is open.
        const started = Date.now();
        const reads = await Promise.all(Array.from({ length: 4 }, () => server.gql(LOANS, { n: 1 }, "PBOC")));
        expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        expect(Date.now() - started).toBeLessThan(5_000);
        const lastRead = await db().auditEntry.findFirstOrThrow({ where: { requestId: reads[3]!.headers.get("x-request-id")! } });
        await until("reads sealed past the open write", async () => (await db().auditLeaf.count({ where: { entryId: lastRead.id } })) === 1);
        expect(await db().auditLeaf.count({ where: { entryId: heldId } })).toBe(0);
        await client.query("ROLLBACK");
        expect(await db().auditEntry.count({ where: { id: heldId } })).toBe(0);
        expect(await db().auditPending.count({ where: { entryId: heldId } })).toBe(0);
        expect((await server.gql(`{ verifyAuditChain { ok reason } }`)).body.data.verifyAuditChain).toEqual({ ok: true, reason: null });
      } finally {
        await client.end();
      }
    },
  );
});
