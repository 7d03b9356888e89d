// Who is asking: every request carries a principal, resolved from its bearer credential.
import type { Agency, PrincipalKind } from "../generated/prisma/client.ts";

export interface Principal {
  agency: Agency;
  /** set for county-government principals (agency COUNTY): the county's division code */
  countyCode: string | null;
  /** the system or user name the key was issued to */
  name: string;
  /** SYSTEM: an agency system (machine); USER: an analyst */
  kind: PrincipalKind;
  /** the API key's public prefix, for logs and audit (never the secret) */
  keyPrefix: string;
  /**
   * the systems (folders clients/<system>/) whose registered operations a SYSTEM principal may
   * run where trusted operations are enforced; none (absent or empty): no registered operation
   */
  systems?: readonly string[];
}

/** The label used in demo-keys.json and logs: the agency code, or COUNTY:<county name>. */
export function principalLabel(agency: Agency, countyName?: string | null): string {
  return agency === "COUNTY" ? `COUNTY:${countyName ?? "?"}` : agency;
}
