// The migration of issue 13's audit (13a_audit_group_commit) converts an existing chain rather
// than asking for a reseed: entries written under the original scheme (chain hash over id,
// predecessor hash and content; one audit_record row per record) still verify afterwards, their
// records are regrouped into the entry row with their keys, new entries are sealed after them,
// and altering a converted entry is still found.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { applyPendingMigrations, MIGRATIONS_DIR } from "../src/db/migrations.ts";
import { createHash } from "node:crypto";
import { appendAuditEntryIn, auditRow, contentHash, expandRecords, GENESIS_HASH, insertAuditRows, legacyEntryHash, type AuditInput } from "../src/access/audit/chain.ts";
import { verifyAuditLog as verifyAuditChain } from "../src/access/audit/verify.ts";
import { sealAll } from "../src/access/audit/seal.ts";
import { createTestDatabase, onPostgres } from "./helpers/backend.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const entry = (n: number, records: AuditInput["records"]): AuditInput => ({
  at: new Date(Date.UTC(2026, 10, 1, 8, n)),
  requestId: `legacy-${n}`,
  agency: "PBOC",
  countyCode: null,
  principalName: "demo-pboc",
  keyPrefix: "dlg_0000000" + n,
  operationName: "Legacy",
  documentHash: String(n).repeat(64).slice(0, 64),
  variables: { n, note: "旧审计" },
  purpose: null,
  resources: records.length ? ["debt.loans"] : [],
  deniedFields: 0,
  maskedFields: 0,
  records,
});

/** Every migration before the one whose name ends so, applied. */
async function migratedUpTo(db: Database, suffix: string): Promise<string[]> {
  const older = await mkdtemp(join(tmpdir(), "dlg-migrations-"));
  cleanup.push(() => rm(older, { recursive: true, force: true }));
  await cp(MIGRATIONS_DIR, older, { recursive: true });
  const names = (await readdir(older)).filter((n) => n.endsWith(suffix));
  expect(names).toHaveLength(1);
  await rm(join(older, names[0]!), { recursive: true });
  await applyPendingMigrations(db, undefined, older);
  return names;
}

/** The seal of the hash chain that 10_transparency_log replaces (main@4998b21 seal.ts / chain.ts). */
const oldSealHash = (seq: bigint, id: bigint, prevId: bigint, prevHash: string, content: string) =>
  createHash("sha256").update(`${seq}\n${id}\n${prevId}\n${prevHash}\n${content}`).digest("hex");

describe(`the audit migration on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("moves a sealed hash chain (10_transparency_log) into the transparency log: it verifies, new entries follow, altering one is found", { timeout: 300_000 }, async () => {
    const testDb = await createTestDatabase();
    const db: Database = await openDatabase(loadConfig({ NODE_ENV: "test", ...testDb.env }).database);
    cleanup.push(async () => {
      await db.close();
      await testDb.drop();
    });
    const mine = await migratedUpTo(db, "_10_transparency_log");
    // Five entries written and sealed as the hash chain did, one of them still pending at the upgrade.
    const records = [{ entityType: "Loan", entityId: 9, resource: "debt.loans", fields: ["amount"] }];
    const inputs = [entry(1, []), entry(2, records), entry(3, []), entry(4, records), entry(5, [])];
    const ids = await insertAuditRows(db.prisma, inputs.map(auditRow));
    let prevHash = GENESIS_HASH;
    let prevId = 0n;
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const seq = BigInt(i + 1);
      const hash = oldSealHash(seq, id, prevId, prevHash, contentHash(inputs[i]!));
      await db.prisma.$executeRawUnsafe(`INSERT INTO audit_seal (seq, entry_id, prev_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)`, seq, id, prevId, prevHash, hash);
      await db.prisma.$executeRawUnsafe(`DELETE FROM audit_pending WHERE entry_id = $1`, id);
      await db.prisma.$executeRawUnsafe(`UPDATE audit_chain_head SET last_id = $1, last_hash = $2, last_entry_id = $3 WHERE id = 1`, seq, hash, id);
      prevHash = hash;
      prevId = id;
    }
    expect(await applyPendingMigrations(db)).toEqual(mine);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: 5, unsealed: 0 });
    expect((await db.prisma.auditLeaf.findMany({ orderBy: { idx: "asc" } })).map((l) => l.entryId)).toEqual(ids);
    const id = await db.prisma.$transaction((tx) => appendAuditEntryIn(tx, entry(6, [])));
    await sealAll(db.prisma);
    expect(await db.prisma.auditLeaf.findUniqueOrThrow({ where: { entryId: id } })).toMatchObject({ idx: 5n });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: 6 });
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET records = jsonb_set(records, '{0,fields}', '["id"]') WHERE id = $1`, ids[1]);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, firstBrokenId: ids[1] });
  });

  it("converts a chain written under the original scheme: it verifies, keeps its records, and new entries seal after it", { timeout: 300_000 }, async () => {
    const testDb = await createTestDatabase();
    const db: Database = await openDatabase(loadConfig({ NODE_ENV: "test", ...testDb.env }).database);
    cleanup.push(async () => {
      await db.close();
      await testDb.drop();
    });
    // Every migration before this one.
    const older = await mkdtemp(join(tmpdir(), "dlg-migrations-"));
    cleanup.push(() => rm(older, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, older, { recursive: true });
    const mine = (await readdir(older)).filter((n) => n.endsWith("_13a_audit_group_commit"));
    expect(mine).toHaveLength(1);
    // It and every later one (the transparency log's among them, which needs its tables).
    for (const later of (await readdir(older)).filter((n) => /^\d/.test(n) && n >= mine[0]!)) await rm(join(older, later), { recursive: true });
    await applyPendingMigrations(db, undefined, older);

    // Three entries chained as the original code did, the second with records.
    const records = [
      { entityType: "Loan", entityId: 7, resource: "debt.loans", fields: ["amount", "contractNo"] },
      { entityType: "Loan", entityId: 3, resource: "debt.loans", fields: ["contractNo", "amount"] },
      { entityType: "Enterprise", entityId: 11, resource: "enterprise.registration", fields: ["name"] },
    ];
    const legacy = [entry(1, []), entry(2, records), entry(3, [])];
    let prev = GENESIS_HASH;
    for (const [i, e] of legacy.entries()) {
      const id = BigInt(i + 1);
      const hash = legacyEntryHash(id, prev, e);
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO audit_entry (id, prev_hash, hash, at, request_id, agency, county_code, principal_name, key_prefix, operation_name, document_hash, variables, purpose, resources, denied_fields, masked_fields)
         VALUES ($1, $2, $3, $4::timestamp, $5, 'PBOC', NULL, $6, $7, $8, $9, $10::jsonb, NULL, $11::text[], 0, 0)`,
        id, prev, hash, e.at.toISOString().replace("Z", ""), e.requestId, e.principalName, e.keyPrefix, e.operationName, e.documentHash, JSON.stringify(e.variables), e.resources,
      );
      for (const r of e.records) {
        await db.prisma.$executeRawUnsafe(`INSERT INTO audit_record (entry_id, entity_type, entity_id, resource, fields) VALUES ($1, $2, $3, $4, $5::text[])`, id, r.entityType, r.entityId, r.resource, r.fields);
      }
      await db.prisma.$executeRawUnsafe(`UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1`, id, hash);
      prev = hash;
    }

    // This one, and the transparency log's after it (10_transparency_log), which moves the chain into the tree.
    const applied = await applyPendingMigrations(db);
    expect(applied[0]).toBe(mine[0]);
    expect(applied.some((n) => n.endsWith("_10_transparency_log"))).toBe(true);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: 3, unsealed: 0 });
    const converted = await db.prisma.auditEntry.findUniqueOrThrow({ where: { id: 2n } });
    expect(converted.format).toBe(1);
    expect(expandRecords(converted.records).map((r) => [r.entityType, r.entityId, [...r.fields].sort()]).sort()).toEqual(
      records.map((r) => [r.entityType, r.entityId, [...r.fields].sort()]).sort(),
    );
    expect([...converted.recordKeys].sort()).toEqual(["Enterprise:11", "Loan:3", "Loan:7"]);

    // A new entry takes the next id and is sealed after the converted chain.
    const id = await db.prisma.$transaction((tx) => appendAuditEntryIn(tx, entry(4, [])));
    expect(id).toBe(4n);
    await sealAll(db.prisma);
    // The converted entries took leaves 0..2 in id order, the new one the next.
    expect(await db.prisma.auditLeaf.findMany({ orderBy: { idx: "asc" } })).toEqual([0n, 1n, 2n, 3n].map((idx) => ({ idx, entryId: idx + 1n })));
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: 4 });

    // Altering a converted entry, or its regrouped records, is found at that entry.
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET principal_name = 'someone-else' WHERE id = 1`);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, firstBrokenId: 1n });
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET principal_name = 'demo-pboc' WHERE id = 1`);
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET records = jsonb_set(records, '{0,fields}', '["amount"]') WHERE id = 2`);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, firstBrokenId: 2n });
  });
});
