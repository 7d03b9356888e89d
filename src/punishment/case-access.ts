// Who sees a punishment case: its initiator and FINANCE_BUREAU (the coordinator) see every case
// and every agency's part; an asked agency sees the cases it is asked to act on. As a Prisma
// filter, so a case one may not see is never loaded.
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Principal } from "../access/principal.ts";
import { localizedError } from "../i18n/index.ts";

export const COORDINATORS = new Set(["FINANCE_BUREAU", "DEVELOPMENT_REFORM"]);

export function casesVisibleTo(p: Pick<Principal, "agency">): Prisma.PunishmentCaseWhereInput {
  if (COORDINATORS.has(p.agency)) return {};
  return { OR: [{ initiator: p.agency }, { tasks: { some: { agency: p.agency } } }] };
}

/** The number inside a case's global id; a bad id is the client's mistake. */
export function caseNumber(id: string, arg = "id"): number {
  try {
    const { typename, id: raw } = decodeGlobalID(id);
    const n = Number(raw);
    if (typename === "PunishmentCase" && Number.isInteger(n) && n > 0) return n;
  } catch {
    // the error below names the argument
  }
  throw localizedError("punishment.badId", { argument: arg, id: JSON.stringify(id) }, { code: "BAD_USER_INPUT", argument: arg });
}
