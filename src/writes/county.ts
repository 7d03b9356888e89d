// The county a write names, in the forms filters take (src/reference/places.ts): its division
// code (441704) or its name (阳东区). Writes that record a government level also take the city
// (441700, 阳江市). The record always stores the code.
import type { County } from "../generated/prisma/client.ts";
import type { IssueCollector } from "./rules.ts";
import type { Tx } from "./write.ts";

/** The field description of a county input; `city` for inputs that take the city too. */
export function countyInputDoc(what: string, city = false): string {
  return city
    ? `${what}: the city (441700 or 阳江市) or a county, as a division code (441704) or name (阳东区).`
    : `${what}, as a division code (441704) or name (阳东区).`;
}

/**
 * The county named by `given`, or null: when nothing was given, or (with an issue at `path`)
 * when no county has that code or name, or it names the city where only a county may stand.
 */
export async function countyOf(tx: Tx, given: string | null | undefined, path: (string | number)[], issues: IssueCollector, { city = false } = {}): Promise<County | null> {
  if (given == null) return null;
  const name = given.trim();
  const county = await tx.county.findFirst({ where: /^\d{6}$/.test(name) ? { code: name } : { name } });
  if (county && (city || !county.isCity)) return county;
  if (county) issues.add(path, "exists", "county.notCity");
  else issues.add(path, "exists", city ? "exists.governmentLevel" : "exists.county", { given });
  return null;
}
