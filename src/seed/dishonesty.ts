// Dishonesty records (失信记录) on the five lists, their change log and joint-punishment measures.
// Records are numbered in the order of their latest change, so `changeSeq` = id and the change
// log reads in time order, as the incremental feed to the credit platform expects.
import type { DishonestyStatus, SubjectType } from "../generated/prisma/client.ts";
import { LISTS, LIST_KEYS, MEASURES } from "./dishonesty-lists.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, addDays, addYears, beijing, dateBetween, minDate, yearOf } from "./calendar.ts";
import { DocumentCounter } from "./ids.ts";
import { scaled } from "./numbers.ts";
import { type EnterpriseProfile, troubleWeight } from "./enterprises.ts";
import type { PersonBook } from "./persons.ts";
import { COUNTY_CODES, COUNTY_WEIGHTS } from "./places.ts";
import { provenance } from "./provenance.ts";
import { type LoanFact, isNonPerforming } from "./loans.ts";

interface Draft {
  subjectType: SubjectType;
  enterpriseId: number | null;
  personId: number | null;
  countyCode: string;
  list: (typeof LIST_KEYS)[number];
  sourceAgency: string;
  decidedBy: string;
  series: string;
  format: (year: number, n: number) => string;
  reason: string;
  listedOn: Date;
  expiresOn: Date | null;
  status: DishonestyStatus;
  statusChangedOn: Date | null;
  reportedAt: Date;
  changedAt: Date;
}

export type DishonestySet = Pick<DemoData, "dishonestyRecord" | "dishonestyRecordChange" | "jointPunishmentMeasure">;

export function generateDishonesty(rng: Random, scale: number, profiles: readonly EnterpriseProfile[], persons: PersonBook, loans: readonly LoanFact[]): DishonestySet {
  const firmPicker = new WeightedIndex(profiles.map((p) => (p.platform !== null ? 0 : troubleWeight(p))));
  // 逃废债 is refusing to repay a bank: most firms on that list are the borrowers of bad loans.
  const badBorrowers = [...new Set(loans.filter((l) => isNonPerforming(l.classification)).map((l) => l.borrowerId))].sort((a, b) => a - b);
  const lastListing = addDays(AS_OF, -5);

  const drafts: Draft[] = Array.from({ length: scaled(3000, scale, 30) }, () => {
    const subjectType: SubjectType = rng.chance(0.7) ? "ENTERPRISE" : "PERSON";
    let enterpriseId: number | null = null;
    let personId: number | null = null;
    let countyCode: string;
    // Recent listings outnumber old ones; the oldest go back to 2015.
    const listedOn = minDate(lastListing, addDays(lastListing, -Math.floor(Math.min(1450, -Math.log(1 - rng.next()) * 500))));
    const listedAt = beijing(listedOn, 10);
    if (subjectType === "ENTERPRISE") {
      const p = profiles[firmPicker.draw(rng)]!;
      enterpriseId = p.id;
      countyCode = p.countyCode;
    } else if (rng.chance(0.5)) {
      // the legal representative of a troubled firm
      const p = profiles[firmPicker.draw(rng)]!;
      personId = p.legalRepId;
      countyCode = persons.get(personId).countyCode!;
    } else {
      countyCode = rng.weighted(COUNTY_CODES, COUNTY_CODES.map((c) => COUNTY_WEIGHTS[c]!));
      personId = persons.add({ countyCode, owner: "DEVELOPMENT_REFORM", reportedAt: listedAt, bornFrom: 1955, bornTo: 1998 });
    }
    const list = rng.weighted(LIST_KEYS, LIST_KEYS.map((k) => (subjectType === "ENTERPRISE" ? LISTS[k].enterpriseWeight : LISTS[k].personWeight)));
    if (list === "DEBT_EVASION" && subjectType === "ENTERPRISE" && badBorrowers.length > 0 && rng.chance(0.85)) {
      const p = profiles[rng.pick(badBorrowers) - 1]!;
      enterpriseId = p.id;
      countyCode = p.countyCode;
    }
    const spec = LISTS[list];
    const issuer = spec.issuer(rng, countyCode);
    const years = spec.years(rng);
    const expiresOn = years === null ? null : addYears(listedOn, years);
    let status: DishonestyStatus = "ACTIVE";
    let statusChangedOn: Date | null = null;
    const repairFrom = addDays(listedOn, 90);
    if (expiresOn && expiresOn.getTime() <= AS_OF.getTime()) {
      if (rng.chance(0.3) && repairFrom.getTime() < expiresOn.getTime()) {
        status = "REPAIRED";
        statusChangedOn = dateBetween(rng, repairFrom, addDays(expiresOn, -1));
      } else {
        status = "EXPIRED";
        statusChangedOn = expiresOn;
      }
    } else {
      const r = rng.next();
      if (r < 0.1 && repairFrom.getTime() < AS_OF.getTime()) {
        status = "REPAIRED";
        statusChangedOn = dateBetween(rng, repairFrom, AS_OF);
      } else if (r < 0.14) {
        status = "REVOKED";
        statusChangedOn = minDate(AS_OF, addDays(listedOn, rng.int(10, 200)));
      }
    }
    const reportedAt = beijing(addDays(listedOn, rng.int(1, 3)), 10);
    const changedAt = statusChangedOn ? beijing(statusChangedOn, 16) : reportedAt;
    return {
      subjectType,
      enterpriseId,
      personId,
      countyCode,
      list,
      sourceAgency: issuer.sourceAgency,
      decidedBy: issuer.decidedBy,
      series: issuer.series,
      format: issuer.format,
      reason: rng.pick(spec.reasons)(rng),
      listedOn,
      expiresOn,
      status,
      statusChangedOn,
      reportedAt,
      changedAt: changedAt.getTime() < reportedAt.getTime() ? reportedAt : changedAt,
    };
  });

  // Document numbers rise with the listing date within each issuer's yearly series.
  const numbers = new DocumentCounter(rng);
  const byListing = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.listedOn.getTime() - b.d.listedOn.getTime() || a.i - b.i);
  const documentNo = new Array<string>(drafts.length);
  for (const { d, i } of byListing) {
    const year = yearOf(d.listedOn);
    documentNo[i] = d.format(year, numbers.next(d.series, year, d.list === "COURT_JUDGMENT_DEBTOR" ? 25 : 4));
  }
  const order = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.changedAt.getTime() - b.d.changedAt.getTime() || a.i - b.i);

  const out: DishonestySet = { dishonestyRecord: [], dishonestyRecordChange: [], jointPunishmentMeasure: [] };
  order.forEach(({ d, i }, index) => {
    const id = index + 1;
    const doc = documentNo[i]!;
    out.dishonestyRecord.push({
      id,
      documentNo: doc,
      subjectType: d.subjectType,
      enterpriseId: d.enterpriseId,
      personId: d.personId,
      countyCode: d.countyCode,
      list: d.list,
      sourceAgency: d.sourceAgency,
      decidedBy: d.decidedBy,
      reason: d.reason,
      listedOn: d.listedOn,
      expiresOn: d.expiresOn,
      status: d.status,
      statusChangedOn: d.statusChangedOn,
      changeSeq: BigInt(id),
      deletedAt: null,
      ...provenance("DEVELOPMENT_REFORM", d.reportedAt),
      updatedAt: d.changedAt,
    });
    out.dishonestyRecordChange.push({
      seq: BigInt(id),
      recordId: id,
      documentNo: doc,
      kind: d.status === "ACTIVE" ? "UPSERT" : "TOMBSTONE",
      status: d.status,
      changedAt: d.changedAt,
      changedBy: "seed",
    });
    if (d.status === "ACTIVE") {
      for (const [agency, measure] of rng.sample(MEASURES[d.subjectType], rng.int(1, 3))) {
        out.jointPunishmentMeasure.push({
          id: out.jointPunishmentMeasure.length + 1,
          recordId: id,
          agency,
          measure,
          appliedOn: minDate(AS_OF, addDays(d.listedOn, rng.int(3, 30))),
        });
      }
    }
  });
  return out;
}

export const dishonestyCounter = (records: DemoData["dishonestyRecord"]): DemoData["changeCounter"] => [
  { name: "dishonesty", value: BigInt(records.length) },
];
