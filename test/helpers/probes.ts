// One probe per resource of the sharing policy: an operation reading one field of that resource
// from a known record, and where that record is (its county), so generated tests can ask every
// principal for it and compare with the database.
import type { PrismaClient } from "../../src/generated/prisma/client.ts";
import type { ResourceName } from "../../src/access/policy/matrix.ts";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { testAlert, testRule } from "./alerts.ts";

export interface Probe {
  query: string;
  variables: Record<string, unknown>;
  /** path to the probed value in `data` */
  path: (string | number)[];
  /** the value in clear, from the database */
  expected: unknown;
  /** the county of the record (for the COUNTY column, that county's government asks) */
  county: string;
}

const ISO_DATE = (d: Date) => d.toISOString().slice(0, 10);

export async function buildProbes(db: PrismaClient): Promise<Partial<Record<ResourceName, Probe>>> {
  const enterprise = await db.enterprise.findFirstOrThrow({
    where: { legalRepresentativeId: { not: null }, statements: { some: { periodType: "ANNUAL" } }, creditEvaluations: { some: {} } },
    include: { legalRepresentative: true, statements: { where: { periodType: "ANNUAL" }, orderBy: { periodEnd: "desc" }, take: 1 }, creditEvaluations: { orderBy: { id: "asc" }, take: 1 } },
    orderBy: { id: "asc" },
  });
  const E = { query: "", variables: { u: enterprise.uscc }, county: enterprise.countyCode };
  const loan = await db.loan.findFirstOrThrow({ where: { retiredAt: null }, include: { borrower: true }, orderBy: { id: "asc" } });
  const plan = await db.deleveragingPlan.findFirstOrThrow({ where: { retiredAt: null }, include: { enterprise: true }, orderBy: { id: "asc" } });
  const guarantee = await db.guarantee.findFirstOrThrow({ where: { retiredAt: null }, include: { borrower: true, guarantor: true }, orderBy: { id: "asc" } });
  const bond = await db.bond.findFirstOrThrow({ where: { retiredAt: null }, include: { issuer: true }, orderBy: { id: "asc" } });
  const inspection = await db.bondInspection.findFirstOrThrow({ where: { retiredAt: null }, include: { bond: { include: { issuer: true } } }, orderBy: { id: "asc" } });
  const debt = await db.governmentDebt.findFirstOrThrow({ where: { retiredAt: null, county: { isCity: false } }, orderBy: { id: "asc" } });
  const institutionOf = (kinds: string[]) =>
    // one that reports indicators: national banks' branches report none (their head offices do)
    db.institution.findFirstOrThrow({ where: { kind: { in: kinds as never }, indicators: { some: {} } }, include: { indicators: { orderBy: [{ periodEnd: "desc" }, { id: "asc" }], take: 1 } }, orderBy: { id: "asc" } });
  const bank = await institutionOf(["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"]);
  const localOrg = await institutionOf(["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"]);
  const market = await institutionOf(["SECURITIES", "FUTURES", "INSURER"]);
  const line = await db.watchLine.findFirstOrThrow({ where: { indicator: "LEVERAGE_RATIO" }, orderBy: { id: "asc" } });
  const venue = await db.tradingVenue.findFirstOrThrow({ orderBy: { id: "asc" } });
  const record = await db.dishonestyRecord.findFirstOrThrow({ where: { deletedAt: null, subjectType: "PERSON" }, include: { person: true }, orderBy: { id: "asc" } });
  const clue = await db.fundraisingClue.findFirstOrThrow({ where: { retiredAt: null, informantId: { not: null } }, include: { informant: true }, orderBy: { id: "asc" } });
  const trust = await db.trustProduct.findFirstOrThrow({ where: { retiredAt: null }, include: { borrower: true }, orderBy: { id: "asc" } });
  const disposal = await db.nplDisposal.findFirstOrThrow({ where: { retiredAt: null, borrowerId: { not: null } }, include: { borrower: true }, orderBy: { id: "asc" } });
  const listing = await db.zombieAssetListing.findFirstOrThrow({ where: { retiredAt: null }, include: { enterprise: true }, orderBy: { id: "asc" } });
  const pilot = await db.pilotLoan.findFirstOrThrow({ where: { retiredAt: null }, include: { bank: true }, orderBy: { id: "asc" } });
  const complaint = await db.complaint.findFirstOrThrow({ where: { retiredAt: null, complainantIdNumber: { not: null } }, orderBy: { id: "asc" } });
  const controller = await db.actualController.findFirstOrThrow({ where: { retiredAt: null }, include: { enterprise: true }, orderBy: { id: "asc" } });
  const report = await db.progressReport.findFirstOrThrow({ where: { agency: "COUNTY" }, orderBy: { id: "asc" } });
  // Early warning: a rule every agency may read, and an alert of a rule reading only what every
  // agency reads (registration), on the probed enterprise: every principal sees it (a county, in its county).
  const rule = await testRule(db, { code: "PROBE_REGISTRATION_RULE", resources: ["enterprise.registration"] });
  const alert =
    (await db.alert.findFirst({ where: { ruleId: rule.id, subjectId: enterprise.id } })) ??
    (await testAlert(db, { ruleId: rule.id, subjectId: enterprise.id, subjectKey: enterprise.uscc, subjectName: enterprise.name, countyCode: enterprise.countyCode, period: "PROBE" }));
  const indicator = (i: typeof bank) => ({
    query: `query($c: String!) { institution(code: $c) { indicators(first: 1) { nodes { value } } } }`,
    variables: { c: i.code },
    path: ["institution", "indicators", "nodes", 0, "value"],
    expected: i.indicators[0]!.value.toFixed(),
    county: i.countyCode,
  });
  return {
    "enterprise.registration": { ...E, query: `query($u: String!) { enterprise(uscc: $u) { name } }`, path: ["enterprise", "name"], expected: enterprise.name },
    "person.identity": { ...E, query: `query($u: String!) { enterprise(uscc: $u) { legalRepresentative { name } } }`, path: ["enterprise", "legalRepresentative", "name"], expected: enterprise.legalRepresentative!.name },
    "person.identifiers": { ...E, query: `query($u: String!) { enterprise(uscc: $u) { legalRepresentative { idNumber } } }`, path: ["enterprise", "legalRepresentative", "idNumber"], expected: enterprise.legalRepresentative!.idNumber },
    "enterprise.statements": { ...E, query: `query($u: String!) { enterprise(uscc: $u) { latestStatement { totalAssets } } }`, path: ["enterprise", "latestStatement", "totalAssets"], expected: enterprise.statements[0]!.totalAssets.toFixed() },
    "credit.evaluations": { ...E, query: `query($u: String!) { enterprise(uscc: $u) { creditEvaluations(first: 1) { nodes { grade } } } }`, path: ["enterprise", "creditEvaluations", "nodes", 0, "grade"], expected: enterprise.creditEvaluations[0]!.grade },
    "debt.loans": { query: `query($c: String!) { loan(contractNo: $c) { amount } }`, variables: { c: loan.contractNo }, path: ["loan", "amount"], expected: loan.amount.toFixed(), county: loan.borrower.countyCode },
    "debt.monitoring": { query: `query($p: String!) { deleveragingPlan(planNo: $p) { measures } }`, variables: { p: plan.planNo }, path: ["deleveragingPlan", "measures"], expected: plan.measures, county: plan.enterprise.countyCode },
    "debt.guarantees": { query: `query($c: String!) { guarantee(contractNo: $c) { amount } }`, variables: { c: guarantee.contractNo }, path: ["guarantee", "amount"], expected: guarantee.amount.toFixed(), county: guarantee.borrower.countyCode },
    "bonds.repayment": { query: `query($c: String!) { bond(code: $c) { amount } }`, variables: { c: bond.code }, path: ["bond", "amount"], expected: bond.amount.toFixed(), county: bond.issuer.countyCode },
    "bonds.inspections": { query: `query($c: String!) { bondInspection(inspectionNo: $c) { conclusion } }`, variables: { c: inspection.inspectionNo }, path: ["bondInspection", "conclusion"], expected: inspection.conclusion, county: inspection.bond.issuer.countyCode },
    "government.debt": { query: `query($c: String!) { governmentDebt(debtNo: $c) { borrowerUnit } }`, variables: { c: debt.debtNo }, path: ["governmentDebt", "borrowerUnit"], expected: debt.borrowerUnit, county: debt.countyCode },
    "institutions.registry": { query: `query($c: String!) { institution(code: $c) { name } }`, variables: { c: bank.code }, path: ["institution", "name"], expected: bank.name, county: bank.countyCode },
    "institutions.watchLines": { query: `{ watchLines(indicator: LEVERAGE_RATIO) { legalSource } }`, variables: {}, path: ["watchLines", 0, "legalSource"], expected: line.legalSource, county: "441704" },
    "institutions.bankIndicators": indicator(bank),
    "institutions.localOrgIndicators": indicator(localOrg),
    "institutions.marketIndicators": indicator(market),
    "venues.supervision": { query: `query($c: String!) { tradingVenue(code: $c) { name } }`, variables: { c: venue.code }, path: ["tradingVenue", "name"], expected: venue.name, county: venue.countyCode },
    "credit.dishonesty": { query: `query($d: String!) { dishonestyRecord(documentNo: $d) { reason } }`, variables: { d: record.documentNo }, path: ["dishonestyRecord", "reason"], expected: record.reason, county: record.countyCode },
    "credit.subjectIdNumber": { query: `query($d: String!) { dishonestyRecord(documentNo: $d) { person { idNumber } } }`, variables: { d: record.documentNo }, path: ["dishonestyRecord", "person", "idNumber"], expected: record.person!.idNumber, county: record.countyCode },
    "fundraising.clues": { query: `query($c: String!) { fundraisingClue(clueNo: $c) { description } }`, variables: { c: clue.clueNo }, path: ["fundraisingClue", "description"], expected: clue.description, county: clue.countyCode },
    "fundraising.informant": { query: `query($c: String!) { fundraisingClue(clueNo: $c) { informant { name } } }`, variables: { c: clue.clueNo }, path: ["fundraisingClue", "informant", "name"], expected: clue.informant!.name, county: clue.countyCode },
    "debt.trustProducts": { query: `query($c: String!) { trustProduct(productCode: $c) { manager } }`, variables: { c: trust.productCode }, path: ["trustProduct", "manager"], expected: trust.manager, county: trust.borrower?.countyCode ?? "441704" },
    "debt.nplDisposals": { query: `query($c: String!) { nplDisposal(disposalNo: $c) { amount } }`, variables: { c: disposal.disposalNo }, path: ["nplDisposal", "amount"], expected: disposal.amount.toFixed(), county: disposal.borrower!.countyCode },
    "enterprise.zombieAssets": { query: `query($c: String!) { zombieAssetListing(listingNo: $c) { askingPrice } }`, variables: { c: listing.listingNo }, path: ["zombieAssetListing", "askingPrice"], expected: listing.askingPrice.toFixed(), county: listing.enterprise.countyCode },
    "debt.pilotLoans": {
      query: `query($c: String!, $y: Int!, $b: String!) { pilotLoans(first: 1, filter: { county: $c, yearFrom: $y, yearTo: $y, bank: $b }) { nodes { amount } } }`,
      variables: { c: pilot.countyCode, y: pilot.year, b: pilot.bank.code },
      path: ["pilotLoans", "nodes", 0, "amount"],
      expected: pilot.amount.toFixed(),
      county: pilot.countyCode,
    },
    "supervision.complaints": { query: `query($c: String!) { complaint(complaintNo: $c) { summary } }`, variables: { c: complaint.complaintNo }, path: ["complaint", "summary"], expected: complaint.summary, county: complaint.countyCode },
    "supervision.complainant": { query: `query($c: String!) { complaint(complaintNo: $c) { complainantIdNumber } }`, variables: { c: complaint.complaintNo }, path: ["complaint", "complainantIdNumber"], expected: complaint.complainantIdNumber, county: complaint.countyCode },
    "person.actualController": { query: `query($u: String!) { enterprise(uscc: $u) { actualController { basis } } }`, variables: { u: controller.enterprise.uscc }, path: ["enterprise", "actualController", "basis"], expected: controller.basis, county: controller.enterprise.countyCode },
    "alerts.rules": { query: `query($c: String!) { riskRule(code: $c) { nameZh } }`, variables: { c: rule.code }, path: ["riskRule", "nameZh"], expected: rule.nameZh, county: enterprise.countyCode },
    "alerts.alerts": { query: `query($id: ID!) { node(id: $id) { ... on Alert { subjectName } } }`, variables: { id: encodeGlobalID("Alert", alert.id) }, path: ["node", "subjectName"], expected: enterprise.name, county: enterprise.countyCode },
    "progress.reports": {
      query: `query($q: Date!, $c: String!) { progressReports(first: 1, filter: { county: $c, quarterEnd: { from: $q, to: $q } }) { nodes { summary } } }`,
      variables: { q: ISO_DATE(report.quarterEnd), c: report.countyCode },
      path: ["progressReports", "nodes", 0, "summary"],
      expected: report.summary,
      county: report.countyCode,
    },
  };
}

export function at(data: unknown, path: (string | number)[]): unknown {
  let v = data as Record<string | number, unknown> | null | undefined;
  for (const k of path) {
    if (v === null || v === undefined) return v;
    v = v[k] as never;
  }
  return v;
}
