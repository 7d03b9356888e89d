// What a leaf of the transparency log commits to: the entry's id and its content hash (SHA-256
// of its canonical content, chain.ts), so altering an entry, or moving it, changes the leaf.
export const LEAF_PREFIX = "deleveraging-graph/audit-entry/v1";

export const leafData = (entryId: bigint, contentHash: string): Buffer => Buffer.from(`${LEAF_PREFIX}\n${entryId}\n${contentHash}`, "utf8");
