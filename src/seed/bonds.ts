// Bonds issued by Yangjiang enterprises, their payment schedules and payment records up to AS_OF.
// Exchange bonds (enterprise and corporate bonds) belong to DEVELOPMENT_REFORM, interbank
// instruments to PBOC. A few issuers default or extend; the rest pay, a handful a little late.
import type { BondStatus, PaymentOutcome } from "../generated/prisma/client.ts";
import { BASE_COUPON, BOND_KINDS, BOND_PURPOSES, type BondKindSpec } from "./bond-kinds.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, addDays, addMonths, beijing, dateBetween, day, daysBetween, maxDate, notAfterSnapshot, yearOf } from "./calendar.ts";
import { clamp, pad, rate, roundYuan, scaled, yuan } from "./numbers.ts";
import { unique } from "./ids.ts";
import { type EnterpriseProfile, troubleWeight } from "./enterprises.ts";
import { provenance } from "./provenance.ts";

interface BondDraft {
  spec: BondKindSpec;
  issuer: EnterpriseProfile;
  issueDate: Date;
  maturity: Date;
  amount: number;
  coupon: number;
}

interface ScheduleDraft {
  dueDate: Date;
  kind: "COUPON" | "PRINCIPAL";
  amountDue: number;
}

function schedule(b: BondDraft): ScheduleDraft[] {
  const items: ScheduleDraft[] = [];
  const termDays = daysBetween(b.issueDate, b.maturity);
  if (termDays <= 366) {
    items.push({ dueDate: b.maturity, kind: "COUPON", amountDue: (b.amount * b.coupon * termDays) / 365 });
  } else {
    for (let y = 1; ; y++) {
      const due = addMonths(b.issueDate, 12 * y);
      if (due.getTime() > b.maturity.getTime()) break;
      items.push({ dueDate: due, kind: "COUPON", amountDue: b.amount * b.coupon });
    }
  }
  items.push({ dueDate: b.maturity, kind: "PRINCIPAL", amountDue: b.amount });
  return items;
}

/** total assets from which a firm counts as large enough to issue 企业债 (seed:check uses the same) */
export const ENTERPRISE_BOND_MIN_ASSETS = 1e9;

function pickIssuer(rng: Random, spec: BondKindSpec, profiles: readonly EnterpriseProfile[], pickers: Map<string, WeightedIndex>): EnterpriseProfile {
  const platforms = profiles.filter((p) => p.platform !== null);
  if ((spec.kind === "ENTERPRISE_BOND" && rng.chance(0.7)) || (spec.kind === "MTN" && rng.chance(0.3))) return rng.pick(platforms);
  // 企业债 (NDRC-approved) go to platforms and large enterprises only: ¥10亿 of assets or more.
  const key = spec.kind === "COLLECTIVE_NOTE" ? "sme" : spec.kind === "IP_ABS" ? "tech" : spec.kind === "ENTERPRISE_BOND" ? "enterprise-bond" : "large";
  let picker = pickers.get(key);
  if (!picker) {
    const weight = (p: EnterpriseProfile): number => {
      if (p.platform !== null || p.zombie) return 0;
      if (key === "sme") return p.assets > 2e7 && p.assets < 5e8 ? 1 : 0;
      if (key === "tech") return p.highTech ? 1 : 0.01;
      if (key === "enterprise-bond") return p.assets >= ENTERPRISE_BOND_MIN_ASSETS * 1.05 ? Math.pow(p.assets, 0.7) : 0;
      return p.assets > 3e8 ? Math.pow(p.assets, 0.7) * (p.listing === "NONE" ? 1 : 3) : 0;
    };
    picker = new WeightedIndex(profiles.map(weight));
    pickers.set(key, picker);
  }
  return profiles[picker.draw(rng)]!;
}

export interface BondSet {
  bond: DemoData["bond"];
  bondScheduleItem: DemoData["bondScheduleItem"];
  bondPayment: DemoData["bondPayment"];
}

export function generateBonds(rng: Random, scale: number, profiles: readonly EnterpriseProfile[]): BondSet {
  const pickers = new Map<string, WeightedIndex>();
  // A city of Yangjiang's size has a few dozen bonds outstanding, not hundreds.
  const drafts: BondDraft[] = Array.from({ length: scaled(40, scale, 16) }, () => {
    const spec = rng.weighted(BOND_KINDS, BOND_KINDS.map((k) => k.weight));
    const issuer = pickIssuer(rng, spec, profiles, pickers);
    const issueDate = dateBetween(rng, day(2014, 1, 2), addDays(AS_OF, -20));
    const tenor = rng.pick(spec.tenors);
    const maturity = tenor.days ? addDays(issueDate, tenor.days) : addMonths(issueDate, tenor.months!);
    const amount = Number(roundYuan(rng.real(spec.amount[0], spec.amount[1]) * 1e8, 1e7));
    const spread = (spec.kind === "SCP" || spec.kind === "CP" ? -0.004 : 0.004) + 0.004 * Math.min(3, troubleWeight(issuer)) + rng.real(-0.004, 0.008);
    // rounded first, so the schedule's coupons follow from the stored rate exactly
    const coupon = Number(rate(clamp((BASE_COUPON[yearOf(issueDate)] ?? 0.05) + spread, 0.03, 0.075), 0.0001));
    return { spec, issuer, issueDate, maturity, amount, coupon };
  });
  drafts.sort((a, b) => a.issueDate.getTime() - b.issueDate.getTime());

  // Troubled bonds: defaults at the latest due date before AS_OF, extensions of matured principal.
  const withPastDue = drafts.filter((b) => b.issueDate.getTime() < addDays(AS_OF, -400).getTime() || b.maturity.getTime() <= AS_OF.getTime());
  const troubledOrder = rng
    .shuffle(withPastDue.slice())
    .filter((b) => b.issuer.platform === null)
    .sort((a, b) => troubleWeight(b.issuer) - troubleWeight(a.issuer));
  const defaults = new Set(troubledOrder.slice(0, scaled(3, scale, 1)));
  const extensions = new Set(
    troubledOrder.filter((b) => !defaults.has(b) && b.maturity.getTime() <= AS_OF.getTime()).slice(0, scaled(3, scale, 1)),
  );

  const out: BondSet = { bond: [], bondScheduleItem: [], bondPayment: [] };
  const codes = new Set<string>();
  const nameSeq = new Map<string, number>();
  const lateTarget = scaled(5, scale, 1);
  let lateCount = 0;

  for (const b of drafts) {
    const bondId = out.bond.length + 1;
    const yy = String(yearOf(b.issueDate)).slice(2);
    const code = unique(codes, "bond", () => rng.pick(b.spec.prefixes) + (b.spec.yearInCode ? yy : "") + pad(rng.int(1, 10 ** b.spec.digits - 1), b.spec.digits));
    const nameKey = `${yy}${b.issuer.short}${b.spec.label}`;
    const n = (nameSeq.get(nameKey) ?? 0) + 1;
    nameSeq.set(nameKey, n);
    const name = `${nameKey}${pad(n, b.spec.yearInCode ? 3 : 2)}`;
    const owner = b.spec.owner;
    const issuedAt = beijing(b.issueDate, 10);
    const items = schedule(b);
    const defaultDate = defaults.has(b) ? items.filter((i) => i.dueDate.getTime() <= AS_OF.getTime()).at(-1)?.dueDate ?? null : null;
    let defaulted = false;
    let extended = false;
    let unpaid = false;
    let lastReport = issuedAt;

    for (const item of items) {
      const itemId = out.bondScheduleItem.length + 1;
      const due = item.dueDate;
      const past = due.getTime() <= AS_OF.getTime();
      const noticeSentAt = past ? beijing(addDays(due, -30), 10) : null;
      out.bondScheduleItem.push({
        id: itemId,
        bondId,
        dueDate: due,
        kind: item.kind,
        amountDue: yuan(item.amountDue),
        noticeSentAt,
        ...provenance(owner, issuedAt),
        updatedAt: noticeSentAt && noticeSentAt.getTime() > issuedAt.getTime() ? noticeSentAt : issuedAt,
      });
      if (!past) continue;

      let outcome: PaymentOutcome = "ON_TIME";
      let paidOn: Date | null = due;
      let amountPaid = item.amountDue;
      let note: string | null = null;
      if (defaultDate && due.getTime() === defaultDate.getTime()) {
        outcome = "DEFAULT";
        paidOn = null;
        amountPaid = rng.chance(0.5) ? 0 : item.amountDue * rng.pick([0.1, 0.2, 0.3]);
        note = amountPaid > 0 ? "发行人仅兑付部分款项，剩余本息未能按期足额偿付，已构成实质性违约" : "发行人未能按期兑付，已构成实质性违约，受托管理人启动违约处置程序";
        defaulted = true;
      } else if (extensions.has(b) && item.kind === "PRINCIPAL") {
        outcome = "EXTENDED";
        paidOn = null;
        amountPaid = 0;
        note = `经持有人会议表决同意，本金兑付日展期至${addMonths(due, 12).toISOString().slice(0, 10)}，展期期间按原票面利率计息`;
        extended = true;
      } else if (lateCount < lateTarget && !defaults.has(b) && rng.chance(0.03)) {
        const delay = rng.int(2, 20);
        if (addDays(due, delay).getTime() <= AS_OF.getTime()) {
          outcome = "LATE";
          paidOn = addDays(due, delay);
          note = `因资金划付延迟，于到期日后第${delay}日完成兑付`;
          lateCount++;
        }
      }
      if (outcome === "DEFAULT" || outcome === "EXTENDED") unpaid = true;
      const reportedAt = notAfterSnapshot(beijing(paidOn ?? addDays(due, 1), 17));
      if (reportedAt.getTime() > lastReport.getTime()) lastReport = reportedAt;
      out.bondPayment.push({
        id: out.bondPayment.length + 1,
        scheduleItemId: itemId,
        paidOn,
        amountPaid: yuan(amountPaid),
        outcome,
        note,
        ...provenance(owner, reportedAt),
      });
    }

    const status: BondStatus = defaulted ? "DEFAULTED" : !extended && !unpaid && b.maturity.getTime() <= AS_OF.getTime() ? "REPAID" : "OUTSTANDING";
    out.bond.push({
      id: bondId,
      code,
      name,
      issuerId: b.issuer.id,
      kind: b.spec.kind,
      amount: b.amount.toFixed(2),
      couponRate: rate(b.coupon, 0.0001),
      issueDate: b.issueDate,
      maturityDate: b.maturity,
      statedPurpose: rng.pick(BOND_PURPOSES[b.spec.kind]),
      status,
      retiredAt: null,
      ...provenance(owner, issuedAt),
      updatedAt: status === "OUTSTANDING" ? issuedAt : maxDate(issuedAt, lastReport),
    });
  }
  return out;
}
