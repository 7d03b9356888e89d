// Zombie enterprises' asset and equity listings (plan 二(四)3): about a third of the zombies list
// something (equity, premises, equipment, land use rights) at an operating property-rights or
// equity exchange, priced from the latest total assets they reported; some then sell, at a
// discount, and some withdraw.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { addDays, minDate, notAfterSnapshot } from "./calendar.ts";
import { pad, roundYuan } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { planPeriod } from "./trust-products.ts";
import { latestAnnualAssets } from "./derived.ts";

const KINDS = [["EQUITY", 3], ["REAL_ESTATE", 3], ["EQUIPMENT", 2], ["LAND_USE_RIGHT", 2]] as const;
const DESCRIPTIONS: Record<(typeof KINDS)[number][0], string> = {
  EQUITY: "全部股权（100%）转让",
  REAL_ESTATE: "厂房及办公楼房产",
  EQUIPMENT: "生产线设备一批",
  LAND_USE_RIGHT: "国有建设用地使用权（工业用地）",
};
/** Share of total assets asked for each kind. */
const SHARE: Record<(typeof KINDS)[number][0], readonly [number, number]> = { EQUITY: [0.1, 0.4], REAL_ESTATE: [0.1, 0.3], EQUIPMENT: [0.03, 0.12], LAND_USE_RIGHT: [0.08, 0.25] };

export function generateZombieAssets(rng: Random, data: Pick<DemoData, "enterprise" | "tradingVenue" | "financialStatement">): DemoData["zombieAssetListing"] {
  const venues = data.tradingVenue.filter((v) => v.status === "OPERATING" && (v.kind === "PROPERTY_RIGHTS_EXCHANGE" || v.kind === "EQUITY_EXCHANGE"));
  const assets = latestAnnualAssets(data);
  const { from, to } = planPeriod();
  const rows: DemoData["zombieAssetListing"] = [];
  for (const e of data.enterprise) {
    if (!e.isZombie || !rng.chance(0.35)) continue;
    const total = assets.get(e.id) ?? Number(e.registeredCapital) * 2;
    for (let k = rng.int(1, 2); k > 0; k--) {
      const kind = rng.choose(KINDS);
      const listedOn = addDays(from, rng.int(0, Math.max(0, Math.round((to.getTime() - from.getTime()) / 86_400_000) - 60)));
      const asking = total * rng.real(...SHARE[kind]);
      const status = rng.choose([["LISTED", 4], ["TRANSACTED", 4], ["WITHDRAWN", 1]] as const);
      const transactedOn = status === "TRANSACTED" ? minDate(addDays(listedOn, rng.int(20, 180)), to) : null;
      const venue = venues.length && rng.chance(0.85) ? rng.pick(venues) : null;
      const n = rows.length + 1;
      rows.push({
        id: n,
        listingNo: `ZA${listedOn.getUTCFullYear()}-${pad(n, 5)}`,
        enterpriseId: e.id,
        assetKind: kind,
        description: `${e.name}${DESCRIPTIONS[kind]}`,
        venueId: venue?.id ?? null,
        listedOn,
        askingPrice: roundYuan(asking, 1e4),
        status,
        transactionPrice: transactedOn ? roundYuan(asking * rng.real(0.6, 1), 1e4) : null,
        transactedOn,
        ...provenance("INDUSTRY_IT", notAfterSnapshot(addDays(transactedOn ?? listedOn, 3))),
        retiredAt: null,
      });
    }
  }
  return rows;
}
