// The tamper-evident audit chain. Each entry stores the hash of its predecessor and its own hash
// over its content and its records, so altering, inserting or removing a row breaks the chain at
// that row. Entries are appended under a lock on the single chain-head row, which orders them:
// a read's entry in a transaction of its own after the response is built, a write's entry in the
// write's own transaction (src/writes/write.ts), so no write commits without its entry.
import { createHash } from "node:crypto";
import type { Agency } from "../../generated/prisma/client.ts";
import type { DbClient, PrismaClient } from "../../db/database.ts";
import type { GraphContext } from "../../context.ts";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditRecordInput {
  entityType: string;
  entityId: number;
  resource: string;
  fields: string[];
}

export interface AuditInput {
  at: Date;
  requestId: string;
  agency: Agency;
  countyCode: string | null;
  principalName: string;
  keyPrefix: string | null;
  operationName: string | null;
  documentHash: string;
  variables: unknown;
  purpose: string | null;
  resources: string[];
  deniedFields: number;
  maskedFields: number;
  records: AuditRecordInput[];
}

/** Who asked, and when: the part of an entry that comes from the request's context. */
export function auditSubject(ctx: GraphContext): Pick<AuditInput, "at" | "requestId" | "agency" | "countyCode" | "principalName" | "keyPrefix"> {
  const { principal } = ctx;
  return { at: ctx.now, requestId: ctx.requestId, agency: principal.agency, countyCode: principal.countyCode, principalName: principal.name, keyPrefix: principal.keyPrefix };
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const sortRecords = (records: AuditRecordInput[]) =>
  [...records]
    .map((r) => ({ ...r, fields: [...r.fields].sort() }))
    .sort((a, b) => (a.entityType + "\0" + String(a.entityId).padStart(12, "0") + "\0" + a.resource).localeCompare(b.entityType + "\0" + String(b.entityId).padStart(12, "0") + "\0" + b.resource));

export function entryHash(id: bigint, prevHash: string, entry: AuditInput): string {
  const content = canonicalJson({ ...entry, id: id.toString(), prevHash, at: entry.at.toISOString(), records: sortRecords(entry.records) });
  return createHash("sha256").update(content).digest("hex");
}

/** What appending needs of a database client: raw statements, within one transaction. */
type AuditTx = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** Appends an entry in its own transaction and returns its id (the read audit of a response). */
export async function appendAuditEntry(prisma: PrismaClient, entry: AuditInput): Promise<bigint> {
  return prisma.$transaction((tx) => appendAuditEntryIn(tx, entry));
}

/**
 * Appends an entry within the caller's transaction and returns its id: the entry commits with
 * whatever else the transaction wrote, or not at all. The lock on the chain head is taken here
 * and held until that transaction ends, so concurrent writers chain one after the other; a
 * caller writing other data appends last, just before it commits, to hold the lock briefly.
 */
export async function appendAuditEntryIn(tx: AuditTx, entry: AuditInput): Promise<bigint> {
  const [head] = await tx.$queryRawUnsafe<{ last_id: bigint; last_hash: string }[]>("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
  if (!head) throw new Error("the audit chain head is missing: the audit table was not migrated correctly");
  const id = BigInt(head.last_id) + 1n;
  const hash = entryHash(id, head.last_hash, entry);
  // Plain SQL: a response of 500 loans lists 500 records, and Prisma's createMany would spend
  // longer building that statement than the database takes to run it.
  await tx.$executeRawUnsafe(
    `INSERT INTO audit_entry (id, prev_hash, hash, at, request_id, agency, county_code, principal_name, key_prefix, operation_name,
       document_hash, variables, purpose, resources, denied_fields, masked_fields)
     VALUES ($1, $2, $3, $4::timestamp, $5, $6::"Agency", $7, $8, $9, $10, $11, $12::jsonb, $13, $14::text[], $15, $16)`,
    id, head.last_hash, hash, entry.at.toISOString().replace("Z", ""), entry.requestId, entry.agency, entry.countyCode, entry.principalName, entry.keyPrefix,
    entry.operationName, entry.documentHash, JSON.stringify(entry.variables ?? {}), entry.purpose, entry.resources, entry.deniedFields, entry.maskedFields,
  );
  if (entry.records.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO audit_record (entry_id, entity_type, entity_id, resource, fields)
       SELECT $1, r.entity_type, r.entity_id, r.resource, ARRAY(SELECT json_array_elements_text(r.fields))
       FROM json_to_recordset($2::json) AS r(entity_type text, entity_id int, resource text, fields json)`,
      id,
      JSON.stringify(entry.records.map((r) => ({ entity_type: r.entityType, entity_id: r.entityId, resource: r.resource, fields: r.fields }))),
    );
  }
  await tx.$executeRawUnsafe("UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1", id, hash);
  return id;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** the id of the first entry whose link is broken, if any */
  firstBrokenId: bigint | null;
  reason: string | null;
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(db: DbClient, pageSize = 2000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1n;
  let checked = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { id: { gte: expectedId } }, orderBy: { id: "asc" }, take: pageSize, include: { records: true } });
    for (const e of page) {
      const broken = (reason: string): ChainVerdict => ({ ok: false, checked, firstBrokenId: e.id, reason });
      if (e.id !== expectedId) return { ok: false, checked, firstBrokenId: expectedId, reason: `entry ${expectedId} is missing` };
      if (e.prevHash !== prevHash) return broken("its predecessor hash does not match the previous entry");
      const { id, prevHash: _p, hash, records, ...fields } = e;
      const recomputed = entryHash(id, prevHash, {
        ...fields,
        variables: fields.variables,
        records: records.map((r) => ({ entityType: r.entityType, entityId: r.entityId, resource: r.resource, fields: r.fields })),
      });
      if (recomputed !== hash) return broken("its content does not match its hash (the entry or its records were altered)");
      prevHash = hash;
      expectedId++;
      checked++;
    }
    if (page.length < pageSize) break;
  }
  const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
  if (head && head.lastId !== expectedId - 1n) {
    return { ok: false, checked, firstBrokenId: expectedId, reason: `the chain head says ${head.lastId} entries, ${expectedId - 1n} found (entries were removed from the end)` };
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}
