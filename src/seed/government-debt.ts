// Local government debt (FISCAL's data): financing platforms, debt items by class and level, and
// the replacement of pre-2015 stock debt by government bonds (置换, 2015–2018).
import type { DebtInstrument, GovernmentDebtClass } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, BUDGET_LAW, addDays, addYears, beijing, dateBetween, day, maxDate, notAfterSnapshot, yearOf } from "./calendar.ts";

/** 财预〔2017〕50号: from this day no local government may guarantee a borrower's debt. */
export const CONTINGENT_BAN = day(2017, 4, 25);
import { pad, roundYuan, scaled } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { ALL_PLACES, CITY, JIANGCHENG, YANGCHUN, YANGDONG, YANGXI, place } from "./places.ts";
import { PLATFORMS } from "./platforms.ts";
import { provenance } from "./provenance.ts";

/** how the debt stock splits between the city and the counties */
export const LEVEL_WEIGHTS: Record<string, number> = { [CITY]: 30, [JIANGCHENG]: 15, [YANGDONG]: 18, [YANGXI]: 15, [YANGCHUN]: 22 };
/** the city (441700) and the four counties, each a government level that borrows */
export const GOVERNMENT_LEVELS = ALL_PLACES.map((p) => p.code);

/** the government body that borrows in the name of a level */
const gov = (code: string): string => (code === CITY ? "阳江市" : code === JIANGCHENG || code === YANGDONG ? `阳江市${place(code).name}` : place(code).name);

const SPECIAL_UNITS = ["住房和城乡建设局", "交通运输局", "水务局", "自然资源局", "教育局", "卫生健康局"];

export function generatePlatformRows(profiles: readonly EnterpriseProfile[]): DemoData["financingPlatform"] {
  return profiles
    .filter((p) => p.platform !== null)
    .map((p, i) => {
      const spec = PLATFORMS[p.platform!]!;
      return {
        id: i + 1,
        enterpriseId: p.id,
        countyCode: spec.level,
        supervisingDepartment: spec.supervisor,
        transformationStatus: spec.status,
        transformationNote: spec.note,
        retiredAt: null,
        ...provenance("FISCAL", beijing(day(2016, 6, 30), 10)),
      };
    });
}

interface DebtDraft {
  level: string;
  debtClass: GovernmentDebtClass;
  instrument: DebtInstrument;
  platformId: number | null;
  borrowerUnit: string;
  principal: number;
  start: Date;
  maturity: Date;
  /** stock debt from before the 2015 budget law, a candidate for replacement */
  stock: boolean;
}

export function generateGovernmentDebt(
  rng: Random,
  scale: number,
  platforms: DemoData["financingPlatform"],
  profiles: readonly EnterpriseProfile[],
): { governmentDebt: DemoData["governmentDebt"]; debtReplacement: DemoData["debtReplacement"] } {
  const platformsAt = (level: string) => platforms.filter((p) => p.countyCode === level);
  // Before the 2015 Budget Law a level borrowed through banks, trusts and BT contracts; from 2015
  // its direct debt (GENERAL, SPECIAL) is government bonds only, and the contingent kinds stop
  // growing: a few guarantees and rescue duties until 财预〔2017〕50号 (2017-04-26) forbade them.
  const drafts: DebtDraft[] = Array.from({ length: scaled(200, scale, 20) }, () => {
    const level = rng.weighted(GOVERNMENT_LEVELS, GOVERNMENT_LEVELS.map((c) => LEVEL_WEIGHTS[c]!));
    const stock = rng.chance(0.4);
    const debtClass = stock
      ? rng.choose([["GENERAL", 35], ["SPECIAL", 30], ["CONTINGENT_GUARANTEE", 20], ["CONTINGENT_RESCUE", 15]] as const)
      : rng.choose([["GENERAL", 46], ["SPECIAL", 46], ["CONTINGENT_GUARANTEE", 4], ["CONTINGENT_RESCUE", 4]] as const);
    const contingent = debtClass.startsWith("CONTINGENT");
    const instrument: DebtInstrument = stock
      ? rng.choose([["BANK_LOAN", 60], ["TRUST", 15], ["BT_PROJECT", 15], ["OTHER", 10]] as const)
      : contingent
        ? rng.choose([["BANK_LOAN", 70], ["TRUST", 10], ["OTHER", 20]] as const)
        : "GOVERNMENT_BOND";
    const candidates = platformsAt(level);
    const tied = candidates.length > 0 && instrument !== "GOVERNMENT_BOND" && (contingent || stock || rng.chance(0.3));
    const platform = tied ? rng.pick(candidates) : null;
    const borrowerUnit = platform
      ? profiles[platform.enterpriseId - 1]!.name
      : instrument === "GOVERNMENT_BOND" || debtClass === "GENERAL"
        ? `${gov(level)}财政局`
        : `${gov(level)}${rng.pick(SPECIAL_UNITS)}`;
    const start = stock
      ? dateBetween(rng, day(2010, 1, 1), addDays(BUDGET_LAW, -1))
      : contingent
        ? dateBetween(rng, BUDGET_LAW, CONTINGENT_BAN)
        : dateBetween(rng, BUDGET_LAW, addDays(AS_OF, -15));
    const years = instrument === "GOVERNMENT_BOND" ? rng.pick([3, 5, 7, 10]) : rng.int(3, 10);
    const principal = Number(roundYuan(rng.logNormal(instrument === "GOVERNMENT_BOND" ? 1.5e8 : contingent ? 4e7 : 6e7, 0.9, 5e6, 3e9), 100_000));
    return { level, debtClass, instrument, platformId: platform?.id ?? null, borrowerUnit, principal, start, maturity: addYears(start, years), stock };
  });
  drafts.sort((a, b) => a.start.getTime() - b.start.getTime());

  // Replacement by government bonds (置换), 2015–2018, of up to 40 stock direct debts.
  const stockIdx = drafts.map((d, i) => (d.stock && !d.debtClass.startsWith("CONTINGENT") ? i : -1)).filter((i) => i >= 0);
  const replaced = new Set(rng.sample(stockIdx, 40));

  const governmentDebt: DemoData["governmentDebt"] = [];
  const debtReplacement: DemoData["debtReplacement"] = [];
  const bondSeq = new Map<number, number>();
  drafts.forEach((d, i) => {
    const id = i + 1;
    let balance: number;
    if (replaced.has(i)) {
      const replacedOn = dateBetween(rng, maxDate(day(2015, 7, 1), addDays(d.start, 60)), day(2018, 12, 20));
      const share = rng.chance(0.6) ? 1 : rng.real(0.5, 0.95);
      const amount = Number(roundYuan(d.principal * share, 10_000));
      const year = yearOf(replacedOn);
      const n = (bondSeq.get(year) ?? rng.int(1, 4)) + rng.int(0, 3);
      bondSeq.set(year, n);
      debtReplacement.push({
        id: debtReplacement.length + 1,
        governmentDebtId: id,
        replacedOn,
        amount: amount.toFixed(2),
        replacementBondCode: `${year}广东债${pad(n, 2)}`,
        ...provenance("FISCAL", beijing(addDays(replacedOn, 5), 10)),
      });
      balance = d.maturity.getTime() <= AS_OF.getTime() ? 0 : Math.max(0, d.principal - amount) * rng.real(0.3, 1);
    } else if (d.maturity.getTime() <= AS_OF.getTime()) {
      balance = 0;
    } else if (d.instrument === "GOVERNMENT_BOND") {
      balance = d.principal;
    } else if (d.debtClass.startsWith("CONTINGENT")) {
      // contingent debt is being worked down: much of what was guaranteed has been repaid
      balance = d.principal * rng.real(0.15, 0.7);
    } else {
      balance = d.principal * rng.real(0.4, 1);
    }
    governmentDebt.push({
      id,
      debtNo: `ZW${d.level}${yearOf(d.start)}${pad(id, 5)}`,
      countyCode: d.level,
      debtClass: d.debtClass,
      instrument: d.instrument,
      borrowerUnit: d.borrowerUnit,
      platformId: d.platformId,
      principal: d.principal.toFixed(2),
      balance: (Math.round(balance / 100) * 100).toFixed(2),
      startDate: d.start,
      maturityDate: d.maturity,
      retiredAt: null,
      ...provenance("FISCAL", notAfterSnapshot(beijing(day(2018, 12, 20), 10))),
    });
  });
  return { governmentDebt, debtReplacement };
}

