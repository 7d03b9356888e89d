// Looking up the records a risk-disposal write names (an enterprise by USCC, a bank by code),
// each missing one reported as an `exists` issue on its field.
import type { Tx } from "../writes/write.ts";
import type { IssueCollector } from "../writes/rules.ts";
import type { Localized } from "../i18n/index.ts";

type Path = (string | number)[];

export async function enterpriseByUscc(tx: Tx, uscc: string | null | undefined, path: Path, issues: IssueCollector) {
  if (uscc == null) return null;
  const row = await tx.enterprise.findUnique({ where: { uscc }, select: { id: true, isZombie: true, countyCode: true } });
  if (!row) issues.add(path, "exists", "exists.enterpriseUscc", { uscc: uscc });
  return row;
}

const BANK_KINDS = ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];

/** An institution by code that must be of one of `kinds` (by default a bank). */
export async function institutionByCode(tx: Tx, code: string, path: Path, issues: IssueCollector, kinds = BANK_KINDS, what: Localized = { key: "institutionKind.bank" }) {
  const row = await tx.institution.findUnique({ where: { code }, select: { id: true, kind: true, countyCode: true } });
  if (!row) issues.add(path, "exists", "exists.institutionCode", { code });
  else if (!kinds.includes(row.kind)) issues.add(path, "institutionKind", "institutionKind", { code, kind: row.kind, what });
  return row && kinds.includes(row.kind) ? row : null;
}
