// Overdue feedback on punishment cases: each asked agency's part still open past the case's
// deadline is told, once, to the initiator and FINANCE_BUREAU (and the late agency itself), by the
// alert runner's sweep (src/alerts/sweep.ts). The `overdue` fields show it at any time.
import type { Prisma } from "../generated/prisma/client.ts";
import { FEEDBACK_TOPIC, insertNotices, type NoticeDraft } from "../notices/notify.ts";

export async function notifyOverdueFeedback(tx: Prisma.TransactionClient, businessDate: string): Promise<number> {
  const due = new Date(`${businessDate}T00:00:00Z`);
  const late = await tx.punishmentTask.updateManyAndReturn({
    where: { status: { in: ["ASKED", "ACCEPTED"] }, overdueNotifiedAt: null, case: { status: "OPEN", feedbackDueOn: { lt: due } } },
    data: { overdueNotifiedAt: new Date() },
  });
  if (!late.length) return 0;
  const cases = new Map((await tx.punishmentCase.findMany({ where: { id: { in: late.map((t) => t.caseId) } }, include: { record: { select: { documentNo: true } } } })).map((c) => [c.id, c]));
  const drafts: NoticeDraft[] = late.flatMap((task) => {
    const c = cases.get(task.caseId)!;
    return [...new Set([c.initiator, "FINANCE_BUREAU" as const, task.agency])].map((agency) => ({
      agency, countyCode: null, kind: "FEEDBACK_OVERDUE" as const, entityType: "DishonestyRecord", entityId: c.recordId, entityKey: c.record.documentNo, fields: [], caseId: c.id,
    }));
  });
  await insertNotices(tx, drafts, FEEDBACK_TOPIC);
  return late.length;
}
