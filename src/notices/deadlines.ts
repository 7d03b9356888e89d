// The feedback loop's deadlines, swept with the alerts (src/alerts/sweep.ts, same transaction):
// overdue disputes escalate to FINANCE_BUREAU, overdue punishment feedback is told to the initiator
// and FINANCE_BUREAU. Each once; a repeated sweep finds nothing new.
import type { Prisma } from "../generated/prisma/client.ts";
import { escalateOverdueDisputes } from "../verification/escalation.ts";
import { notifyOverdueFeedback } from "../punishment/overdue.ts";

export async function sweepFeedbackDeadlines(tx: Prisma.TransactionClient, businessDate: string): Promise<{ disputes: number; feedback: number }> {
  return { disputes: await escalateOverdueDisputes(tx, businessDate), feedback: await notifyOverdueFeedback(tx, businessDate) };
}
