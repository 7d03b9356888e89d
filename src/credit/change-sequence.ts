// The dishonesty change sequence: every write to a dishonesty record takes the next number here,
// inside its own transaction, and stamps it on the record and on its change-log row.
//
// Why a counter row rather than a database sequence: `UPDATE … RETURNING` locks the counter row
// until the writing transaction commits or rolls back, so a second writer waits for the first to
// finish before it can take its number. Numbers are therefore handed out in commit order and a
// reader that has seen seq N can never later find a committed N-1 appear behind its cursor (a
// sequence hands numbers out at call time, and a slow transaction could commit a lower number
// after a higher one). The incremental feed to the credit platform ("everything since my
// cursor") depends on this. A rollback returns the number with the lock, leaving no gap.
// Take the number as late as possible in the transaction: the lock is held until commit.
import type { Tx } from "../writes/write.ts";

export async function nextDishonestyChangeSeq(tx: Tx): Promise<bigint> {
  const taken = await tx.$queryRaw<{ value: bigint }[]>`UPDATE change_counter SET value = value + 1 WHERE name = 'dishonesty' RETURNING value`;
  if (taken[0]) return BigInt(taken[0].value);
  // A database that never loaded the demo data has no counter yet: start it after the last
  // logged change. ON CONFLICT makes a concurrent first writer wait on the new row and then
  // increment it, exactly as the UPDATE above would.
  const created = await tx.$queryRaw<{ value: bigint }[]>`
    INSERT INTO change_counter (name, value)
    SELECT 'dishonesty', COALESCE(MAX(seq), 0) + 1 FROM dishonesty_record_change
    ON CONFLICT (name) DO UPDATE SET value = change_counter.value + 1
    RETURNING value`;
  return BigInt(created[0]!.value);
}
