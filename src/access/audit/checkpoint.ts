// Signed checkpoints of the transparency log: tree size, root hash and time, signed with the
// platform's Ed25519 key (src/signing/key.ts), in the spirit of C2SP's tlog-checkpoint. Every
// agency system may fetch them (auditCheckpoints) and should keep them: a later checkpoint it
// holds proves how large the log was and what it held, so the platform can no longer drop,
// change or reorder entries up to that size unnoticed (npm run audit:verify).
import { sign, verify, type KeyObject } from "node:crypto";

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

/**
 * Is a checkpoint of `head` due? When the log has grown past the latest checkpoint, and that
 * checkpoint is at least `intervalMs` old (or there is none).
 */
export function checkpointDue(head: { size: number }, last: { size: number; at: Date } | null, intervalMs: number, now: Date): boolean {
  if (head.size <= 0) return false;
  if (!last) return true;
  return last.size < head.size && now.getTime() - new Date(last.at).getTime() >= intervalMs;
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
