// The sealer: moves committed entries from audit_pending into the transparency log (RFC 6962
// Merkle tree, merkle.ts), in batches: each entry gets the next leaf position (audit_leaf), every
// subtree it completes is stored (audit_tree_node: O(log n) reads per proof), and the head gets
// the new size and root; when a checkpoint is due it is signed in the same transaction
// (checkpoint.ts). Only the sealer takes a lock, a transaction-scoped advisory lock, so requests
// never wait for it, and two sealers (two server processes, or `npm run audit:verify`) never
// append the same entries twice: one that finds the lock taken leaves the work to the one holding
// it. Entries themselves are never updated.
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { CompactTree, EMPTY_ROOT, leafHash } from "./merkle.ts";
import { leafData } from "./leaf.ts";
import { checkpointDue, signCheckpoint, type CheckpointSigner } from "./checkpoint.ts";

/** The advisory lock key of the sealer (any constant no other code uses). */
export const SEAL_LOCK = 1_301_013;

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface SealOptions {
  /** entries per transaction at most */
  limit?: number;
  /** signs a checkpoint when one is due (none: the log grows, checkpoints wait for a sealer with the key) */
  signer?: CheckpointSigner | null;
  /** a checkpoint at most this often (0: after every batch that grew the log) */
  checkpointIntervalMs?: number;
}

/** The latest checkpoint, joined beside a statement's one row (`LEFT JOIN LATERAL … ON true`). */
const LATEST_CHECKPOINT = `(SELECT tree_size, at FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1)`;

type SignedRow = { signed_size: bigint | null; signed_at: Date | null };
const signedOf = (row: SignedRow) => (row.signed_size === null ? null : { size: Number(row.signed_size), at: row.signed_at! });

/** The log's head (created when missing: a database emptied by `npm run seed -- --reset`) and its latest checkpoint, in one statement. */
async function headIn(tx: Tx): Promise<{ size: number; root: string; signed: { size: number; at: Date } | null }> {
  // The insert's row is not visible to the rest of the statement: the union reads either.
  const [row] = await tx.$queryRawUnsafe<({ size: bigint; root: string } & SignedRow)[]>(
    `WITH created AS (INSERT INTO audit_tree_head (id, size, root) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING RETURNING size, root),
          head AS (SELECT size, root FROM created UNION ALL SELECT size, root FROM audit_tree_head WHERE id = 1)
     SELECT h.size, h.root, c.tree_size AS signed_size, c.at AS signed_at
     FROM (SELECT * FROM head LIMIT 1) h LEFT JOIN LATERAL ${LATEST_CHECKPOINT} c ON true`,
    EMPTY_ROOT.toString("hex"),
  );
  return { size: Number(row!.size), root: row!.root, signed: signedOf(row!) };
}

/** The stored subtrees on the right edge of a tree of `size` leaves, as the edge asks for them. */
function edgeOf(size: number, rows: readonly { level: number; idx: bigint | number | string; hash: string }[]): CompactTree {
  const ids = CompactTree.edgeOf(size);
  if (!ids.length) return new CompactTree();
  const byId = new Map(rows.map((r) => [`${r.level}:${r.idx}`, Buffer.from(r.hash, "hex")]));
  const edge = ids.map((i) => {
    const hash = byId.get(`${i.level}:${i.index}`);
    if (!hash) throw new Error(`the audit log's subtree ${i.level}:${i.index} is missing: the log was altered or not migrated correctly`);
    return { level: i.level, hash };
  });
  return new CompactTree(edge, size);
}

/** The (level, idx) of the subtrees on the right edge of a tree of `size` leaves, as JSON for jsonb_to_recordset. */
const edgeIds = (size: number) => JSON.stringify(CompactTree.edgeOf(size).map((i) => ({ level: i.level, idx: i.index })));

/**
 * Is there anything to seal or sign? One statement outside any transaction, for the sealer's
 * periodic look (the entries of other processes, a checkpoint falling due): an idle process then
 * sends one statement a second rather than a transaction of seven.
 */
export async function sealDue(prisma: Pick<PrismaClient, "$queryRawUnsafe">, options: SealOptions = {}): Promise<boolean> {
  const [row] = await prisma.$queryRawUnsafe<({ pending: boolean; size: bigint | null } & SignedRow)[]>(
    `SELECT EXISTS (SELECT 1 FROM audit_pending) AS pending, (SELECT size FROM audit_tree_head WHERE id = 1) AS size, c.tree_size AS signed_size, c.at AS signed_at
     FROM (SELECT 1) one LEFT JOIN LATERAL ${LATEST_CHECKPOINT} c ON true`,
  );
  if (!row || row.pending) return true;
  if (!options.signer || row.size === null) return false;
  return checkpointDue({ size: Number(row.size) }, signedOf(row), options.checkpointIntervalMs ?? 60_000, new Date());
}

/**
 * Seals up to `limit` entries; the number sealed, or null when another sealer holds the lock.
 * Six statements whatever the batch's size: BEGIN, the lock, the head with its latest
 * checkpoint, the entries taken with the tree's right edge, the writes (leaves, subtrees, head,
 * and the checkpoint when one is due), COMMIT.
 */
export async function sealPending(prisma: Pick<PrismaClient, "$transaction">, options: SealOptions = {}): Promise<number | null> {
  const limit = options.limit ?? 5000;
  return prisma.$transaction(async (tx) => {
    // (Not in the head's statement: that statement's snapshot would predate the lock.)
    const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`);
    if (!lock?.ok) return null;
    const head = await headIn(tx);
    // Only committed rows are visible here: an entry still in its transaction is sealed later.
    const [taken] = await tx.$queryRawUnsafe<{ rows: Array<{ entry_id: number | string; content_hash: string }>; edge: Array<{ level: number; idx: number | string; hash: string }> }[]>(
      `WITH taken AS (DELETE FROM audit_pending WHERE entry_id IN (SELECT entry_id FROM audit_pending ORDER BY entry_id LIMIT $1) RETURNING entry_id, content_hash)
       SELECT (SELECT coalesce(json_agg(json_build_object('entry_id', entry_id::text, 'content_hash', content_hash) ORDER BY entry_id), '[]'::json) FROM taken) AS rows,
              (SELECT coalesce(json_agg(json_build_object('level', n.level, 'idx', n.idx::text, 'hash', n.hash)), '[]'::json)
                 FROM audit_tree_node n JOIN jsonb_to_recordset($2::jsonb) AS c(level int, idx bigint) ON n.level = c.level AND n.idx = c.idx) AS edge`,
      limit,
      edgeIds(head.size),
    );
    const rows = taken!.rows;
    const leaves: Array<{ idx: number; entry_id: string }> = [];
    const nodes: Array<{ level: number; idx: number; hash: string }> = [];
    if (rows.length) {
      const tree = edgeOf(head.size, taken!.edge);
      for (const r of rows) {
        leaves.push({ idx: tree.size, entry_id: String(r.entry_id) });
        tree.append(leafHash(leafData(BigInt(r.entry_id), r.content_hash)), (n, h) => nodes.push({ level: n.level, idx: n.index, hash: h.toString("hex") }));
      }
      head.size = tree.size;
      head.root = tree.root().toString("hex");
    }
    const now = new Date();
    const checkpoint = options.signer && checkpointDue(head, head.signed, options.checkpointIntervalMs ?? 60_000, now) ? signCheckpoint(options.signer, { treeSize: head.size, rootHash: head.root, at: now.toISOString() }) : null;
    if (!rows.length && !checkpoint) return 0;
    await tx.$executeRawUnsafe(
      `WITH leaves AS (INSERT INTO audit_leaf (idx, entry_id) SELECT l.idx, l.entry_id FROM jsonb_to_recordset($1::jsonb) AS l(idx bigint, entry_id bigint)),
            nodes AS (INSERT INTO audit_tree_node (level, idx, hash) SELECT n.level, n.idx, n.hash FROM jsonb_to_recordset($2::jsonb) AS n(level smallint, idx bigint, hash text)),
            signed AS (INSERT INTO audit_checkpoint (tree_size, root_hash, at, key_id, signature) SELECT c.tree_size, c.root_hash, c.at::timestamp, c.key_id, c.signature
                       FROM jsonb_to_recordset($5::jsonb) AS c(tree_size bigint, root_hash text, at text, key_id text, signature text))
       UPDATE audit_tree_head SET size = $3, root = $4 WHERE id = 1`,
      JSON.stringify(leaves),
      JSON.stringify(nodes),
      head.size,
      head.root,
      JSON.stringify(checkpoint ? [{ tree_size: checkpoint.treeSize, root_hash: checkpoint.rootHash, at: checkpoint.at.replace("Z", ""), key_id: checkpoint.keyId, signature: checkpoint.signature }] : []),
    );
    return rows.length;
  });
}

/** Seals everything committed so far; waits (briefly) for another sealer to finish first. */
export async function sealAll(prisma: Pick<PrismaClient, "$transaction">, options: SealOptions = {}): Promise<void> {
  for (let waited = 0; ; ) {
    const sealed = await sealPending(prisma, options);
    if (sealed === 0) return;
    if (sealed === null) {
      if (waited > 5000) return;
      await new Promise((r) => setTimeout(r, 20));
      waited += 20;
    }
  }
}
