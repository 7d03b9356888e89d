// Actual controllers (实际控制人, plan 二(四)2): every enterprise on the debt-evasion list has one
// identified (they are the joint punishment targets), and about a third of the others. Most are
// the legal representative holding a majority stake; some control through relatives or agreements,
// and then the controller is another person of the same county.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { maxDate, notAfterSnapshot } from "./calendar.ts";
import { ratio } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { planPeriod } from "./trust-products.ts";

export function generateActualControllers(rng: Random, data: Pick<DemoData, "enterprise" | "person" | "dishonestyRecord">): DemoData["actualController"] {
  const evaders = new Set(data.dishonestyRecord.filter((r) => r.list === "DEBT_EVASION" && r.enterpriseId != null).map((r) => r.enterpriseId!));
  const byCounty = new Map<string, number[]>();
  for (const p of data.person) if (p.countyCode) byCounty.set(p.countyCode, [...(byCounty.get(p.countyCode) ?? []), p.id]);
  const { from } = planPeriod();
  const rows: DemoData["actualController"] = [];
  for (const e of data.enterprise) {
    if (!evaders.has(e.id) && !rng.chance(0.33)) continue;
    const basis = rng.choose([["EQUITY", 7], ["FAMILY", 2], ["AGREEMENT", 1]] as const);
    const neighbours = byCounty.get(e.countyCode) ?? [];
    const personId = basis === "EQUITY" && e.legalRepresentativeId != null ? e.legalRepresentativeId : neighbours.length ? rng.pick(neighbours) : e.legalRepresentativeId;
    if (personId == null) continue;
    const identifiedOn = maxDate(e.establishedOn, from);
    rows.push({
      id: rows.length + 1,
      enterpriseId: e.id,
      personId,
      basis,
      shareRatio: basis === "EQUITY" ? ratio(rng.real(0.51, 1)) : null,
      identifiedOn,
      ...provenance("MARKET_REGULATION", notAfterSnapshot(identifiedOn)),
      retiredAt: null,
    });
  }
  return rows;
}
