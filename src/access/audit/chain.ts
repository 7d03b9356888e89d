// The tamper-evident access audit. An entry's content hash (SHA-256 over its canonical JSON,
// records included) is computed before any database work; the entry is then inserted, with a row
// in audit_pending, without any lock that other requests share: a read's entry by the
// group-commit writer (group-commit.ts, one statement for the entries of concurrent requests), a
// write's entry in the write's own transaction (src/writes/write.ts), so no write commits without
// it. Entries are never updated. The hash chain is sealed afterwards from committed entries
// (seal.ts): audit_seal gets, per entry, its position, its predecessor's id and hash, and a hash
// over those and the entry's content hash. Altering an entry breaks its seal (or, before it is
// sealed, its pending content hash); removing an entry or a seal, or inserting either, breaks the
// chain at that place.
import { createHash } from "node:crypto";
import type { Agency } from "../../generated/prisma/client.ts";
import type { DbClient } from "../../db/database.ts";
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

/** The records of an entry as stored: grouped by type, resource and fields, with the ids of each group. */
export interface RecordGroup {
  type: string;
  resource: string;
  fields: string[];
  ids: number[];
}

/** Groups records compactly (476 records of the nested read are a handful of groups), deterministically. */
export function groupRecords(records: readonly AuditRecordInput[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const r of records) {
    const fields = [...r.fields].sort();
    const key = `${r.entityType}\0${r.resource}\0${fields.join(",")}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { type: r.entityType, resource: r.resource, fields, ids: [] }));
    g.ids.push(r.entityId);
  }
  return [...groups.values()].map((g) => ({ ...g, ids: [...new Set(g.ids)].sort((x, y) => x - y) })).sort((x, y) => (x.type + "\0" + x.resource + "\0" + x.fields.join(",") < y.type + "\0" + y.resource + "\0" + y.fields.join(",") ? -1 : 1));
}

/** The stored groups back as one record each. */
export function expandRecords(groups: unknown): AuditRecordInput[] {
  if (!Array.isArray(groups)) return [];
  return (groups as RecordGroup[]).flatMap((g) => g.ids.map((id) => ({ entityType: g.type, entityId: id, resource: g.resource, fields: [...g.fields] })));
}

/** The key "who received record X" looks an entry up by. */
export const recordKey = (entityType: string, entityId: number) => `${entityType}:${entityId}`;

/** SHA-256 of an entry's content and records: computed before the entry reaches the database. */
export function contentHash(entry: AuditInput): string {
  const content = canonicalJson({ ...entry, at: entry.at.toISOString(), records: sortRecords(entry.records) });
  return createHash("sha256").update(content).digest("hex");
}

/** The hash of entries chained before sealing existed (format 1): over id, predecessor hash and content. */
export function legacyEntryHash(id: bigint, prevHash: string, entry: AuditInput): string {
  const content = canonicalJson({ ...entry, id: id.toString(), prevHash, at: entry.at.toISOString(), records: sortRecords(entry.records) });
  return createHash("sha256").update(content).digest("hex");
}

/** The seal of an entry at a position: binds the position, the entry, its predecessor and its content. */
export function sealHash(seq: bigint, id: bigint, prevId: bigint, prevHash: string, content: string): string {
  return createHash("sha256").update(`${seq}\n${id}\n${prevId}\n${prevHash}\n${content}`).digest("hex");
}

/** An entry ready for the database: its content hash and its records in stored form. */
export interface AuditRow {
  contentHash: string;
  entry: AuditInput;
  records: RecordGroup[];
  recordKeys: string[];
}

export function auditRow(entry: AuditInput): AuditRow {
  return {
    contentHash: contentHash(entry),
    entry,
    records: groupRecords(entry.records),
    recordKeys: [...new Set(entry.records.map((r) => recordKey(r.entityType, r.entityId)))],
  };
}

/** What inserting needs of a database client: one raw statement. */
type AuditDb = Pick<DbClient, "$queryRawUnsafe">;

/**
 * Inserts entries, and their pending rows for the sealer, with one statement, and returns their
 * ids in the order given. The ids come from the table's sequence: arrival order, not chain order.
 */
export async function insertAuditRows(db: AuditDb, rows: readonly AuditRow[]): Promise<bigint[]> {
  // Plain SQL over one JSON parameter: a batch of entries with hundreds of records each would
  // take Prisma longer to build as a createMany than the database takes to run it.
  const payload = rows.map(({ contentHash: hash, entry: e, records, recordKeys }) => ({
    content_hash: hash,
    at: e.at.toISOString().replace("Z", ""),
    request_id: e.requestId,
    agency: e.agency,
    county_code: e.countyCode,
    principal_name: e.principalName,
    key_prefix: e.keyPrefix,
    operation_name: e.operationName,
    document_hash: e.documentHash,
    variables: e.variables ?? {},
    purpose: e.purpose,
    resources: e.resources,
    denied_fields: e.deniedFields,
    masked_fields: e.maskedFields,
    records,
    record_keys: recordKeys,
  }));
  const inserted = await db.$queryRawUnsafe<{ id: bigint; content_hash: string }[]>(
    `WITH entry AS (
       INSERT INTO audit_entry (content_hash, at, request_id, agency, county_code, principal_name, key_prefix, operation_name,
         document_hash, variables, purpose, resources, denied_fields, masked_fields, records, record_keys)
       SELECT e.content_hash, e.at::timestamp, e.request_id, e.agency::"Agency", e.county_code, e.principal_name, e.key_prefix, e.operation_name,
         e.document_hash, e.variables, e.purpose, ARRAY(SELECT jsonb_array_elements_text(e.resources)), e.denied_fields, e.masked_fields,
         e.records, ARRAY(SELECT jsonb_array_elements_text(e.record_keys))
       FROM jsonb_to_recordset($1::jsonb) AS e(content_hash text, at text, request_id text, agency text, county_code text, principal_name text,
         key_prefix text, operation_name text, document_hash text, variables jsonb, purpose text, resources jsonb, denied_fields int,
         masked_fields int, records jsonb, record_keys jsonb)
       RETURNING id, content_hash
     ), pending AS (
       INSERT INTO audit_pending (entry_id, content_hash) SELECT id, content_hash FROM entry
     )
     SELECT id, content_hash FROM entry`,
    JSON.stringify(payload),
  );
  // RETURNING's order is not promised: match by content hash (equal content, equal entries).
  const ids = new Map<string, bigint[]>();
  for (const r of inserted) ids.set(r.content_hash, [...(ids.get(r.content_hash) ?? []), BigInt(r.id)]);
  return rows.map((r) => ids.get(r.contentHash)!.shift()!);
}

/**
 * Inserts an entry within the caller's transaction and returns its id: the entry commits with
 * whatever else the transaction wrote, or not at all. No lock is taken: the sealer chains it once
 * it has committed.
 */
export async function appendAuditEntryIn(tx: AuditDb, entry: AuditInput): Promise<bigint> {
  const [id] = await insertAuditRows(tx, [auditRow(entry)]);
  return id!;
}

export interface ChainVerdict {
  ok: boolean;
  /** entries checked (sealed and unsealed) */
  checked: number;
  /** entries committed but not sealed yet: their content is checked, their place in the chain is not fixed yet */
  unsealed: number;
  /** the id of the first entry whose link or content is broken, if any */
  firstBrokenId: bigint | null;
  reason: string | null;
}

/** An entry as stored: its content as hashed, with its records grouped (JSONB) and their keys. */
interface StoredEntry extends Omit<AuditInput, "records"> {
  id: bigint;
  contentHash: string;
  format: number;
  records: unknown;
  recordKeys: string[];
}

/** The content of a stored entry, as it was hashed. */
function contentOf(e: StoredEntry): AuditInput {
  return {
    at: e.at,
    requestId: e.requestId,
    agency: e.agency,
    countyCode: e.countyCode,
    principalName: e.principalName,
    keyPrefix: e.keyPrefix,
    operationName: e.operationName,
    documentHash: e.documentHash,
    variables: e.variables,
    purpose: e.purpose,
    resources: e.resources,
    deniedFields: e.deniedFields,
    maskedFields: e.maskedFields,
    records: expandRecords(e.records),
  };
}

const SELECT_ENTRY = {
  id: true, contentHash: true, format: true, at: true, requestId: true, agency: true, countyCode: true, principalName: true, keyPrefix: true,
  operationName: true, documentHash: true, variables: true, purpose: true, resources: true, deniedFields: true, maskedFields: true,
  records: true, recordKeys: true,
} as const;

/** The record keys stored beside the records must be exactly theirs: "who received" answers from them. */
function keysMatch(e: StoredEntry): boolean {
  const derived = new Set(expandRecords(e.records).map((r) => recordKey(r.entityType, r.entityId)));
  return derived.size === new Set(e.recordKeys).size && e.recordKeys.every((k) => derived.has(k));
}

const ALTERED = "its content does not match its hash (the entry or its records were altered)";

/**
 * Seals what has committed (seal.ts), then walks the chain in seal order, checking each seal
 * against the entry it names, then the entries still pending, and reports the first broken link,
 * altered or removed entry, or entry inserted outside the audit.
 */
export async function verifyAuditChain(db: DbClient, pageSize = 2000): Promise<ChainVerdict> {
  if ("$transaction" in db) {
    const { sealAll } = await import("./seal.ts");
    await sealAll(db as Parameters<typeof sealAll>[0]);
  }
  // Read before the walk: a sealer elsewhere may seal more meanwhile, never fewer.
  const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
  let prevHash = GENESIS_HASH;
  let prevId = 0n;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const seals = await db.auditSeal.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: pageSize });
    const entries = new Map(
      ((await db.auditEntry.findMany({ where: { id: { in: seals.map((s) => s.entryId) } }, select: SELECT_ENTRY })) as StoredEntry[]).map((e) => [e.id, e]),
    );
    for (const seal of seals) {
      const broken = (reason: string): ChainVerdict => ({ ok: false, checked, unsealed: 0, firstBrokenId: seal.entryId, reason });
      if (seal.seq !== expectedSeq) {
        // A seal is gone: the next one names the entry sealed before it.
        return { ok: false, checked, unsealed: 0, firstBrokenId: seal.prevId, reason: `entry ${seal.prevId} is missing from the chain (its seal at position ${expectedSeq} was removed)` };
      }
      if (seal.prevHash !== prevHash || seal.prevId !== prevId) return broken("its predecessor does not match the previous entry of the chain");
      const e = entries.get(seal.entryId);
      if (!e) return broken(`entry ${seal.entryId} is missing (removed after it was sealed at position ${seal.seq})`);
      const content = contentOf(e);
      if (e.format === 1) {
        if (legacyEntryHash(e.id, prevHash, content) !== seal.hash) return broken(ALTERED);
      } else {
        const recomputed = contentHash(content);
        if (sealHash(seal.seq, e.id, prevId, prevHash, recomputed) !== seal.hash || recomputed !== e.contentHash) return broken(ALTERED);
      }
      if (!keysMatch(e)) return broken("its record keys do not match its records");
      prevHash = seal.hash;
      prevId = e.id;
      expectedSeq++;
      checked++;
    }
    if (seals.length < pageSize) break;
  }
  if (head && head.lastId > expectedSeq - 1n) {
    return { ok: false, checked, unsealed: 0, firstBrokenId: head.lastEntryId, reason: `the chain head says ${head.lastId} sealed entries, ${expectedSeq - 1n} found (entries were removed from the end)` };
  }
  // Committed and not sealed yet (since the seal above): the content hash noted at insertion holds.
  let unsealed = 0;
  let after = -1n;
  for (;;) {
    const pending = await db.auditPending.findMany({ where: { entryId: { gt: after } }, orderBy: { entryId: "asc" }, take: pageSize });
    const entries = new Map(
      ((await db.auditEntry.findMany({ where: { id: { in: pending.map((p) => p.entryId) } }, select: SELECT_ENTRY })) as StoredEntry[]).map((e) => [e.id, e]),
    );
    for (const p of pending) {
      const e = entries.get(p.entryId);
      if (!e) return { ok: false, checked, unsealed, firstBrokenId: p.entryId, reason: `entry ${p.entryId} is missing (removed before it was sealed)` };
      if (contentHash(contentOf(e)) !== p.contentHash || e.contentHash !== p.contentHash || !keysMatch(e)) return { ok: false, checked, unsealed, firstBrokenId: e.id, reason: ALTERED };
      after = p.entryId;
      unsealed++;
      checked++;
    }
    if (pending.length < pageSize) break;
  }
  // Every entry is either sealed or pending; one that is neither was not written by the audit.
  const [stray] = await db.$queryRawUnsafe<{ id: bigint }[]>(
    `SELECT e.id FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id) AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.entry_id = e.id) ORDER BY e.id LIMIT 1`,
  );
  if (stray) return { ok: false, checked, unsealed, firstBrokenId: BigInt(stray.id), reason: `entry ${stray.id} is in neither the chain nor the pending entries (it was inserted outside the audit)` };
  return { ok: true, checked, unsealed, firstBrokenId: null, reason: null };
}
