// A sweep: every enabled rule evaluated in full (the DAILY and QUARTER_END rules, and a full
// re-check of the WRITE ones, which catches what marks cannot: a TRUNCATE, a deleted row whose
// subject is no longer found), then escalation of overdue alerts, then, when a digest period has
// ended, the period's digests. All in one transaction with the sweep's alert_sweep row, whose
// unique slot is the claim: one process runs a slot, and a crash rolls the claim back with the rest.
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { evaluateRules, type EvaluationSummary } from "./evaluate.ts";
import { escalateOverdue } from "./escalation.ts";
import { sweepFeedbackDeadlines } from "../notices/deadlines.ts";
import { emitDigests } from "./digest.ts";
import { lockRules } from "./rule-locks.ts";
import { SHIPPED_RULES } from "./rules/catalogue.ts";
import { endedPeriod, type DigestKind } from "./sweep-slots.ts";

export interface SweepResult extends EvaluationSummary {
  slot: string;
  businessDate: string;
  escalated: number;
  /** the period whose digests were emitted, if one had ended */
  digestPeriod: string | null;
  digests: number;
  ms: number;
}

export interface SweepOptions {
  slot: string;
  businessDate: string;
  digest: DigestKind | null;
}

/**
 * Evaluates every enabled rule (or those `codes` names) in `tx`, under the rules' locks. Only rules
 * whose code has shipped SQL: a row added by other means (psql, a test) has nothing to evaluate, and
 * must not stop the sweep of every other rule.
 */
export async function evaluateAll(tx: Prisma.TransactionClient, businessDate: string, codes?: readonly string[]): Promise<EvaluationSummary> {
  const shipped = SHIPPED_RULES.map((r) => r.code).filter((code) => !codes || codes.includes(code));
  const rules = await tx.riskRule.findMany({ where: { enabled: true, code: { in: shipped } }, orderBy: { id: "asc" } });
  if (!rules.length) return { byRule: [] };
  await lockRules(tx, rules.map((r) => r.id));
  return evaluateRules(tx, { rules, businessDate });
}

/** Runs the slot's sweep, or returns null when another process has run it (or is running it: then after it commits). */
export async function runSweep(prisma: PrismaClient, options: SweepOptions): Promise<SweepResult | null> {
  const started = performance.now();
  return prisma.$transaction(
    async (tx) => {
      // Waits for a concurrent claim of the same slot to end: skipped if it committed, ours if it rolled back.
      const claimed = await tx.$queryRawUnsafe<{ id: number }[]>(
        `INSERT INTO alert_sweep (slot, business_date, finished_at, summary) VALUES ($1, $2::date, now(), '{}')
         ON CONFLICT (slot) DO NOTHING RETURNING id`,
        options.slot,
        options.businessDate,
      );
      if (!claimed.length) return null;
      const summary = await evaluateAll(tx, options.businessDate);
      const escalated = await escalateOverdue(tx, options.businessDate);
      // Issue 10: overdue disputes escalate, overdue punishment feedback is told (src/notices/deadlines.ts).
      const feedback = await sweepFeedbackDeadlines(tx, options.businessDate);
      const digestPeriod = options.digest ? endedPeriod(options.businessDate, options.digest) : null;
      // Idempotent per (period, agency): a second sweep after the same period end emits nothing more.
      const digests = digestPeriod ? await emitDigests(tx, digestPeriod) : 0;
      const result: SweepResult = { slot: options.slot, businessDate: options.businessDate, ...summary, escalated, digestPeriod, digests, ms: Math.round(performance.now() - started) };
      await tx.$executeRawUnsafe(
        "UPDATE alert_sweep SET finished_at = clock_timestamp(), digest_period = $2, summary = $3::jsonb WHERE id = $1",
        claimed[0]!.id,
        digestPeriod,
        JSON.stringify({ byRule: result.byRule, escalated, digests, feedback, ms: result.ms }),
      );
      return result;
    },
    // Scale 10 sweeps in seconds; a stuck one is still stopped (and rolled back, so it runs again).
    { maxWait: 60_000, timeout: 30 * 60_000 },
  );
}
