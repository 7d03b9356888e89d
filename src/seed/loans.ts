// Bank loans to enterprises, as of AS_OF. Borrowers keep a few house banks, bigger firms borrow
// more and in larger sums, and troubled borrowers (zombies, high leverage, 短贷长用, heavy private
// lending) carry most of the special-mention and non-performing loans. Three limits keep the book
// consistent with the rest of the data (seed:check proves each):
//  - a borrower owes the city's banks no more than the bank borrowings its own statement reports
//    at AS_OF (the rest of that figure is owed to banks elsewhere);
//  - a local legal-person bank lends no borrower more than 10% of its net capital;
//  - each bank's book has the NPL ratio that bank reports (indicators.ts reads it from here).
import type { LoanClassification } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, SNAPSHOT, addDays, addMonths, beijing, day, daysBetween, yearOf } from "./calendar.ts";
import { clamp, pad, rate, roundYuan, scaled } from "./numbers.ts";
import { type EnterpriseProfile, troubleWeight } from "./enterprises.ts";
import { BRANCH_NPL_TARGET, LENDERS, SINGLE_BORROWER_CAP, type Lender } from "./institutions.ts";
import { provenance } from "./provenance.ts";

/** What later generators need to know about a loan, in plain numbers. */
export interface LoanFact {
  id: number;
  lenderId: number;
  borrowerId: number;
  amount: number;
  /** balance at AS_OF */
  balance: number;
  start: Date;
  maturity: Date;
  classification: LoanClassification;
}

/** Balance on date `t`: drawn in full at the start, then moving straight to the AS_OF balance. */
export function balanceAt(loan: LoanFact, t: Date): number {
  if (t.getTime() < loan.start.getTime()) return 0;
  const end = loan.maturity.getTime() < AS_OF.getTime() ? loan.maturity : AS_OF;
  if (t.getTime() >= end.getTime()) return loan.balance;
  const span = end.getTime() - loan.start.getTime();
  const f = span > 0 ? (t.getTime() - loan.start.getTime()) / span : 1;
  return loan.amount + (loan.balance - loan.amount) * f;
}

const SEVERITY: Record<LoanClassification, number> = { NORMAL: 0, SPECIAL_MENTION: 1, SUBSTANDARD: 2, DOUBTFUL: 3, LOSS: 4 };
export const severity = (c: LoanClassification): number => SEVERITY[c];
export const isNonPerforming = (c: LoanClassification): boolean => SEVERITY[c] >= 2;

/** The loan book starts in 2015: older loans have matured by the plan period's history. */
const FIRST_START = day(2015, 1, 1);
/** PBOC one-year benchmark lending rate in force most of each year (4.35% from 2015-10-24). */
const BASE_RATE: Record<number, number> = { 2015: 0.0485, 2016: 0.0435, 2017: 0.0435, 2018: 0.0435 };

const PURPOSES: readonly (readonly [string, number])[] = [
  ["流动资金周转", 40], ["购买原材料", 15], ["日常经营周转", 10], ["设备购置", 8], ["技术改造", 7],
  ["固定资产投资", 6], ["厂房建设", 5], ["项目建设", 5], ["借新还旧", 3], ["并购贷款", 1],
];
const PLATFORM_PURPOSES = ["基础设施项目建设", "棚户区改造项目", "园区基础设施建设", "城市道路改造工程", "流动资金周转"];

function bankWeight(lender: Lender, countyCode: string): number {
  const s = lender.spec;
  const w = s.lendingWeight ?? 0;
  if (s.kind === "COMMERCIAL_BANK_BRANCH") return w;
  // Rural banks and credit coops lend mostly at home.
  if (s.kind === "RURAL_CREDIT_COOP") return s.countyCode === countyCode ? w * 4 : w * 0.05;
  return s.countyCode === countyCode ? w * 3 : w * 0.4;
}

function houseBanks(rng: Random, p: EnterpriseProfile): number[] {
  const k = clamp(1 + (p.assets > 1e8 ? 1 : 0) + (p.assets > 1e9 ? 1 : 0) + (rng.chance(0.3) ? 1 : 0), 1, 5);
  const weights = LENDERS.map((l) => bankWeight(l, p.countyCode));
  const chosen: number[] = [];
  for (let attempt = 0; chosen.length < k && attempt < 50; attempt++) {
    const id = rng.weighted(LENDERS, weights).id;
    if (!chosen.includes(id)) chosen.push(id);
  }
  return chosen;
}

function termMonths(rng: Random, p: EnterpriseProfile): number {
  const longBias = p.platform !== null || p.industryCode === "D44" || p.industryCode === "K70";
  return rng.choose([
    [12, longBias ? 15 : 45],
    [24, 15],
    [36, 15],
    [60, longBias ? 25 : 15],
    [84, longBias ? 15 : 6],
    [120, longBias ? 15 : 4],
  ] as const);
}

export interface LoanSet {
  rows: DemoData["loan"];
  facts: LoanFact[];
  /** each bank's book at AS_OF: outstanding balance, non-performing balance, largest borrower */
  books: Map<number, { balance: number; npl: number; largestBorrower: number }>;
}

interface Draft {
  p: EnterpriseProfile;
  lenderId: number;
  term: number;
  start: Date;
  maturity: Date;
  amount: number;
  /** share of the amount still owed at AS_OF */
  owed: number;
  /** weighted random key: the larger, the likelier to be the one that went bad */
  trouble: number;
}

export function generateLoans(rng: Random, scale: number, profiles: readonly EnterpriseProfile[], bankBorrowings: ReadonlyMap<number, number>): LoanSet {
  const borrowers = profiles.filter((p) => p.platform !== null || p.zombie || rng.chance(0.8));
  const banks = new Map(borrowers.map((p) => [p.id, houseBanks(rng, p)]));
  const picker = new WeightedIndex(borrowers.map((p) => Math.sqrt(p.assets / 40e6) * (p.platform !== null ? 2 : 1)));
  const count = scaled(10_000, scale, 300);
  const lenderSpec = new Map(LENDERS.map((l) => [l.id, l.spec]));

  const drafts: Draft[] = Array.from({ length: count }, () => {
    const p = borrowers[picker.draw(rng)]!;
    const lenderId = rng.pick(banks.get(p.id)!);
    const term = termMonths(rng, p);
    // Drawn back from AS_OF so most loans are still running; those that would start before the
    // book begins are spread over its first year instead of piling up on one day.
    const back = rng.int(0, Math.round(term * 30.4 * 1.15));
    let start = addDays(AS_OF, -back);
    if (start.getTime() < FIRST_START.getTime()) start = addDays(FIRST_START, rng.int(0, 364));
    const median = 5e6 * Math.sqrt(p.assets / 40e6) * (term > 36 ? 1.8 : 1);
    const amount = Number(roundYuan(rng.logNormal(median, 0.8, 5e5, 3e8), 10_000));
    const maturity = addMonths(start, term);
    const owed = maturity.getTime() <= AS_OF.getTime() ? 0 : term <= 12 ? 1 : 1 - (daysBetween(start, AS_OF) / daysBetween(start, maturity)) * rng.real(0.2, 0.8);
    return { p, lenderId, term, start, maturity, amount, owed, trouble: Math.pow(rng.next(), 1 / troubleWeight(p)) };
  });
  // Contract numbers and ids follow the order loans were granted.
  drafts.sort((a, b) => a.start.getTime() - b.start.getTime());

  // The limits, applied in the order loans were granted: a loan that would take its borrower past
  // either is granted smaller, or not at all.
  const owedBy = new Map<number, number>();
  const exposure = new Map<string, number>();
  const appetites = new Map<string, number>();
  const kept: (Draft & { balance: number })[] = [];
  for (const d of drafts) {
    // Part of what a firm reports is owed to banks outside the city.
    const room = (bankBorrowings.get(d.p.id) ?? 0) * (d.p.platform !== null ? 0.85 : 0.9) - (owedBy.get(d.p.id) ?? 0);
    const netCapital = lenderSpec.get(d.lenderId)!.netCapital;
    const key = `${d.lenderId}/${d.p.id}`;
    // Each bank sets its own appetite for a borrower, somewhere below the legal limit.
    let appetite = appetites.get(key);
    if (appetite === undefined) appetites.set(key, (appetite = rng.real(0.5, 1)));
    const limitRoom = netCapital ? netCapital * SINGLE_BORROWER_CAP * appetite - (exposure.get(key) ?? 0) : Infinity;
    let amount = d.amount;
    if (d.owed > 0) {
      const fits = Math.min(room, limitRoom) / d.owed;
      if (fits < amount) amount = Math.floor(fits / 10_000) * 10_000;
      if (amount < 500_000) continue;
    }
    // rounded down, so a balance never passes the room it was fitted into
    const balance = Math.floor((amount * d.owed) / 100) * 100;
    owedBy.set(d.p.id, (owedBy.get(d.p.id) ?? 0) + balance);
    exposure.set(key, (exposure.get(key) ?? 0) + balance);
    kept.push({ ...d, amount, balance });
  }

  // Which loans went bad: per bank, enough of the troubled borrowers' seasoned loans to give its
  // book the NPL ratio it aims for. Every zombie with a loan outstanding gets one bad loan first
  // (the plan's 僵尸企业 are the ones that stopped servicing their debt), the rest by trouble.
  const classification = new Array<LoanClassification>(kept.length).fill("NORMAL");
  const seasonedBefore = addDays(AS_OF, -180).getTime();
  const books = new Map<number, { balance: number; npl: number; largestBorrower: number }>();
  for (const lender of LENDERS) {
    const mine = kept.map((d, i) => ({ d, i })).filter(({ d }) => d.lenderId === lender.id);
    const total = mine.reduce((s, { d }) => s + d.balance, 0);
    const [lo, hi] = lender.spec.nplTarget ?? BRANCH_NPL_TARGET;
    const budget = total * rng.real(lo, hi);
    let npl = 0;
    const candidates = mine.filter(({ d }) => d.balance > 0 && d.start.getTime() < seasonedBefore);
    const zombieFirst = new Set<number>();
    for (const { d, i } of candidates.filter(({ d }) => d.p.zombie).sort((a, b) => a.d.balance - b.d.balance || a.i - b.i)) {
      if (zombieFirst.has(d.p.id) || npl + d.balance > budget) continue;
      zombieFirst.add(d.p.id);
      classification[i] = rng.choose([["SUBSTANDARD", 40], ["DOUBTFUL", 35], ["LOSS", 25]] as const);
      npl += d.balance;
    }
    const byTrouble = candidates.slice().sort((a, b) => b.d.trouble - a.d.trouble || a.i - b.i);
    for (const { d, i } of byTrouble) {
      if (classification[i] !== "NORMAL" || npl + d.balance > budget) continue;
      classification[i] = rng.choose([["SUBSTANDARD", 55], ["DOUBTFUL", 30], ["LOSS", 15]] as const);
      npl += d.balance;
    }
    // Special mention (关注): the next most troubled loans, about 3% of the book's balance.
    let watched = 0;
    for (const { d, i } of byTrouble) {
      if (classification[i] !== "NORMAL" || watched > total * 0.03) continue;
      classification[i] = "SPECIAL_MENTION";
      watched += d.balance;
    }
    const perBorrower = new Map<number, number>();
    for (const { d } of mine) perBorrower.set(d.p.id, (perBorrower.get(d.p.id) ?? 0) + d.balance);
    books.set(lender.id, { balance: total, npl, largestBorrower: Math.max(0, ...perBorrower.values()) });
  }

  const rows: DemoData["loan"] = [];
  const facts: LoanFact[] = [];
  const abbr = new Map(LENDERS.map((l) => [l.id, l.spec.abbr ?? "YJ"]));
  kept.forEach((d, index) => {
    const id = rows.length + 1;
    const c = classification[index]!;
    const riskSpread = severity(c) * 0.004 + (d.p.zombie ? 0.008 : 0);
    const interest = clamp((BASE_RATE[yearOf(d.start)] ?? 0.0435) + (d.term > 12 ? 0.003 : 0) + rng.real(-0.004, 0.01) + riskSpread, 0.035, 0.08);
    const purpose = d.p.platform !== null ? rng.pick(PLATFORM_PURPOSES) : d.p.industryCode === "K70" && rng.chance(0.6) ? "房地产开发" : rng.choose(PURPOSES);
    const type = d.term <= 12 ? "LD" : purpose.includes("项目") || purpose.includes("工程") ? "XM" : "GD";
    rows.push({
      id,
      contractNo: `${abbr.get(d.lenderId)}YJ${yearOf(d.start)}${type}${pad(id, 6)}`,
      lenderId: d.lenderId,
      borrowerId: d.p.id,
      amount: d.amount.toFixed(2),
      balance: d.balance.toFixed(2),
      interestRate: rate(interest, 0.0005),
      startDate: d.start,
      maturityDate: d.maturity,
      purpose,
      classification: c,
      retiredAt: null,
      ...provenance("CBRC", SNAPSHOT),
      createdAt: beijing(d.start, 11),
    });
    facts.push({ id, lenderId: d.lenderId, borrowerId: d.p.id, amount: d.amount, balance: d.balance, start: d.start, maturity: d.maturity, classification: c });
  });
  return { rows, facts, books };
}
