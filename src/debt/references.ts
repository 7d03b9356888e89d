// Batched look-ups of the records a debt write refers to: one query per kind of reference for a
// whole input (or a whole bank file), never one per row.
import type { InstitutionKind } from "../generated/prisma/client.ts";
import type { Tx } from "../writes/write.ts";

/** The institutions that grant loans (the banking regulator's remit). */
export const BANK_KINDS: readonly InstitutionKind[] = ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];

export interface InstitutionRef {
  id: number;
  code: string;
  kind: InstitutionKind;
}

export interface EnterpriseRef {
  id: number;
  uscc: string;
}

const distinct = (values: readonly (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))];

export async function institutionsByCode(tx: Tx, codes: readonly (string | null | undefined)[]): Promise<Map<string, InstitutionRef>> {
  const wanted = distinct(codes);
  if (!wanted.length) return new Map();
  const rows = await tx.institution.findMany({ where: { code: { in: wanted } }, select: { id: true, code: true, kind: true } });
  return new Map(rows.map((r) => [r.code, r]));
}

export async function enterprisesByUscc(tx: Tx, usccs: readonly (string | null | undefined)[]): Promise<Map<string, EnterpriseRef>> {
  const wanted = distinct(usccs);
  if (!wanted.length) return new Map();
  const rows = await tx.enterprise.findMany({ where: { uscc: { in: wanted } }, select: { id: true, uscc: true } });
  return new Map(rows.map((r) => [r.uscc, r]));
}
