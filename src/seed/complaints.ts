// Complaints and reports received by the regulators (plan 二(二)2): the central bank branch and the
// banking regulator about banks, the insurance association about insurers, the finance bureau
// about local financial organisations and suspected illegal fundraising by enterprises. Most are
// concluded within a month or two; the latest are still open. About one in five is anonymous.
import type { Agency, ComplaintCategory, ComplaintChannel, InstitutionKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { addDays, minDate, notAfterSnapshot } from "./calendar.ts";
import { pad, scaled } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { personName } from "./names.ts";
import { makeIdNumber, makePhone } from "./ids.ts";
import { planPeriod } from "./trust-products.ts";
import { day } from "./calendar.ts";

const RECEIVERS: readonly (readonly [Agency, number])[] = [["CBRC", 4], ["PBOC", 3], ["FINANCE_BUREAU", 2], ["INSURANCE_ASSOC", 2]];
const SUBJECT_KINDS: Record<string, readonly InstitutionKind[]> = {
  CBRC: ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"],
  PBOC: ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"],
  INSURANCE_ASSOC: ["INSURER"],
  FINANCE_BUREAU: ["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"],
};
const CATEGORIES: Record<string, readonly (readonly [ComplaintCategory, number])[]> = {
  CBRC: [["MIS_SELLING", 3], ["FEES", 3], ["SERVICE", 2], ["DEBT_COLLECTION", 1]],
  PBOC: [["FEES", 2], ["SERVICE", 3], ["OTHER", 2]],
  INSURANCE_ASSOC: [["MIS_SELLING", 4], ["SERVICE", 2], ["OTHER", 1]],
  FINANCE_BUREAU: [["DEBT_COLLECTION", 3], ["FEES", 2], ["ILLEGAL_FUNDRAISING", 3]],
};
const SUMMARIES: Record<ComplaintCategory, string> = {
  MIS_SELLING: "反映工作人员将理财（保险）产品当作存款推介，未充分揭示风险",
  FEES: "反映贷款时被要求支付财务顾问费、承诺费等额外费用",
  ILLEGAL_FUNDRAISING: "举报该企业以高息回报为诱饵向社会公众吸收资金",
  DEBT_COLLECTION: "反映催收人员多次上门并骚扰亲友",
  SERVICE: "反映网点业务办理排队时间长、拒收零钞等服务问题",
  OTHER: "反映个人征信记录异议未及时处理",
};
const CHANNELS: readonly (readonly [ComplaintChannel, number])[] = [["HOTLINE", 5], ["ONLINE", 3], ["LETTER", 1], ["VISIT", 1], ["REFERRAL", 1]];

export function generateComplaints(rng: Random, scale: number, data: Pick<DemoData, "institution" | "enterprise" | "person">): DemoData["complaint"] {
  const usedIds = new Set(data.person.map((p) => p.idNumber));
  const usedPhones = new Set(data.person.flatMap((p) => (p.phone ? [p.phone] : [])));
  const { from, to } = planPeriod();
  const span = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const count = scaled(60, scale, 12);
  return Array.from({ length: count }, (_, i) => {
    const owner = rng.choose(RECEIVERS);
    const category = rng.choose(CATEGORIES[owner]!);
    // Illegal fundraising is reported against an enterprise; everything else against an institution.
    const enterprise = category === "ILLEGAL_FUNDRAISING" ? rng.pick(data.enterprise) : null;
    const institution = enterprise ? null : rng.pick(data.institution.filter((x) => SUBJECT_KINDS[owner]!.includes(x.kind)));
    const countyCode = enterprise?.countyCode ?? institution!.countyCode;
    const receivedOn = addDays(from, rng.int(0, span));
    const age = Math.round((to.getTime() - receivedOn.getTime()) / 86_400_000);
    const handledAfter = rng.int(5, 60);
    const status = handledAfter >= age ? (rng.chance(0.5) ? "RECEIVED" : "IN_PROGRESS") : rng.chance(0.85) ? "HANDLED" : "UNFOUNDED";
    const handledOn = status === "HANDLED" || status === "UNFOUNDED" ? minDate(addDays(receivedOn, handledAfter), to) : null;
    const anonymous = rng.chance(0.2);
    const female = rng.chance(0.5);
    const birth = day(rng.int(1950, 1995), rng.int(1, 12), rng.int(1, 28));
    return {
      id: i + 1,
      complaintNo: `TS${owner.slice(0, 3)}${receivedOn.getUTCFullYear()}-${pad(i + 1, 5)}`,
      receivedOn,
      channel: rng.choose(CHANNELS),
      countyCode,
      institutionId: institution?.id ?? null,
      enterpriseId: enterprise?.id ?? null,
      category,
      summary: SUMMARIES[category],
      status,
      handledOn,
      complainantName: anonymous ? null : personName(rng, female),
      complainantIdNumber: anonymous ? null : makeIdNumber(rng, countyCode, birth, female, usedIds),
      complainantPhone: anonymous ? null : makePhone(rng, usedPhones),
      ...provenance(owner, notAfterSnapshot(handledOn ?? receivedOn)),
      retiredAt: null,
    };
  });
}
