// Verifying the transparency log on the database (verifyAuditChain, npm run audit:verify without
// an export): seals what has committed, then walks the leaves in order, recomputing each entry's
// content hash, its leaf and every complete subtree, and compares them with what is stored, the
// head, and every signed checkpoint; then the entries not sealed yet, and entries that are in
// neither. It names the first broken place. (An agency that does not trust the database checks
// an export against the checkpoints it kept instead: offline.ts.)
import type { KeyObject } from "node:crypto";
import type { DbClient } from "../../db/database.ts";
import { contentHash, expandRecords, legacyEntryHash, recordKey, type AuditInput } from "./chain.ts";
import { checkpointOf, checkpointSignatureValid } from "./checkpoint.ts";
import { leafData } from "./leaf.ts";
import { CompactTree, leafHash } from "./merkle.ts";

export interface ChainVerdict {
  ok: boolean;
  /** entries checked (sealed and unsealed) */
  checked: number;
  /** entries committed but not sealed yet: their content is checked, their place in the log is not fixed yet */
  unsealed: number;
  /** the id of the first entry whose leaf or content is broken, if any */
  firstBrokenId: bigint | null;
  reason: string | null;
}

/** An entry as stored: its content as hashed, with its records grouped (JSONB) and their keys. */
export interface StoredEntry extends Omit<AuditInput, "records"> {
  id: bigint;
  contentHash: string;
  format: number;
  legacyPrevHash: string | null;
  records: unknown;
  recordKeys: string[];
}

/** The content of a stored entry, as it was hashed. */
export function contentOf(e: StoredEntry): AuditInput {
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

/** The content hash an entry's content gives: format 2 over the content; format 1 (before sealing existed) over id, predecessor and content. */
export function recomputedContentHash(id: bigint, format: number, legacyPrevHash: string | null, content: AuditInput): string {
  return format === 1 ? legacyEntryHash(id, legacyPrevHash ?? "", content) : contentHash(content);
}

export const SELECT_ENTRY = {
  id: true, contentHash: true, format: true, legacyPrevHash: true, at: true, requestId: true, agency: true, countyCode: true, principalName: true, keyPrefix: true,
  operationName: true, documentHash: true, variables: true, purpose: true, resources: true, deniedFields: true, maskedFields: true,
  records: true, recordKeys: true,
} as const;

/** The record keys stored beside the records must be exactly theirs: "who received" answers from them. */
function keysMatch(e: StoredEntry): boolean {
  const derived = new Set(expandRecords(e.records).map((r) => recordKey(r.entityType, r.entityId)));
  return derived.size === new Set(e.recordKeys).size && e.recordKeys.every((k) => derived.has(k));
}

const ALTERED = "its content does not match its hash (the entry or its records were altered)";

export async function verifyAuditLog(db: DbClient, options: { publicKey?: KeyObject | null; pageSize?: number } = {}): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? 2000;
  if ("$transaction" in db) {
    const { sealAll } = await import("./seal.ts");
    await sealAll(db as Parameters<typeof sealAll>[0]);
  }
  // Read before the walk: a sealer elsewhere may seal more meanwhile, never fewer.
  const head = await db.auditTreeHead.findUnique({ where: { id: 1 } });
  const checkpoints = (await db.auditCheckpoint.findMany({ orderBy: { treeSize: "asc" } })).map(checkpointOf);
  const headSize = Number(head?.size ?? 0n);
  const rootAt = new Map<number, string>();
  const wanted = new Set([headSize, ...checkpoints.map((c) => c.treeSize)]);
  const tree = new CompactTree();
  let checked = 0;
  let lastId: bigint | null = null;
  while (tree.size < headSize) {
    const leaves = await db.auditLeaf.findMany({ where: { idx: { gte: BigInt(tree.size), lt: BigInt(headSize) } }, orderBy: { idx: "asc" }, take: pageSize });
    if (!leaves.length) break;
    const entries = new Map(((await db.auditEntry.findMany({ where: { id: { in: leaves.map((l) => l.entryId) } }, select: SELECT_ENTRY })) as StoredEntry[]).map((e) => [e.id, e]));
    const computed: Array<{ level: number; idx: number; hash: string; entryId: bigint }> = [];
    for (const leaf of leaves) {
      const broken = (reason: string): ChainVerdict => ({ ok: false, checked, unsealed: 0, firstBrokenId: leaf.entryId, reason });
      if (Number(leaf.idx) !== tree.size) {
        return { ok: false, checked, unsealed: 0, firstBrokenId: lastId, reason: `the leaf at position ${tree.size} is missing (after entry ${lastId})` };
      }
      const e = entries.get(leaf.entryId);
      if (!e) return broken(`entry ${leaf.entryId} is missing (removed after it was sealed at position ${leaf.idx})`);
      const recomputed = recomputedContentHash(e.id, e.format, e.legacyPrevHash, contentOf(e));
      if (recomputed !== e.contentHash) return broken(ALTERED);
      if (!keysMatch(e)) return broken("its record keys do not match its records");
      tree.append(leafHash(leafData(e.id, recomputed)), (n, h) => computed.push({ level: n.level, idx: n.index, hash: h.toString("hex"), entryId: e.id }));
      if (wanted.has(tree.size)) rootAt.set(tree.size, tree.root().toString("hex"));
      lastId = e.id;
      checked++;
    }
    // Every stored subtree of this page must be the one its leaves give (proofs are built from them).
    const stored = await db.$queryRawUnsafe<{ level: number; idx: bigint; hash: string }[]>(
      `SELECT n.level, n.idx, n.hash FROM audit_tree_node n JOIN jsonb_to_recordset($1::jsonb) AS c(level int, idx bigint) ON n.level = c.level AND n.idx = c.idx`,
      JSON.stringify(computed.map((c) => ({ level: c.level, idx: c.idx }))),
    );
    const byId = new Map(stored.map((s) => [`${s.level}:${s.idx}`, s.hash]));
    const bad = computed.find((c) => byId.get(`${c.level}:${c.idx}`) !== c.hash);
    if (bad) return { ok: false, checked, unsealed: 0, firstBrokenId: bad.entryId, reason: `the stored subtree ${bad.level}:${bad.idx} of the log does not match its entries (the tree was altered)` };
  }
  if (tree.size < headSize) {
    return { ok: false, checked, unsealed: 0, firstBrokenId: lastId, reason: `the log's head says ${headSize} sealed entries, ${tree.size} found (entries were removed from the end)` };
  }
  if (head && rootAt.get(headSize) !== undefined && rootAt.get(headSize) !== head.root) {
    return { ok: false, checked, unsealed: 0, firstBrokenId: lastId, reason: "the log's root does not match its entries" };
  }
  for (const c of checkpoints) {
    if (options.publicKey && !checkpointSignatureValid(c, options.publicKey)) {
      return { ok: false, checked, unsealed: 0, firstBrokenId: null, reason: `the checkpoint at size ${c.treeSize} does not carry a valid signature of the platform's key` };
    }
    if (c.treeSize > headSize) return { ok: false, checked, unsealed: 0, firstBrokenId: lastId, reason: `a checkpoint was signed at size ${c.treeSize}, the log holds ${headSize} entries (entries were removed from the end)` };
    if (rootAt.get(c.treeSize) !== c.rootHash) return { ok: false, checked, unsealed: 0, firstBrokenId: null, reason: `the root of the first ${c.treeSize} entries does not match the checkpoint signed at that size (entries were altered, inserted, removed or reordered)` };
  }
  // Committed and not sealed yet (since the seal above): the content hash noted at insertion holds.
  let unsealed = 0;
  let after = -1n;
  for (;;) {
    const pending = await db.auditPending.findMany({ where: { entryId: { gt: after } }, orderBy: { entryId: "asc" }, take: pageSize });
    const entries = new Map(((await db.auditEntry.findMany({ where: { id: { in: pending.map((p) => p.entryId) } }, select: SELECT_ENTRY })) as StoredEntry[]).map((e) => [e.id, e]));
    for (const p of pending) {
      const e = entries.get(p.entryId);
      if (!e) return { ok: false, checked, unsealed, firstBrokenId: p.entryId, reason: `entry ${p.entryId} is missing (removed before it was sealed)` };
      if (recomputedContentHash(e.id, e.format, e.legacyPrevHash, contentOf(e)) !== p.contentHash || e.contentHash !== p.contentHash || !keysMatch(e)) {
        return { ok: false, checked, unsealed, firstBrokenId: e.id, reason: ALTERED };
      }
      after = p.entryId;
      unsealed++;
      checked++;
    }
    if (pending.length < pageSize) break;
  }
  // Every entry is either sealed or pending; one that is neither was not written by the audit.
  const [stray] = await db.$queryRawUnsafe<{ id: bigint }[]>(
    `SELECT e.id FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_leaf l WHERE l.entry_id = e.id) AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.entry_id = e.id) ORDER BY e.id LIMIT 1`,
  );
  if (stray) return { ok: false, checked, unsealed, firstBrokenId: BigInt(stray.id), reason: `entry ${stray.id} is in neither the log nor the pending entries (it was inserted outside the audit)` };
  return { ok: true, checked, unsealed, firstBrokenId: null, reason: null };
}

/** The former name (the query verifyAuditChain and the operator's command call it). */
export const verifyAuditChain = verifyAuditLog;
