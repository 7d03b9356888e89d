// One evaluation of a rule at a time, across every process and path (the worker, the sweep, the
// on-demand mutation). The engine raises an alert where it finds none live: two transactions
// evaluating one rule at once could each find none and each raise one (the unique index then
// fails one of them), or resolve what the other just raised. A transaction-scoped advisory lock
// per rule, taken in rule-id order (so two evaluations never wait on each other in a cycle),
// makes the second wait for the first to commit; under READ COMMITTED its statements then see
// what the first wrote. PGlite is one session, where the locks are granted at once.
import type { Prisma } from "../generated/prisma/client.ts";

/** The first key of the two-key advisory locks: 12, the issue that introduced them. */
const NAMESPACE = 12;

export async function lockRules(tx: Prisma.TransactionClient, ruleIds: readonly number[]): Promise<void> {
  for (const id of [...new Set(ruleIds)].sort((a, b) => a - b)) {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${NAMESPACE}, $1::int)`, id);
  }
}
