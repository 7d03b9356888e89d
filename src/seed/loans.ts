// Bank loans to enterprises, as of AS_OF. Borrowers keep a few house banks, bigger firms borrow
// more and in larger sums, and troubled borrowers (zombies, high leverage, 短贷长用, heavy private
// lending) carry most of the special-mention and non-performing loans.
import type { LoanClassification } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, SNAPSHOT, addDays, addMonths, beijing, day, daysBetween, yearOf } from "./calendar.ts";
import { clamp, pad, rate, roundYuan, scaled } from "./numbers.ts";
import { type EnterpriseProfile, troubleWeight } from "./enterprises.ts";
import { LENDERS, type Lender } from "./institutions.ts";
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

const FIRST_START = day(2021, 1, 1);
/** One-year LPR plus the usual spread, by the year a loan starts. */
const BASE_RATE: Record<number, number> = { 2021: 0.0465, 2022: 0.0445, 2023: 0.0425, 2024: 0.0400, 2025: 0.0380, 2026: 0.0370 };

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

function classify(rng: Random, pNonNormal: number, zombie: boolean): LoanClassification {
  if (!rng.chance(pNonNormal)) return "NORMAL";
  // Shares within the non-normal tenth: 6 / 2 / 1.3 / 0.7 of the 10 points.
  return zombie
    ? rng.choose([["SPECIAL_MENTION", 35], ["SUBSTANDARD", 30], ["DOUBTFUL", 20], ["LOSS", 15]] as const)
    : rng.choose([["SPECIAL_MENTION", 62], ["SUBSTANDARD", 20], ["DOUBTFUL", 12], ["LOSS", 6]] as const);
}

export interface LoanSet {
  rows: DemoData["loan"];
  facts: LoanFact[];
}

export function generateLoans(rng: Random, scale: number, profiles: readonly EnterpriseProfile[]): LoanSet {
  const borrowers = profiles.filter((p) => p.platform !== null || p.zombie || rng.chance(0.8));
  const banks = new Map(borrowers.map((p) => [p.id, houseBanks(rng, p)]));
  const picker = new WeightedIndex(borrowers.map((p) => Math.sqrt(p.assets / 40e6) * (p.platform !== null ? 2 : 1)));
  const count = scaled(10_000, scale, 300);

  const drafts = Array.from({ length: count }, () => {
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
    return { p, lenderId, term, start, maturity: addMonths(start, term), amount };
  });
  // Keep the book's overall non-normal share near 10% whatever mix of borrowers was drawn.
  const meanTrouble = drafts.reduce((s, d) => s + troubleWeight(d.p), 0) / drafts.length;
  // Contract numbers and ids follow the order loans were granted.
  drafts.sort((a, b) => a.start.getTime() - b.start.getTime());

  const rows: DemoData["loan"] = [];
  const facts: LoanFact[] = [];
  const abbr = new Map(LENDERS.map((l) => [l.id, l.spec.abbr ?? "YJ"]));
  for (const d of drafts) {
    const id = rows.length + 1;
    // A loan granted in the last half-year has rarely had time to go bad.
    const seasoned = d.start.getTime() < addDays(AS_OF, -180).getTime();
    const pTrouble = Math.min(0.85, (0.115 * troubleWeight(d.p)) / meanTrouble) * (seasoned ? 1 : 0.4);
    let classification = classify(rng, pTrouble, d.p.zombie);
    if (!seasoned && classification !== "NORMAL") classification = "SPECIAL_MENTION";
    const matured = d.maturity.getTime() <= AS_OF.getTime();
    let balance: number;
    if (isNonPerforming(classification)) balance = d.amount * rng.real(matured ? 0.4 : 0.6, 1);
    else if (matured) balance = classification === "NORMAL" ? 0 : d.amount * rng.real(0.3, 1);
    else if (d.term <= 12) balance = d.amount;
    else balance = d.amount * (1 - (daysBetween(d.start, AS_OF) / daysBetween(d.start, d.maturity)) * rng.real(0.2, 0.8));
    balance = Math.round(balance / 100) * 100;
    const riskSpread = severity(classification) * 0.004 + (d.p.zombie ? 0.008 : 0);
    const interest = clamp((BASE_RATE[yearOf(d.start)] ?? 0.04) + (d.term > 12 ? 0.003 : 0) + rng.real(-0.004, 0.01) + riskSpread, 0.035, 0.08);
    const purpose = d.p.platform !== null ? rng.pick(PLATFORM_PURPOSES) : d.p.industryCode === "K70" && rng.chance(0.6) ? "房地产开发" : rng.choose(PURPOSES);
    const type = d.term <= 12 ? "LD" : purpose.includes("项目") || purpose.includes("工程") ? "XM" : "GD";
    rows.push({
      id,
      contractNo: `${abbr.get(d.lenderId)}YJ${yearOf(d.start)}${type}${pad(id, 6)}`,
      lenderId: d.lenderId,
      borrowerId: d.p.id,
      amount: d.amount.toFixed(2),
      balance: balance.toFixed(2),
      interestRate: rate(interest, 0.0005),
      startDate: d.start,
      maturityDate: d.maturity,
      purpose,
      classification,
      retiredAt: null,
      ...provenance("CBRC", SNAPSHOT),
      createdAt: beijing(d.start, 11),
    });
    facts.push({ id, lenderId: d.lenderId, borrowerId: d.p.id, amount: d.amount, balance, start: d.start, maturity: d.maturity, classification });
  }
  return { rows, facts };
}
