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
import { PREPARABLE } from "../../db/statement-names.ts";
import { queryRows } from "../../db/direct-query.ts";
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

/**
 * Writes `value` as JSON with object keys sorted, so equal content always hashes the same, piece
 * by piece to `out` (a write's entry holds its whole input: a 100,000-row sheet is hashed without
 * building its text in memory).
 */
function writeCanonical(value: unknown, out: (piece: string) => void, inArray = false): void {
  if (value === null || typeof value !== "object") {
    // What JSON cannot hold (a function) reads "undefined" as a property's value, nothing as an item, as the joined text did.
    const text = JSON.stringify(value ?? null) as string | undefined;
    out(text ?? (inArray ? "" : "undefined"));
    return;
  }
  if (Array.isArray(value)) {
    out("[");
    for (let i = 0; i < value.length; i++) {
      if (i) out(",");
      // A hole is written as nothing, as Array.prototype.join writes it.
      if (i in value) writeCanonical(value[i], out, true);
    }
    out("]");
    return;
  }
  const record = recordJson(value);
  if (record !== null) return out(record);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out("{");
  entries.forEach(([k, v], i) => {
    out(i ? `,${JSON.stringify(k)}:` : `${JSON.stringify(k)}:`);
    writeCanonical(v, out);
  });
  out("}");
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  const pieces: string[] = [];
  writeCanonical(value, (piece) => pieces.push(piece));
  return pieces.join("");
}

/** SHA-256 (hex) of a value's canonical JSON, fed to the hash in pieces of about 64 KB. */
function canonicalSha256(value: unknown): string {
  const hash = createHash("sha256");
  let pending = "";
  // Pieces are whole JSON tokens, so a cut never splits a character's UTF-8 encoding.
  writeCanonical(value, (piece) => {
    pending += piece;
    if (pending.length >= 65_536) {
      hash.update(pending);
      pending = "";
    }
  });
  return hash.update(pending).digest("hex");
}

const RECORD_KEYS = new Set(["entityId", "entityType", "fields", "resource"]);

/**
 * An audit record's canonical JSON in one JSON.stringify: its four keys in sorted order
 * ("entityId" < "entityType" < "fields" < "resource"), byte for byte what the generic writer
 * writes for such an object. The nested read's entry holds about 500 records, and the generic
 * writer's Object.entries, key sort and one JSON.stringify a token cost more than the rest of the
 * hash. Any other object (another key, a value of another type, a hole) is null: the generic
 * writer takes it. (test/audit-canonical.test.ts holds the two to the same bytes.)
 */
function recordJson(value: object): string | null {
  const keys = Object.keys(value);
  if (keys.length !== 4 || !keys.every((k) => RECORD_KEYS.has(k))) return null;
  const { entityId, entityType, fields, resource } = value as Record<string, unknown>;
  if (typeof entityId !== "number" || typeof entityType !== "string" || typeof resource !== "string" || !Array.isArray(fields)) return null;
  for (let i = 0; i < fields.length; i++) if (typeof fields[i] !== "string") return null;
  return JSON.stringify({ entityId, entityType, fields, resource });
}

// localeCompare without arguments is this collator's compare (ECMA-402), built once.
const collator = new Intl.Collator();

/**
 * The records in their hashed order, the collator's (as entries were always hashed): each one's
 * sort key built once, not on every comparison. They are sorted by code point first, which for
 * the platform's keys is already the collator's order, and the collator confirms that with one
 * comparison a pair instead of a sort's n·log n (a sequence whose every pair is strictly in order
 * is the only sorted one). Where it is not, the collator sorts the records as given.
 */
const sortRecords = (records: AuditRecordInput[]) => {
  const keyed = () => records.map((r) => ({ record: { ...r, fields: [...r.fields].sort() }, key: r.entityType + "\0" + String(r.entityId).padStart(12, "0") + "\0" + r.resource }));
  let sorted = keyed().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (collator.compare(sorted[i - 1]!.key, sorted[i]!.key) >= 0) {
      sorted = keyed().sort((a, b) => collator.compare(a.key, b.key));
      break;
    }
  }
  return sorted.map((k) => k.record);
};

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
  return canonicalSha256({ ...entry, at: entry.at.toISOString(), records: sortRecords(entry.records) });
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

/**
 * JSON with every character beyond ASCII written as its \uXXXX escape: the same JSON value (the
 * database stores it decoded), but a one-byte string in V8, where one Chinese character would make
 * the whole text two bytes a character. A write's entry holds its input (a 100,000-row sheet is
 * some 40 MB of it), and the text is copied on its way to the database more than once.
 */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** What inserting needs of a database client: raw statements. */
type AuditDb = Pick<DbClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** The entries as the JSON the insert reads (one row a column). */
const payloadOf = (rows: readonly AuditRow[]) =>
  asciiJson(
    rows.map(({ contentHash: hash, entry: e, records, recordKeys }) => ({
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
    })),
  );

/**
 * Runs the insert of the entries in `source` (SQL giving their JSON text) and returns their ids in
 * the order given. `mark`: the text's prefix, PREPARABLE.auditInsert for the group commit's
 * statements (sent outside any transaction, named on PostgreSQL: src/db/statement-names.ts).
 */
async function insertPayload(db: AuditDb, rows: readonly AuditRow[], source: string, params: unknown[], mark = ""): Promise<bigint[]> {
  // (through the adapter when it can: ids come back as the driver reads them, hence BigInt() below)
  const inserted = await queryRows<{ id: bigint | string; content_hash: string }>(
    db,
    `${mark}WITH entry AS (
       INSERT INTO audit_entry (content_hash, at, request_id, agency, county_code, principal_name, key_prefix, operation_name,
         document_hash, variables, purpose, resources, denied_fields, masked_fields, records, record_keys)
       SELECT e.content_hash, e.at::timestamp, e.request_id, e.agency::"Agency", e.county_code, e.principal_name, e.key_prefix, e.operation_name,
         e.document_hash, e.variables, e.purpose, ARRAY(SELECT jsonb_array_elements_text(e.resources)), e.denied_fields, e.masked_fields,
         e.records, ARRAY(SELECT jsonb_array_elements_text(e.record_keys))
       FROM jsonb_to_recordset(${source}) AS e(content_hash text, at text, request_id text, agency text, county_code text, principal_name text,
         key_prefix text, operation_name text, document_hash text, variables jsonb, purpose text, resources jsonb, denied_fields int,
         masked_fields int, records jsonb, record_keys jsonb)
       RETURNING id, content_hash
     ), pending AS (
       INSERT INTO audit_pending (entry_id, content_hash) SELECT id, content_hash FROM entry
     )
     SELECT id, content_hash FROM entry`,
    params,
  );
  // RETURNING's order is not promised: match by content hash (equal content, equal entries).
  const ids = new Map<string, bigint[]>();
  for (const r of inserted) ids.set(r.content_hash, [...(ids.get(r.content_hash) ?? []), BigInt(r.id)]);
  return rows.map((r) => ids.get(r.contentHash)!.shift()!);
}

/**
 * Inserts entries, and their pending rows for the sealer, with one statement, and returns their
 * ids in the order given. The ids come from the table's sequence: arrival order, not chain order.
 */
export async function insertAuditRows(db: AuditDb, rows: readonly AuditRow[]): Promise<bigint[]> {
  // Plain SQL over one JSON parameter: a batch of entries with hundreds of records each would
  // take Prisma longer to build as a createMany than the database takes to run it.
  // One text for any number of entries: prepared once per connection (src/db/statement-names.ts).
  return insertPayload(db, rows, "$1::jsonb", [payloadOf(rows)], PREPARABLE.auditInsert);
}

/**
 * An entry's text up to ONE_PARAMETER_CHARS (2 MiB: any GraphQL loan file of 1,000 rows, whose
 * statements a test counts) goes as one parameter; a longer one (the entry of a spreadsheet upload
 * holds its input: some 40 MB for 100,000 rows) in parts of PART_CHARS (256 KiB). Prisma's client
 * copies a raw statement's parameters several times on its way to the database (serialized,
 * serialized again with the request it hands its query compiler, kept in its last hundred debug
 * messages): measured on PostgreSQL, the one 40 MB parameter raised the server's RSS by some 700 MB
 * (most of it outside the JavaScript heap), the same entry in 1 MiB parts by about 130 MB.
 */
const ONE_PARAMETER_CHARS = 1 << 21;
const PART_CHARS = 1 << 18;

/**
 * Inserts an entry within the caller's transaction and returns its id: the entry commits with
 * whatever else the transaction wrote, or not at all. No lock is taken: the sealer chains it once
 * it has committed. A long entry's text is staged in parts in a table of the transaction's own
 * (temporary, dropped at once and at commit in any case) and joined by the database: the same
 * entry, the same single insert, and no parameter larger than ONE_PARAMETER_CHARS.
 */
export async function appendAuditEntryIn(tx: AuditDb, entry: AuditInput): Promise<bigint> {
  const rows = [auditRow(entry)];
  const text = payloadOf(rows);
  if (text.length <= ONE_PARAMETER_CHARS) return (await insertPayload(tx, rows, "$1::jsonb", [text]))[0]!;
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE audit_entry_part (n int PRIMARY KEY, part text NOT NULL) ON COMMIT DROP`);
  // The text is ASCII (asciiJson), so a cut never splits a character.
  for (let n = 0; n * PART_CHARS < text.length; n++) await tx.$executeRawUnsafe(`INSERT INTO audit_entry_part (n, part) VALUES ($1, $2)`, n, text.slice(n * PART_CHARS, (n + 1) * PART_CHARS));
  const [id] = await insertPayload(tx, rows, `(SELECT string_agg(part, '' ORDER BY n) FROM audit_entry_part)::jsonb`, []);
  await tx.$executeRawUnsafe(`DROP TABLE audit_entry_part`);
  return id!;
}
