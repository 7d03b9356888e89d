// Inclusion and consistency proofs from the stored complete subtrees (audit_tree_node): the
// ranges a proof needs are worked out first (merkle.ts), their O(log n) subtrees fetched in one
// query, and the proof built from them.
import { consistencyPath, foldRange, inclusionPath, rangeNodes, rangesRead, type Hash, type NodeId, type RangeHash } from "./merkle.ts";

type Db = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

async function rangeHasher(db: Db, ranges: Array<[number, number]>): Promise<RangeHash> {
  const ids = new Map<string, NodeId>();
  for (const [s, e] of ranges) for (const n of rangeNodes(s, e)) ids.set(`${n.level}:${n.index}`, n);
  const rows = ids.size
    ? await db.$queryRawUnsafe<{ level: number; idx: bigint; hash: string }[]>(
        `SELECT n.level, n.idx, n.hash FROM audit_tree_node n JOIN jsonb_to_recordset($1::jsonb) AS c(level int, idx bigint) ON n.level = c.level AND n.idx = c.idx`,
        JSON.stringify([...ids.values()].map((n) => ({ level: n.level, idx: n.index }))),
      )
    : [];
  const byId = new Map(rows.map((r) => [`${r.level}:${r.idx}`, Buffer.from(r.hash, "hex")]));
  return (s, e) =>
    foldRange(
      rangeNodes(s, e).map((n) => {
        const h = byId.get(`${n.level}:${n.index}`);
        if (!h) throw new Error(`the audit log's subtree ${n.level}:${n.index} is missing`);
        return h;
      }),
    );
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: Hash;
  rootHash: Hash;
  proof: Hash[];
}

/** The proof that leaf `index` is in the tree of `size` (index < size ≤ the log's size). */
export async function inclusionProof(db: Db, index: number, size: number): Promise<InclusionProof> {
  const mth = await rangeHasher(db, [...rangesRead((f) => inclusionPath(index, size, f)), [index, index + 1], [0, size]]);
  return { leafIndex: index, treeSize: size, leafHash: mth(index, index + 1), rootHash: mth(0, size), proof: inclusionPath(index, size, mth) };
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: Hash;
  toRoot: Hash;
  proof: Hash[];
}

/** The proof that the tree of `from` leaves is a prefix of the tree of `to` (0 < from ≤ to ≤ the log's size). */
export async function consistencyProof(db: Db, from: number, to: number): Promise<ConsistencyProof> {
  const mth = await rangeHasher(db, [...rangesRead((f) => consistencyPath(from, to, f)), [0, from], [0, to]]);
  return { fromSize: from, toSize: to, fromRoot: mth(0, from), toRoot: mth(0, to), proof: consistencyPath(from, to, mth) };
}
