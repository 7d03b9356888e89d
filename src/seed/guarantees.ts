// Guarantees between enterprises (guarantor → borrower). Most form a web with no cycles; on top
// of it sit the deliberate patterns the plan warns about: mutual guarantees (互保, A↔B) and
// guarantee circles (担保圈, A→B→C→A). Members of those patterns guarantee no one outside their
// pattern, so the cycles in the data are exactly the ones planted here.
import type { GuaranteeKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, SNAPSHOT, addDays, addYears, beijing, dateBetween, day, yearOf } from "./calendar.ts";
import { pad, roundYuan, scaled } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import type { LoanFact } from "./loans.ts";
import { LENDERS } from "./institutions.ts";
import { provenance } from "./provenance.ts";

/** lengths of the planted circles at scale 1; larger scales repeat the pattern */
const CIRCLE_LENGTHS = [3, 4, 5, 3, 4];
const KIND_CODE: Record<GuaranteeKind, string> = { SURETY: "BZ", MORTGAGE: "DY", PLEDGE: "ZY" };

export interface GuaranteePatterns {
  mutualPairs: [number, number][];
  circles: number[][];
}

export function generateGuarantees(
  rng: Random,
  scale: number,
  profiles: readonly EnterpriseProfile[],
  loans: readonly LoanFact[],
): { rows: DemoData["guarantee"]; patterns: GuaranteePatterns } {
  const loansByBorrower = new Map<number, LoanFact[]>();
  for (const l of loans) {
    const list = loansByBorrower.get(l.borrowerId);
    if (list) list.push(l);
    else loansByBorrower.set(l.borrowerId, [l]);
  }
  const abbr = new Map(LENDERS.map((l) => [l.id, l.spec.abbr ?? "YJ"]));
  const rows: DemoData["guarantee"] = [];

  const add = (guarantorId: number, borrowerId: number, loan: LoanFact | null): void => {
    const id = rows.length + 1;
    const kind = rng.choose([["SURETY", 55], ["MORTGAGE", 30], ["PLEDGE", 15]] as const);
    const start = loan ? loan.start : dateBetween(rng, day(2015, 1, 1), addDays(AS_OF, -30));
    // The surety period runs two years past the debt's maturity (担保法 default).
    const end = loan ? addYears(loan.maturity, 2) : addYears(start, 3);
    const amount = loan ? loan.amount * rng.real(0.3, 1) : rng.logNormal(8e6, 0.8, 1e6, 1e8);
    rows.push({
      id,
      contractNo: `${loan ? abbr.get(loan.lenderId) : "YJ"}YJ${yearOf(start)}${KIND_CODE[kind]}${pad(id, 6)}`,
      guarantorId,
      borrowerId,
      loanId: loan?.id ?? null,
      amount: roundYuan(amount, 10_000),
      kind,
      startDate: start,
      endDate: end,
      retiredAt: null,
      ...provenance("CBRC", SNAPSHOT),
      createdAt: beijing(start, 11),
    });
  };
  const loanOf = (borrowerId: number): LoanFact | null => {
    const list = loansByBorrower.get(borrowerId);
    return list && list.length > 0 ? rng.pick(list) : null;
  };

  // Pattern members: borrowers outside the financing platforms, clustered by county as real
  // guarantee chains are.
  const candidates = rng.shuffle(profiles.filter((p) => p.platform === null && loansByBorrower.has(p.id)));
  // The earliest-registered borrower (lowest id) starts the first mutual pair, so a county's
  // first page of enterprises shows a guarantee pattern at every scale.
  const earliest = candidates.reduce((lo, p, i) => (p.id < candidates[lo]!.id ? i : lo), 0);
  candidates.unshift(...candidates.splice(earliest, 1));
  const members = new Set<number>();
  const takeMember = (county: string | null): number | null => {
    const found = candidates.find((p) => !members.has(p.id) && (county === null || p.countyCode === county));
    if (!found) return null;
    members.add(found.id);
    return found.id;
  };

  const pairCount = Math.min(scaled(40, scale, 4), Math.floor(candidates.length / 10));
  const mutualPairs: [number, number][] = [];
  for (let i = 0; i < pairCount; i++) {
    const a = takeMember(null);
    if (a === null) break;
    const b = takeMember(profiles[a - 1]!.countyCode) ?? takeMember(null);
    if (b === null) break;
    mutualPairs.push([a, b]);
    add(a, b, loanOf(b));
    add(b, a, loanOf(a));
  }
  const circles: number[][] = [];
  const circleCount = scaled(CIRCLE_LENGTHS.length, scale, CIRCLE_LENGTHS.length);
  for (let c = 0; c < circleCount; c++) {
    const length = CIRCLE_LENGTHS[c % CIRCLE_LENGTHS.length]!;
    const first = takeMember(null);
    if (first === null) break;
    const ring = [first];
    while (ring.length < length) {
      const next = takeMember(profiles[first - 1]!.countyCode) ?? takeMember(null);
      if (next === null) break;
      ring.push(next);
    }
    if (ring.length < 3) break;
    circles.push(ring);
    ring.forEach((guarantor, i) => {
      const borrower = ring[(i + 1) % ring.length]!;
      add(guarantor, borrower, loanOf(borrower));
    });
  }

  // The rest form a DAG: a guarantor always ranks below the borrower it backs. Pattern members
  // may receive such guarantees but never give them, which keeps the planted cycles the only ones.
  const outsiders = profiles.filter((p) => !members.has(p.id));
  const rank = new Map<number, number>();
  rng.shuffle(outsiders.map((p) => p.id)).forEach((id, i) => rank.set(id, i));
  const byCounty = new Map<string, EnterpriseProfile[]>();
  for (const p of outsiders) {
    const list = byCounty.get(p.countyCode);
    if (list) list.push(p);
    else byCounty.set(p.countyCode, [p]);
  }

  const target = Math.max(rows.length + 10, scaled(3000, scale, 40));
  for (let guard = 0; rows.length < target && guard < target * 20; guard++) {
    const loan = rng.pick(loans);
    const borrowerRank = rank.get(loan.borrowerId) ?? Infinity;
    const borrower = profiles[loan.borrowerId - 1]!;
    const pool = rng.chance(0.7) ? byCounty.get(borrower.countyCode) ?? outsiders : outsiders;
    const guarantor = rng.pick(pool);
    if (guarantor.id === loan.borrowerId || rank.get(guarantor.id)! >= borrowerRank) continue;
    add(guarantor.id, loan.borrowerId, rng.chance(0.9) ? loan : null);
  }
  return { rows, patterns: { mutualPairs, circles } };
}
