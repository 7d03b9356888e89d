// Escalation (docs/early-warning.md): a live alert past its deadline to acknowledge (still OPEN)
// or to dispose is assigned to FINANCE_BUREAU as well, once, with an ESCALATED event (whose
// outbox event the trigger writes). Set-based: one statement for every overdue alert, whatever
// their number; idempotent: an escalated alert (escalated_at set) is never escalated again, so
// the scheduler may call it as often as it likes, from any process.
import type { Prisma } from "../generated/prisma/client.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Escalates every live, overdue, not yet escalated alert; returns how many it escalated. */
export async function escalateOverdue(tx: Prisma.TransactionClient, businessDate: string): Promise<number> {
  if (!DATE.test(businessDate)) throw new Error(`escalateOverdue: businessDate must be YYYY-MM-DD, not ${JSON.stringify(businessDate)}`);
  // The UPDATE's row lock makes a concurrent twin wait and then see escalated_at set: each alert
  // gets one ESCALATED event however many schedulers run.
  const rows = await tx.$queryRawUnsafe<{ n: bigint | number }[]>(
    `WITH due AS (
       UPDATE alert
          SET escalated_at = now(),
              assigned_agencies = CASE WHEN 'FINANCE_BUREAU'::"Agency" = ANY(assigned_agencies) THEN assigned_agencies
                                       ELSE array_append(assigned_agencies, 'FINANCE_BUREAU'::"Agency") END,
              version = version + 1,
              updated_at = now()
        WHERE live AND escalated_at IS NULL
          AND ((status = 'OPEN' AND ack_due_on < $1::date) OR dispose_due_on < $1::date)
       RETURNING id, status, ack_due_on, dispose_due_on
     ), events AS (
       INSERT INTO alert_event (alert_id, kind, from_status, to_status, note)
       SELECT id, 'ESCALATED', status, status,
              CASE WHEN dispose_due_on < $1::date THEN 'deadline to dispose (' || to_char(dispose_due_on, 'YYYY-MM-DD') || ') passed: escalated to FINANCE_BUREAU'
                   ELSE 'deadline to acknowledge (' || to_char(ack_due_on, 'YYYY-MM-DD') || ') passed: escalated to FINANCE_BUREAU' END
         FROM due ORDER BY id
       RETURNING 1
     )
     SELECT count(*) AS n FROM events`,
    businessDate,
  );
  return Number(rows[0]?.n ?? 0);
}
