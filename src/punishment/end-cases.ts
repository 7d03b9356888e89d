// Credit repair (信用修复), revocation, expiry or deletion of a dishonesty record ends its open
// punishment cases, in the change's transaction; the agencies acting on them (every part not
// declined) are returned so that the change's notice reaches them whether or not they read the
// record (src/notices/notify.ts: one notice per agency per change, listing the ended cases).
import type { Agency } from "../generated/prisma/client.ts";
import type { Tx } from "../writes/write.ts";
import { recordKey } from "../access/audit/chain.ts";
import type { ExtraRecipients } from "../notices/notify.ts";

export async function endOpenCases(tx: Tx, recordId: number, reason: string, at: Date): Promise<ExtraRecipients> {
  const cases = await tx.punishmentCase.findMany({ where: { recordId, status: "OPEN" }, include: { tasks: true }, orderBy: { id: "asc" } });
  if (!cases.length) return new Map();
  const ids = cases.map((c) => c.id);
  await tx.punishmentCase.updateMany({ where: { id: { in: ids } }, data: { status: "ENDED", endedAt: at, endReason: reason, version: { increment: 1 } } });
  await tx.punishmentTask.updateMany({ where: { caseId: { in: ids }, status: { in: ["ASKED", "ACCEPTED", "FED_BACK"] } }, data: { status: "ENDED", endedAt: at } });
  const acting = new Map<Agency, number[]>();
  for (const c of cases) for (const task of c.tasks) if (task.status !== "DECLINED") acting.set(task.agency, [...(acting.get(task.agency) ?? []), c.id]);
  return new Map([[recordKey("DishonestyRecord", recordId), [...acting].map(([agency, caseIds]) => ({ agency, countyCode: null, caseIds }))]]);
}
