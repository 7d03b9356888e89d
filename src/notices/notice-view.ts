// What a recipient sees of a notice, in the graph and in a webhook body: the record's global id
// and type, the field names and the change. The record's key is a value of the record, so it is
// shown only while the recipient may still read the record's resource in clear.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Notice } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import { decide, type AccessState } from "../access/policy/decide.ts";
import { TYPE_RESOURCES } from "../access/policy/resources.ts";
import type { ResourceName } from "../access/policy/matrix.ts";

/** Is the notice addressed to this principal (its agency; a county government: its county)? */
export const noticeFor = (n: Pick<Notice, "agency" | "countyCode">, p: Pick<Principal, "agency" | "countyCode">) =>
  n.agency === p.agency && (p.agency !== "COUNTY" || n.countyCode === p.countyCode);

/** The Prisma filter of a principal's notices. */
export const noticesOf = (p: Pick<Principal, "agency" | "countyCode">) => ({ agency: p.agency, ...(p.agency === "COUNTY" ? { countyCode: p.countyCode } : {}) });

/** The record's key when the principal may still read its resource in clear, else null. */
export function visibleKey(n: Pick<Notice, "entityType" | "entityKey">, principal: Principal, state: AccessState): string | null {
  const resource = TYPE_RESOURCES[n.entityType] as ResourceName | undefined;
  if (!resource) return null;
  const d = decide(state, principal, resource);
  return d.allow && !d.mask ? n.entityKey : null;
}

export const recordGlobalId = (n: Pick<Notice, "entityType" | "entityId">) => encodeGlobalID(n.entityType, n.entityId);

/** A webhook body's `data` for a notice; null when the notice is not the principal's. */
export function noticePayload(n: Notice, principal: Principal, state: AccessState) {
  if (!noticeFor(n, principal)) return null;
  return {
    noticeId: n.id,
    kind: n.kind,
    recordType: n.entityType,
    record: recordGlobalId(n),
    recordKey: visibleKey(n, principal, state),
    fields: n.fields,
    dispute: n.disputeId ? encodeGlobalID("RecordDispute", n.disputeId) : null,
    punishmentCase: n.caseId ? encodeGlobalID("PunishmentCase", n.caseId) : null,
    endedCases: n.endedCaseIds.map((id) => encodeGlobalID("PunishmentCase", id)),
    createdAt: n.createdAt.toISOString(),
  };
}
