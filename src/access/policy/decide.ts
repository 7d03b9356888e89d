// Who may read what, for one request: the shipped matrix, FINANCE_BUREAU's run-time overrides,
// the owner rule, and (for conditional cells) the principal's live grants and stated purpose.
// The overrides and grants come from memory (src/access/directory.ts), not from SQL per request.
import type { AccessGrant } from "../../generated/prisma/client.ts";
import type { Principal } from "../principal.ts";
import type { Localized } from "../../i18n/index.ts";
import { COLUMNS, MATRIX, shippedCell, type Column, type ResourceName, type Sharing } from "./matrix.ts";

/** The policy column a principal falls in. */
export function columnOf(principal: Pick<Principal, "agency">): Column {
  return principal.agency as Column;
}

export interface AccessState {
  /** overrides of the shipped matrix, "resource|column" → sharing class */
  overrides: Map<string, Sharing>;
  /** the principal's grants live now, by resource */
  grants: Map<string, AccessGrant[]>;
  /** the purpose the request states (X-Purpose header), if any */
  purpose: string | null;
}

/** The sharing class of a resource for a principal, before grants: owners always read their own. */
export function sharingOf(state: Pick<AccessState, "overrides">, principal: Pick<Principal, "agency">, resource: ResourceName): Sharing {
  if ((MATRIX[resource].owners as readonly string[]).includes(principal.agency)) return "READ";
  const column = columnOf(principal);
  return state.overrides.get(`${resource}|${column}`) ?? shippedCell(resource, column);
}

export type Decision =
  | { allow: true; mask: boolean; purpose: string | null; /** the grant a conditional read is made under */ grant?: AccessGrant }
  | { allow: false; sharing: Sharing; reason: string; /** the refusal's message (src/i18n/catalogue.ts) */ message: Localized };

/**
 * The decision for reading a resource now. A conditional resource opens only with a live grant
 * whose purpose the request states (header X-Purpose); the grant's purpose goes to the audit.
 */
export function decide(state: AccessState, principal: Pick<Principal, "agency">, resource: ResourceName): Decision {
  const sharing = sharingOf(state, principal, resource);
  switch (sharing) {
    case "READ":
      return { allow: true, mask: false, purpose: null };
    case "MASK":
      return { allow: true, mask: true, purpose: null };
    case "DENY":
      return { allow: false, sharing, reason: `${resource} is not shared with ${columnOf(principal)}`, message: { key: "access.notShared", params: { resource, column: columnOf(principal) } } };
    case "CONDITIONAL": {
      const grants = state.grants.get(resource) ?? [];
      if (!grants.length) return { allow: false, sharing, reason: `${resource} is shared on request only: request access with requestAccess and wait for the owner's approval`, message: { key: "access.onRequest", params: { resource } } };
      const match = grants.find((g) => g.purpose === state.purpose);
      if (!match) return { allow: false, sharing, reason: `${resource} is granted for a stated purpose: send it in the X-Purpose header`, message: { key: "access.needsPurpose", params: { resource } } };
      return { allow: true, mask: false, purpose: match.purpose, grant: match };
    }
  }
}

export { COLUMNS };
