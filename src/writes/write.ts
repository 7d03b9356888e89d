// Runs a write: one transaction, optional idempotency, its audit entry, typed errors for the
// expected failures.
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { appendAuditEntryIn } from "../access/audit/chain.ts";
import { writeAuditEntry } from "../access/audit/write-entry.ts";
import { ConflictError } from "./errors.ts";
import { isUniqueViolation, uniqueTarget } from "./db-errors.ts";
import { checkIdempotencyKey, claimKey, idempotencyScope, requestHash, storeResult } from "./idempotency.ts";
import { openWriteLog } from "./write-log.ts";
import { MUTATION_TOPICS } from "../access/directory.ts";
import { committedWrite } from "../alerts/wake.ts";

export type Tx = Prisma.TransactionClient;

export interface WriteRequest {
  /** the mutation's name, e.g. "upsertLoan" */
  operation: string;
  /** the mutation's input as received (its hash tells a retry from a different request) */
  input: unknown;
  idempotencyKey?: string | null;
  /** how long the transaction may run (default 120 s); a spreadsheet of 100,000 rows needs longer */
  timeoutMs?: number;
}

/**
 * Runs `work` in one transaction: everything it writes (records and their history), the result
 * stored under the idempotency key and the write's audit entry commit together or not at all.
 * With a key, the key is claimed first (idempotency.ts): a retry or a concurrent twin with the
 * same key and input gets the first result back without writing again. The audit entry is
 * inserted last, under no lock that other requests share: the sealer chains it once committed.
 */
export async function runWrite<T>(ctx: GraphContext, request: WriteRequest, work: (tx: Tx) => Promise<T>): Promise<T> {
  const key = request.idempotencyKey ?? null;
  checkIdempotencyKey(key);
  const hash = requestHash(request.operation, request.input);
  try {
    const committed = await ctx.prisma.$transaction(
      async (tx) => {
        let claimed: number | null = null;
        if (key) {
          const claim = await claimKey<T>(tx, ctx, { scope: idempotencyScope(ctx.principal), key, operation: request.operation, hash });
          if ("replay" in claim) return claim.replay;
          claimed = claim.claimed;
        }
        const written = openWriteLog(tx);
        const result = await work(tx);
        if (claimed !== null) await storeResult(tx, claimed, result);
        await appendAuditEntryIn(tx, writeAuditEntry(ctx, { operation: request.operation, input: request.input, requestHash: hash, records: written }));
        return result;
      },
      { maxWait: 15_000, timeout: request.timeoutMs ?? 120_000 },
    );
    // Keys, grants and policy are cached in every server process (src/access/directory.ts): once
    // the change has committed (not before: a request in between would cache the old value again),
    // this process drops its copy and the others are told (a trigger's NOTIFY, or Redis).
    const topics = MUTATION_TOPICS[request.operation];
    if (topics) ctx.directory.changed(topics);
    // The write's audit entry committed with it, unsealed: the sealer chains it shortly.
    ctx.audit?.scheduleSeal();
    // What it marked for the risk rules (alert_dirty) is evaluated now by this process's worker.
    committedWrite(ctx.prisma);
    return committed;
  } catch (error) {
    // Another writer stored the same natural key first (e.g. two files creating one loan).
    if (isUniqueViolation(error)) throw new ConflictError({ key: "conflict.concurrentKey", params: { target: uniqueTarget(error) } });
    throw error;
  }
}
