// PPP projects (政府和社会资本合作) and the government's yearly payment obligation under each;
// user-paid projects (water, waste-to-energy, parking) cost the budget little.
import type { PppStatus } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, addYears, beijing, dateBetween, day, notAfterSnapshot, yearOf } from "./calendar.ts";
import { pad, roundYuan } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { CITY, JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";
import { provenance } from "./provenance.ts";

const PPP_PROJECTS: readonly [name: string, level: string, userPays: boolean][] = [
  ["阳江市区污水处理厂提标改造PPP项目", CITY, false],
  ["阳江市滨海新区海滨大道PPP项目", CITY, false],
  ["阳江市生活垃圾焚烧发电PPP项目", CITY, true],
  ["阳江市城市综合管廊PPP项目", CITY, false],
  ["阳江市中心城区智慧停车PPP项目", CITY, true],
  ["阳江市体育中心运营PPP项目", CITY, false],
  ["江城区黑臭水体综合整治PPP项目", JIANGCHENG, false],
  ["江城区老旧小区改造PPP项目", JIANGCHENG, false],
  ["江城区城乡供水管网PPP项目", JIANGCHENG, true],
  ["阳东区东平渔港综合整治PPP项目", YANGDONG, false],
  ["阳东区农村生活污水治理PPP项目", YANGDONG, false],
  ["阳东区合山镇产业园基础设施PPP项目", YANGDONG, false],
  ["阳东区城区道路提升PPP项目", YANGDONG, false],
  ["阳西县城乡供水一体化PPP项目", YANGXI, true],
  ["阳西县沙扒湾旅游基础设施PPP项目", YANGXI, false],
  ["阳西县县城污水管网PPP项目", YANGXI, false],
  ["阳春市城区污水处理PPP项目", YANGCHUN, false],
  ["阳春市凌霄岩景区提升PPP项目", YANGCHUN, true],
  ["阳春市乡镇卫生院改扩建PPP项目", YANGCHUN, false],
  ["阳春市农村公路建设PPP项目", YANGCHUN, false],
];

export function generatePpp(rng: Random, profiles: readonly EnterpriseProfile[]): DemoData["pppProject"] {
  const builders = profiles.filter((p) => (p.industryCode === "E47" || p.industryCode === "E48") && p.platform === null && !p.zombie);
  const seq = new Map<string, number>();
  return PPP_PROJECTS.map(([name, level, userPays], i) => {
    // The stadium operation contract was a ten-year one from 2008 and has been handed back.
    const handedBack = name.includes("体育中心");
    const start = handedBack ? dateBetween(rng, day(2008, 3, 1), day(2008, 9, 30)) : dateBetween(rng, day(2015, 6, 1), day(2018, 10, 31));
    const termYears = handedBack ? 10 : rng.pick([12, 15, 20, 25, 30]);
    const total = rng.logNormal(4e8, 0.7, 8e7, 3e9);
    const status: PppStatus =
      addYears(start, termYears).getTime() <= AS_OF.getTime()
        ? "HANDOVER"
        : yearOf(start) >= 2018
          ? rng.choose([["PREPARATION", 1], ["PROCUREMENT", 2]] as const)
          : yearOf(start) === 2017
            ? rng.choose([["PROCUREMENT", 1], ["EXECUTION", 2]] as const)
            : "EXECUTION";
    const local = builders.filter((b) => b.countyCode === (level === CITY ? JIANGCHENG : level));
    const partner = status === "PREPARATION" ? null : local.length > 0 && rng.chance(0.7) ? rng.pick(local) : builders.length > 0 ? rng.pick(builders) : null;
    const year = yearOf(start);
    const n = (seq.get(level) ?? 0) + 1;
    seq.set(level, n);
    return {
      id: i + 1,
      projectNo: `PPP${level}${year}${pad(n, 3)}`,
      name,
      countyCode: level,
      partnerId: partner?.id ?? null,
      totalInvestment: roundYuan(total, 100_000),
      annualGovernmentPayment: roundYuan(total * (userPays ? rng.real(0.0, 0.03) : rng.real(0.06, 0.11)), 10_000),
      startDate: start,
      termYears,
      status,
      retiredAt: null,
      ...provenance("FISCAL", notAfterSnapshot(beijing(addDays(start, 10), 10))),
    };
  });
}
