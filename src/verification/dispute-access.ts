// Who sees a dispute: the agency that raised it (its county, for a county government), the
// record's owner, and FINANCE_BUREAU (which the overdue ones escalate to).
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import { localizedError } from "../i18n/index.ts";

export function disputesVisibleTo(p: Pick<Principal, "agency" | "countyCode">): Prisma.RecordDisputeWhereInput {
  if (p.agency === "FINANCE_BUREAU") return {};
  const raised = p.agency === "COUNTY" ? { agency: p.agency, countyCode: p.countyCode } : { agency: p.agency };
  return { OR: [raised, { ownerAgency: p.agency }] };
}

export function disputeNumber(id: string, arg = "id"): number {
  try {
    const { typename, id: raw } = decodeGlobalID(id);
    const n = Number(raw);
    if (typename === "RecordDispute" && Number.isInteger(n) && n > 0) return n;
  } catch {
    // the error below names the argument
  }
  throw localizedError("verification.badDisputeId", { argument: arg, id: JSON.stringify(id) }, { code: "BAD_USER_INPUT", argument: arg });
}
