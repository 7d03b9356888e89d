// Overdue disputes escalate to FINANCE_BUREAU (and remind the owner): once each, by the sweep of
// the alert runner (src/alerts/sweep.ts), in its transaction. Idempotent: an escalated dispute
// (escalated_at set) is never escalated again, whichever process sweeps.
import type { Prisma } from "../generated/prisma/client.ts";
import { FEEDBACK_TOPIC, insertNotices, type NoticeDraft } from "../notices/notify.ts";

export async function escalateOverdueDisputes(tx: Prisma.TransactionClient, businessDate: string): Promise<number> {
  const due = new Date(`${businessDate}T00:00:00Z`);
  // The UPDATE's row locks make a concurrent sweep wait, then find nothing left to escalate.
  const rows = await tx.recordDispute.updateManyAndReturn({ where: { status: "OPEN", escalatedAt: null, dueOn: { lt: due } }, data: { escalatedAt: new Date() } });
  const drafts: NoticeDraft[] = rows.flatMap((d) =>
    (["FINANCE_BUREAU", d.ownerAgency] as const)
      .filter((agency, i, all) => all.indexOf(agency) === i)
      .map((agency) => ({ agency, countyCode: null, kind: "DISPUTE_OVERDUE" as const, entityType: d.entityType, entityId: d.entityId, entityKey: d.entityKey, fields: d.fields, disputeId: d.id })),
  );
  await insertNotices(tx, drafts, FEEDBACK_TOPIC);
  return rows.length;
}
