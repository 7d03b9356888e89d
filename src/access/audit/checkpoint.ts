// Signed checkpoints of the transparency log: tree size, root hash and time, signed with the
// platform's Ed25519 key (src/signing/key.ts), in the spirit of C2SP's tlog-checkpoint. Every
// agency system may fetch them (auditCheckpoints) and should keep them: a later checkpoint it
// holds proves how large the log was and what it held, so the platform can no longer drop,
// change or reorder entries up to that size unnoticed (npm run audit:verify).
import { sign, verify, type KeyObject } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.ts";

export const CHECKPOINT_ORIGIN = "deleveraging-graph/audit-log";

/** A checkpoint as handed out and kept: plain JSON, verifiable with the public key alone. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** hex */
  rootHash: string;
  /** ISO 8601 */
  at: string;
  keyId: string;
  /** base64 Ed25519 signature over checkpointText() */
  signature: string;
}

export interface CheckpointSigner {
  privateKey: KeyObject;
  keyId: string;
}

/** The signed text: origin, size, root (base64, as in a tlog checkpoint), time. */
export const checkpointText = (c: Pick<Checkpoint, "treeSize" | "rootHash" | "at">): string =>
  `${CHECKPOINT_ORIGIN}\n${c.treeSize}\n${Buffer.from(c.rootHash, "hex").toString("base64")}\n${c.at}\n`;

export function signCheckpoint(signer: CheckpointSigner, c: Pick<Checkpoint, "treeSize" | "rootHash" | "at">): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointText(c), "utf8"), signer.privateKey).toString("base64");
  return { origin: CHECKPOINT_ORIGIN, treeSize: c.treeSize, rootHash: c.rootHash, at: c.at, keyId: signer.keyId, signature };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return c.origin === CHECKPOINT_ORIGIN && verify(null, Buffer.from(checkpointText(c), "utf8"), publicKey, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Within the sealer's transaction: signs a checkpoint of the head when one is due. */
export async function insertCheckpointIn(tx: Tx, signer: CheckpointSigner, head: { size: number; root: string }, intervalMs: number): Promise<void> {
  const [last] = await tx.$queryRawUnsafe<{ tree_size: bigint; at: Date }[]>("SELECT tree_size, at FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1");
  if (last && Number(last.tree_size) >= head.size) return;
  const now = new Date();
  if (last && now.getTime() - new Date(last.at).getTime() < intervalMs) return;
  const c = signCheckpoint(signer, { treeSize: head.size, rootHash: head.root, at: now.toISOString() });
  await tx.$executeRawUnsafe(
    "INSERT INTO audit_checkpoint (tree_size, root_hash, at, key_id, signature) VALUES ($1, $2, $3::timestamp, $4, $5)",
    c.treeSize, c.rootHash, c.at.replace("Z", ""), c.keyId, c.signature,
  );
}

/** A stored checkpoint row as handed out. */
export const checkpointOf = (row: { treeSize: bigint; rootHash: string; at: Date; keyId: string; signature: string }): Checkpoint => ({
  origin: CHECKPOINT_ORIGIN,
  treeSize: Number(row.treeSize),
  rootHash: row.rootHash,
  at: row.at.toISOString(),
  keyId: row.keyId,
  signature: row.signature,
});
