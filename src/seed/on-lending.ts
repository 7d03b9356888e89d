// On-lending (转贷) of provincial government bonds to the city and counties: Guangdong issues,
// the city and counties repay the province.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, addYears, beijing, dateBetween, day, notAfterSnapshot, yearOf } from "./calendar.ts";
import { pad, roundYuan } from "./numbers.ts";
import { GOVERNMENT_LEVELS, LEVEL_WEIGHTS } from "./government-debt.ts";
import { provenance } from "./provenance.ts";

const ON_LENDING_PURPOSES: Record<"GENERAL" | "SPECIAL", readonly string[]> = {
  GENERAL: ["义务教育学校建设", "县级医院改扩建", "农村公路提级改造", "乡村振兴基础设施", "城乡防洪排涝设施"],
  SPECIAL: ["棚户区改造", "阳江港海陵湾港区基础设施建设", "城镇污水处理设施建设", "产业园区基础设施", "高速公路连接线建设", "保障性安居工程"],
};

export function generateOnLending(rng: Random): DemoData["bondOnLending"] {
  const drafts = Array.from({ length: 20 }, () => {
    const debtClass = rng.choose([["GENERAL", 45], ["SPECIAL", 55]] as const);
    const lentOn = dateBetween(rng, day(2016, 3, 1), addDays(AS_OF, -20));
    return { debtClass, lentOn, level: rng.weighted(GOVERNMENT_LEVELS, GOVERNMENT_LEVELS.map((c) => LEVEL_WEIGHTS[c]!)) };
  });
  drafts.sort((a, b) => a.lentOn.getTime() - b.lentOn.getTime());
  const perYear = new Map<number, number>();
  return drafts.map((d, i) => {
    const year = yearOf(d.lentOn);
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    return {
      id: i + 1,
      referenceNo: `ZD${year}${pad(seq, 3)}`,
      countyCode: d.level,
      provincialBondCode: `${year}广东${d.debtClass === "SPECIAL" ? "专项" : ""}债${pad(rng.int(1, 40), 2)}`,
      debtClass: d.debtClass,
      amount: roundYuan(rng.logNormal(2e8, 0.8, 2e7, 2e9), 1_000_000),
      lentOn: d.lentOn,
      maturityDate: addYears(d.lentOn, rng.pick([5, 7, 10, 15, 20, 30])),
      purpose: rng.pick(ON_LENDING_PURPOSES[d.debtClass]),
      ...provenance("FISCAL", notAfterSnapshot(beijing(addDays(d.lentOn, 3), 10))),
    };
  });
}
