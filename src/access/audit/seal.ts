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
import { insertCheckpointIn, type CheckpointSigner } from "./checkpoint.ts";

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

/** The log's head, created when missing (a database emptied by `npm run seed -- --reset`). */
async function headIn(tx: Tx): Promise<{ size: number; root: string }> {
  await tx.$executeRawUnsafe(`INSERT INTO audit_tree_head (id, size, root) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING`, EMPTY_ROOT.toString("hex"));
  const [head] = await tx.$queryRawUnsafe<{ size: bigint; root: string }[]>("SELECT size, root FROM audit_tree_head WHERE id = 1");
  return { size: Number(head!.size), root: head!.root };
}

/** The tree as it stands: its right edge, read from the stored subtrees. */
export async function compactTreeIn(tx: Pick<Tx, "$queryRawUnsafe">, size: number): Promise<CompactTree> {
  const ids = CompactTree.edgeOf(size);
  if (!ids.length) return new CompactTree();
  const rows = await tx.$queryRawUnsafe<{ level: number; idx: bigint; hash: string }[]>(
    `SELECT n.level, n.idx, n.hash FROM audit_tree_node n JOIN jsonb_to_recordset($1::jsonb) AS c(level int, idx bigint) ON n.level = c.level AND n.idx = c.idx`,
    JSON.stringify(ids.map((i) => ({ level: i.level, idx: i.index }))),
  );
  const byId = new Map(rows.map((r) => [`${r.level}:${r.idx}`, Buffer.from(r.hash, "hex")]));
  const edge = ids.map((i) => {
    const hash = byId.get(`${i.level}:${i.index}`);
    if (!hash) throw new Error(`the audit log's subtree ${i.level}:${i.index} is missing: the log was altered or not migrated correctly`);
    return { level: i.level, hash };
  });
  return new CompactTree(edge, size);
}

/** Seals up to `limit` entries; the number sealed, or null when another sealer holds the lock. */
export async function sealPending(prisma: Pick<PrismaClient, "$transaction">, options: SealOptions = {}): Promise<number | null> {
  const limit = options.limit ?? 5000;
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`);
    if (!lock?.ok) return null;
    const head = await headIn(tx);
    // Only committed rows are visible here: an entry still in its transaction is sealed later.
    const rows = await tx.$queryRawUnsafe<{ entry_id: bigint; content_hash: string }[]>(
      "DELETE FROM audit_pending WHERE entry_id IN (SELECT entry_id FROM audit_pending ORDER BY entry_id LIMIT $1) RETURNING entry_id, content_hash",
      limit,
    );
    if (rows.length) {
      rows.sort((a, b) => (BigInt(a.entry_id) < BigInt(b.entry_id) ? -1 : 1));
      const tree = await compactTreeIn(tx, head.size);
      const nodes: Array<{ level: number; idx: number; hash: string }> = [];
      const leaves = rows.map((r) => {
        const idx = tree.size;
        tree.append(leafHash(leafData(BigInt(r.entry_id), r.content_hash)), (n, h) => nodes.push({ level: n.level, idx: n.index, hash: h.toString("hex") }));
        return { idx, entry_id: String(r.entry_id) };
      });
      await tx.$executeRawUnsafe(
        `INSERT INTO audit_leaf (idx, entry_id) SELECT l.idx, l.entry_id FROM jsonb_to_recordset($1::jsonb) AS l(idx bigint, entry_id bigint)`,
        JSON.stringify(leaves),
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO audit_tree_node (level, idx, hash) SELECT n.level, n.idx, n.hash FROM jsonb_to_recordset($1::jsonb) AS n(level smallint, idx bigint, hash text)`,
        JSON.stringify(nodes),
      );
      head.size = tree.size;
      head.root = tree.root().toString("hex");
      await tx.$executeRawUnsafe("UPDATE audit_tree_head SET size = $1, root = $2 WHERE id = 1", head.size, head.root);
    }
    if (options.signer && head.size > 0) await insertCheckpointIn(tx, options.signer, head, options.checkpointIntervalMs ?? 60_000);
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
