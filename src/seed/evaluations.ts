// Credit evaluations (信用评价) of enterprises by rating agencies and the PBOC's own scheme; the
// grade follows the firm's size and leverage.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, addYears, beijing, dateBetween, day, notAfterSnapshot } from "./calendar.ts";
import { clamp, scaled } from "./numbers.ts";
import { type EnterpriseProfile, latestLeverage } from "./enterprises.ts";
import { provenance } from "./provenance.ts";

const GRADES = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D"] as const;

const EVALUATORS: readonly (readonly [string, number])[] = [
  ["人民银行阳江市分行企业信用评级", 30],
  ["中诚信国际信用评级有限责任公司", 10],
  ["联合资信评估股份有限公司", 10],
  ["东方金诚国际信用评估有限公司", 8],
  ["大公国际资信评估有限公司", 6],
  ["广东中诚信用评估有限公司", 16],
  ["阳江市公共信用信息中心", 20],
];

function grade(rng: Random, p: EnterpriseProfile): string {
  // 0 = AAA … 9 = D
  let score = 4.3 - Math.log10(Math.max(1e6, p.assets) / 1e7) * 1.2 + (latestLeverage(p) - 0.55) * 8 + rng.normal() * 0.8;
  if (p.zombie) score += 3;
  if (p.platform !== null) score -= 1.5;
  return GRADES[clamp(Math.round(score), 0, GRADES.length - 1)]!;
}

export function generateEvaluations(rng: Random, scale: number, profiles: readonly EnterpriseProfile[]): DemoData["creditEvaluation"] {
  const seen = new Set<string>();
  const drafts: { p: EnterpriseProfile; evaluatedOn: Date; evaluator: string }[] = [];
  const target = scaled(1500, scale, 15);
  for (let guard = 0; drafts.length < target && guard < target * 10; guard++) {
    const p = rng.pick(profiles);
    const evaluatedOn = dateBetween(rng, day(2016, 1, 4), addDays(AS_OF, -3));
    const evaluator = rng.choose(EVALUATORS);
    const key = `${p.id}|${evaluatedOn.getTime()}|${evaluator}`;
    if (seen.has(key)) continue;
    seen.add(key);
    drafts.push({ p, evaluatedOn, evaluator });
  }
  drafts.sort((a, b) => a.evaluatedOn.getTime() - b.evaluatedOn.getTime() || a.p.id - b.p.id);
  return drafts.map(({ p, evaluatedOn, evaluator }, i) => ({
    id: i + 1,
    enterpriseId: p.id,
    evaluatedOn,
    grade: grade(rng, p),
    evaluator,
    validUntil: addDays(addYears(evaluatedOn, 1), -1),
    ...provenance("PBOC", notAfterSnapshot(beijing(addDays(evaluatedOn, 2), 10))),
  }));
}
