// The sealer: moves committed entries from audit_pending into the hash chain (audit_seal), in id
// order (seal order is chain order): position, predecessor id and hash, and the seal hash over
// those and the entry's content hash. Only the sealer takes a lock, a transaction-scoped
// advisory lock, so requests never wait for it, and two sealers (two server processes, or
// `npm run audit:verify`) never chain the same entries twice: one that finds the lock taken
// leaves the work to the one holding it. Entries themselves are never updated.
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { sealHash } from "./chain.ts";

/** The advisory lock key of the sealer (any constant no other code uses). */
export const SEAL_LOCK = 1_301_013;

/** Seals up to `limit` entries; the number sealed, or null when another sealer holds the lock. */
export async function sealPending(prisma: Pick<PrismaClient, "$transaction">, limit = 5000): Promise<number | null> {
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`);
    if (!lock?.ok) return null;
    const [head] = await tx.$queryRawUnsafe<{ last_id: bigint; last_hash: string; last_entry_id: bigint }[]>(
      "SELECT last_id, last_hash, last_entry_id FROM audit_chain_head WHERE id = 1",
    );
    if (!head) throw new Error("the audit chain head is missing: the audit table was not migrated correctly");
    // Only committed rows are visible here: an entry still in its transaction is sealed later.
    const rows = await tx.$queryRawUnsafe<{ entry_id: bigint; content_hash: string }[]>(
      "DELETE FROM audit_pending WHERE entry_id IN (SELECT entry_id FROM audit_pending ORDER BY entry_id LIMIT $1) RETURNING entry_id, content_hash",
      limit,
    );
    if (!rows.length) return 0;
    rows.sort((a, b) => (BigInt(a.entry_id) < BigInt(b.entry_id) ? -1 : 1));
    let seq = BigInt(head.last_id);
    let prevId = BigInt(head.last_entry_id);
    let prevHash = head.last_hash;
    const seals = rows.map((r) => {
      seq++;
      const id = BigInt(r.entry_id);
      const hash = sealHash(seq, id, prevId, prevHash, r.content_hash);
      const seal = { seq: seq.toString(), entry_id: id.toString(), prev_id: prevId.toString(), prev_hash: prevHash, hash };
      prevId = id;
      prevHash = hash;
      return seal;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO audit_seal (seq, entry_id, prev_id, prev_hash, hash)
       SELECT s.seq, s.entry_id, s.prev_id, s.prev_hash, s.hash FROM jsonb_to_recordset($1::jsonb) AS s(seq bigint, entry_id bigint, prev_id bigint, prev_hash text, hash text)`,
      JSON.stringify(seals),
    );
    await tx.$executeRawUnsafe("UPDATE audit_chain_head SET last_id = $1, last_hash = $2, last_entry_id = $3 WHERE id = 1", seq, prevHash, prevId);
    return rows.length;
  });
}

/** Seals everything committed so far; waits (briefly) for another sealer to finish first. */
export async function sealAll(prisma: Pick<PrismaClient, "$transaction">): Promise<void> {
  for (let waited = 0; ; ) {
    const sealed = await sealPending(prisma);
    if (sealed === 0) return;
    if (sealed === null) {
      if (waited > 5000) return;
      await new Promise((r) => setTimeout(r, 20));
      waited += 20;
    }
  }
}
