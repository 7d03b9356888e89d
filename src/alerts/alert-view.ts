// An alert as JSON, exactly as one principal may see it: null when the alert is not visible to it
// (visibility.ts), the evidence items and the subject's key and name shown, masked or left out as
// their fields are in the graph. Webhook bodies and subscription payloads are built with it, so a
// delivered event never carries more than the recipient could have queried.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import { decide, type AccessState, type Decision } from "../access/policy/decide.ts";
import type { ResourceName } from "../access/policy/matrix.ts";
import { alertVisibleTo, rememberRules } from "./visibility.ts";
import { evidenceItems, indicatorKinds, viewEvidence, type EvidenceRecord } from "./evidence.ts";
import { subjectValue } from "./subject.ts";
import { isOverdue } from "./overdue.ts";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export interface AlertPayloadOptions {
  /** the business date for `overdue` (YYYY-MM-DD); default: the alert's deadlines are compared with today's date */
  businessDate?: string;
  /** receives the records of sensitive resources the payload carries (for the recipient's audit) */
  onRecord?: (record: EvidenceRecord) => void;
}

/** What alertPayload reads: the server's client or a transaction's. */
export type AlertReader = Pick<PrismaClient, "alert" | "indicatorValue">;

export async function alertPayload(prisma: AlertReader, principal: Pick<Principal, "agency" | "countyCode">, state: AccessState, alertId: number, options: AlertPayloadOptions = {}): Promise<object | null> {
  const alert = await prisma.alert.findUnique({ where: { id: alertId }, include: { rule: true } });
  if (!alert) return null;
  rememberRules([alert.rule]);
  if (!alertVisibleTo(principal, state, { ruleId: alert.ruleId, countyCode: alert.countyCode, resources: alert.rule.resources })) return null;
  const decisions = new Map<ResourceName, Decision>();
  const decision = (r: ResourceName) => {
    let d = decisions.get(r);
    if (!d) decisions.set(r, (d = decide(state, principal, r)));
    return d;
  };
  const items = evidenceItems(alert.evidence);
  const { shown, records } = viewEvidence(items, await indicatorKinds(prisma, items), decision);
  for (const r of records) options.onRecord?.(r);
  const key = subjectValue(alert.subjectType, "key", alert.subjectKey, decision);
  const name = subjectValue(alert.subjectType, "name", alert.subjectName, decision);
  const businessDate = options.businessDate ?? new Date().toISOString().slice(0, 10);
  return {
    id: encodeGlobalID("Alert", alert.id),
    alertId: alert.id,
    rule: { code: alert.rule.code, nameZh: alert.rule.nameZh, nameEn: alert.rule.nameEn, clause: alert.rule.clause },
    subjectType: alert.subjectType,
    subjectId: alert.subjectId,
    subjectKey: key.value,
    subjectName: name.value,
    countyCode: alert.countyCode,
    period: alert.period,
    status: alert.status,
    severity: alert.severity,
    evidence: shown,
    assignedAgencies: alert.assignedAgencies,
    raisedAt: alert.raisedAt.toISOString(),
    raisedOn: iso(alert.raisedOn),
    ackDueOn: iso(alert.ackDueOn),
    disposeDueOn: iso(alert.disposeDueOn),
    overdue: isOverdue(alert, businessDate),
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    escalatedAt: alert.escalatedAt?.toISOString() ?? null,
    closedAt: alert.closedAt?.toISOString() ?? null,
    closeReason: alert.closeReason,
    autoResolved: alert.autoResolved,
    version: alert.version,
  };
}
