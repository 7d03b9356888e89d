// A natural person named in a write (a dishonesty subject, a fundraising informant): validated,
// checked against the person registry, and registered when new. A person already on the platform
// (e.g. a legal representative registered by market regulation) is left as its owner wrote it.
import { z } from "zod";
import type { Agency, Person } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { text, type IssueCollector } from "../writes/rules.ts";
import { checkIdNumber } from "../enterprise/id-number.ts";
import { countyOf } from "../writes/county.ts";

const phone = z.string().regex(/^1[3-9]\d{9}$/, { message: "must be an 11-digit mobile number starting 13–19" });

export const personSchema = (options: { phoneRequired: boolean }) =>
  z.object({
    name: text(50),
    idNumber: z.string().superRefine((v, ctx) => {
      const problem = checkIdNumber(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { rule: problem.rule } });
    }),
    phone: options.phoneRequired ? phone : phone.nullish(),
    county: z.string().nullish(),
  });

export type PersonData = z.output<ReturnType<typeof personSchema>>;
type RawPerson = { name?: string | null; idNumber?: string | null; county?: string | null } | null | undefined;

export interface PersonLookup {
  existing: Person | null;
  /** the person's county: registered, else given, else the ID number's division when it is one of the city's counties */
  countyCode: string | null;
}

/** Looks the person up and resolves the county, adding an issue for each mismatch. */
export async function lookUpPerson(tx: Tx, raw: RawPerson, path: (string | number)[], issues: IssueCollector): Promise<PersonLookup> {
  if (!raw?.idNumber) return { existing: null, countyCode: null };
  const [existing, counties, given] = await Promise.all([
    tx.person.findUnique({ where: { idNumber: raw.idNumber } }),
    tx.county.findMany({ where: { isCity: false }, select: { code: true } }),
    countyOf(tx, raw.county, [...path, "county"], issues),
  ]);
  const known = new Set(counties.map((c) => c.code));
  if (existing && raw.name && existing.name !== raw.name.trim()) {
    issues.add([...path, "name"], "matchesRegistry", "matchesRegistry.name");
  }
  if (given && existing?.countyCode && given.code !== existing.countyCode) {
    issues.add([...path, "county"], "matchesRegistry", "matchesRegistry.county");
  }
  const fromId = raw.idNumber.slice(0, 6);
  const countyCode = existing?.countyCode ?? given?.code ?? (known.has(fromId) ? fromId : null);
  return { existing, countyCode };
}

/** The person's id, registering the person (owned by `owner`) when new. */
export async function ensurePerson(tx: Tx, ctx: GraphContext, data: PersonData, lookup: PersonLookup, owner: Agency): Promise<number> {
  if (lookup.existing) return lookup.existing.id;
  const person = await tx.person.create({
    data: { name: data.name, idNumber: data.idNumber, phone: data.phone ?? null, countyCode: lookup.countyCode, ownerAgency: owner, reportedAt: ctx.now },
  });
  return person.id;
}
