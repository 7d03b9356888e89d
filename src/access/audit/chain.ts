// The tamper-evident access audit. An entry's content hash (SHA-256 over its canonical JSON,
// records included) is computed before any database work; the entry is then inserted, with a row
// in audit_pending, without any lock that other requests share: a read's entry by the
// group-commit writer (group-commit.ts, one statement for the entries of concurrent requests), a
// write's entry in the write's own transaction (src/writes/write.ts), so no write commits without
// it. Entries are never updated. They are sealed afterwards, in batches, into the transparency log
// (seal.ts: an RFC 6962 Merkle tree with signed checkpoints): each leaf commits to an entry's id
// and content hash. Altering an entry changes its leaf (or, before it is sealed, breaks its
// pending content hash); removing, inserting or reordering entries changes the root, which the
// signed checkpoints agencies keep pin down (verify.ts, offline.ts).
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
