// Post-pass fields of plan 二(七), derived from the generated rows (never from the generators'
// internals): each enterprise's size from its latest annual statement, each loan's collateral and
// its green-credit and key-industry flags from its borrower and guarantees, each bank's SME NPL
// tolerance from its own loan book.
import type { CollateralType, EnterpriseSize } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { ratio } from "./numbers.ts";
import { isNonPerforming } from "./derived.ts";

const WAN = 10_000;
type Size = EnterpriseSize;

/**
 * 工信部联企业〔2011〕300号 《中小企业划型标准规定》, by revenue (营业收入) and, where the rule uses
 * it, total assets (资产总额). The dataset has no head counts (从业人员), so the sectors the rule
 * classifies by employees alone fall back to the industrial revenue bands: an approximation,
 * written down in docs/demo-data.md.
 */
export function enterpriseSize(industryCode: string, revenue: number, assets: number): Size {
  const division = Number(industryCode.slice(1, 3));
  const section = industryCode[0];
  const bands = (large: number, medium: number, small: number, v = revenue): Size => (v >= large * WAN ? "LARGE" : v >= medium * WAN ? "MEDIUM" : v >= small * WAN ? "SMALL" : "MICRO");
  if (section === "E") {
    // construction: revenue and assets both
    const r = bands(80000, 6000, 300);
    const a = bands(80000, 5000, 300, assets);
    return ORDER[Math.min(ORDER.indexOf(r), ORDER.indexOf(a))]!;
  }
  if (section === "F" && division === 51) return bands(40000, 5000, 1000); // wholesale
  if (section === "F" && division === 52) return bands(20000, 500, 100); // retail
  if (section === "K" && division === 70) {
    // real-estate development: revenue and assets both
    const r = bands(200000, 1000, 100);
    const a = bands(10000, 5000, 2000, assets);
    return ORDER[Math.min(ORDER.indexOf(r), ORDER.indexOf(a))]!;
  }
  return bands(40000, 2000, 300); // industry (工业) bands, also the fallback
}
const ORDER: readonly Size[] = ["MICRO", "SMALL", "MEDIUM", "LARGE"];

const COLLATERAL: readonly (readonly [CollateralType, number])[] = [
  ["REAL_ESTATE_MORTGAGE", 40], ["CREDIT", 18], ["EQUIPMENT_MORTGAGE", 8], ["RECEIVABLES_PLEDGE", 8], ["INVENTORY_PLEDGE", 4], ["EQUITY_PLEDGE", 4],
];

export function deriveStructure(rng: Random, data: Pick<DemoData, "enterprise" | "loan" | "institution" | "financialStatement" | "guarantee">) {
  const latest = new Map<number, { end: number; revenue: number; assets: number }>();
  for (const s of data.financialStatement) {
    if (s.periodType !== "ANNUAL" || s.retiredAt) continue;
    const seen = latest.get(s.enterpriseId);
    if (!seen || s.periodEnd.getTime() > seen.end) latest.set(s.enterpriseId, { end: s.periodEnd.getTime(), revenue: Number(s.revenue), assets: Number(s.totalAssets) });
  }
  const enterprise = data.enterprise.map((e) => {
    const s = latest.get(e.id);
    return { ...e, size: s ? enterpriseSize(e.industryCode, s.revenue, s.assets) : null };
  });
  const byId = new Map(enterprise.map((e) => [e.id, e]));
  const guaranteed = new Set(data.guarantee.flatMap((g) => (g.loanId != null ? [g.loanId] : [])));
  const loan = data.loan.map((l) => {
    const borrower = byId.get(l.borrowerId)!;
    const rollCollateral = rng.choose(COLLATERAL);
    // A high-tech borrower pledges its patents now and then (知识产权质押, 二(七)4).
    const collateralType: CollateralType = guaranteed.has(l.id) ? "GUARANTEE" : borrower.isHighTech && rng.chance(0.25) ? "IP_PLEDGE" : rollCollateral;
    const keyIndustries = (borrower.keyIndustries ?? []) as readonly string[];
    const isKeyIndustry = keyIndustries.length > 0;
    // Power (nuclear, wind, offshore) is most of Yangjiang's green lending; a few others qualify too.
    const isGreenCredit = keyIndustries.includes("POWER_ENERGY") ? rng.chance(0.7) : rng.chance(0.03);
    return { ...l, collateralType, isGreenCredit, isKeyIndustry };
  });
  const book = new Map<number, { total: number; npl: number }>();
  for (const l of data.loan) {
    if (l.retiredAt) continue;
    const b = book.get(l.lenderId) ?? { total: 0, npl: 0 };
    b.total += Number(l.balance);
    if (isNonPerforming(l.classification)) b.npl += Number(l.balance);
    book.set(l.lenderId, b);
  }
  // 银监发〔2015〕8号: an SME NPL ratio up to 2 percentage points above the bank's overall NPL ratio is tolerated.
  const institution = data.institution.map((i) => {
    const b = book.get(i.id);
    return { ...i, smeNplTolerance: b && b.total > 0 ? ratio(b.npl / b.total + 0.02) : null };
  });
  return { enterprise, loan, institution };
}
