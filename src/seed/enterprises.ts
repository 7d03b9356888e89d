// Market entities: the financing platforms first (stable ids 1–12), then the generated firms.
// Besides the rows it keeps a profile per enterprise (size, leverage path, risk flags) that the
// loan, bond, credit and fundraising generators read, so every domain tells one consistent story.
import type { KeyIndustry, ListingStatus } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { addDays, addYears, beijing, dateBetween, day, maxDate, notAfterSnapshot } from "./calendar.ts";
import { drawListings } from "./listings.ts";
import { clamp, roundYuan, scaled } from "./numbers.ts";
import { brand, companySuffix } from "./names.ts";
import { type CodeRegistry, makeUscc } from "./ids.ts";
import { INDUSTRIES, type IndustryDef } from "./industries.ts";
import { COUNTY_CODES, COUNTY_WEIGHTS, JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";
import { PLATFORMS, platformRegistration } from "./platforms.ts";
import type { PersonBook } from "./persons.ts";
import { provenance } from "./provenance.ts";

export interface EnterpriseProfile {
  id: number;
  name: string;
  /** short name for bond names, e.g. 阳东金辉 */
  short: string;
  countyCode: string;
  industryCode: string;
  /** total assets at the end of 2018 (the dataset date), yuan */
  assets: number;
  /** asset-liability ratio at the ends of 2015, 2016, 2017, 2018 */
  leverage: readonly [number, number, number, number];
  /** yearly asset growth factor */
  growth: number;
  zombie: boolean;
  highTech: boolean;
  /** short-term borrowings exceed current assets (短贷长用) */
  mismatch: boolean;
  /** private lending (民间借贷) as a share of liabilities; 0 for most */
  privateLendingShare: number;
  /** index into PLATFORMS, or null */
  platform: number | null;
  listing: ListingStatus;
  listedOn: Date | null;
  establishedOn: Date;
  legalRepId: number;
}

export const latestLeverage = (p: EnterpriseProfile): number => p.leverage[3];
export const isHighLeverage = (p: EnterpriseProfile): boolean => p.leverage[3] > 0.7;

/** Relative likelihood of trouble (bad loans, dishonesty, default) compared with a sound firm. */
export function troubleWeight(p: EnterpriseProfile): number {
  let w = p.zombie ? 8 : isHighLeverage(p) ? 2.5 : 0.6;
  if (p.mismatch) w += 1;
  if (p.privateLendingShare > 0.1) w += 1;
  if (p.platform !== null) w *= 0.3;
  return w;
}

const NAME_PREFIXES: Record<string, readonly (readonly [string, string, number])[]> = {
  // [prefix in the full name, prefix in the short name, weight]
  [JIANGCHENG]: [["阳江市", "阳江", 6], ["阳江", "阳江", 2], ["广东", "广东", 1]],
  [YANGDONG]: [["阳江市", "阳江", 3], ["阳东区", "阳东", 3], ["阳江", "阳江", 1], ["广东", "广东", 1]],
  [YANGXI]: [["阳西县", "阳西", 6], ["阳江市", "阳江", 2], ["广东", "广东", 1]],
  [YANGCHUN]: [["阳春市", "阳春", 7], ["阳江市", "阳江", 1], ["广东", "广东", 1]],
};

interface Draft {
  countyCode: string;
  industry: IndustryDef;
  tags: KeyIndustry[];
  word: string;
  assets: number;
  leverage: [number, number, number, number];
  growth: number;
  zombie: boolean;
  highTech: boolean;
  mismatch: boolean;
  privateLendingShare: number;
  establishedOn: Date;
  listing: ListingStatus;
  listedOn: Date | null;
}

/** Year-end leverage 2015–2018 walked back from the latest; a positive drift means rising debt. */
function leveragePath(rng: Random, latest: number, drift: number): [number, number, number, number] {
  const y2017 = clamp(latest - (drift + 0.025 * rng.normal()), 0.12, 1.12);
  const y2016 = clamp(y2017 - (drift + 0.025 * rng.normal()), 0.12, 1.12);
  const y2015 = clamp(y2016 - (drift + 0.025 * rng.normal()), 0.12, 1.12);
  return [y2015, y2016, y2017, latest];
}

function draftFirm(rng: Random, industryPicker: WeightedIndex): Draft {
  const industry = INDUSTRIES[industryPicker.draw(rng)]!;
  const countyWeights = industry.counties ?? COUNTY_WEIGHTS;
  const countyCode = rng.weighted(COUNTY_CODES, COUNTY_CODES.map((c) => countyWeights[c] ?? 0));
  const trade = rng.pick(industry.words);
  const zombie = rng.chance(0.03);
  const highTech = !zombie && rng.chance(industry.highTech ?? 0.03);
  let latest: number;
  const r = rng.next();
  if (zombie) latest = rng.real(0.86, 1.06);
  else if (r < 0.19) latest = rng.real(0.705, 0.93);
  else if (r < 0.29) latest = rng.real(0.18, 0.4);
  else latest = rng.real(0.4, 0.7);
  const highLeverage = latest > 0.7;
  const mismatch = rng.chance(zombie ? 0.35 : highLeverage ? 0.15 : 0.03);
  const p = rng.next();
  const privateLendingShare = p < 0.88 ? 0 : p < 0.96 ? rng.real(0.01, 0.08) : rng.real(0.1, 0.3);
  // Firms registered in the last decade outnumber the old ones; every firm predates the loan book
  // (2015) so its statements cover the whole history.
  const establishedOn = addDays(day(1985, 1, 1), Math.floor(Math.sqrt(rng.next()) * 10_950));
  return {
    countyCode,
    industry,
    tags: trade.tags,
    word: trade.word,
    assets: rng.logNormal(40e6 * (industry.sizeFactor ?? 1), 1.2, 2e6, 1e10),
    leverage: leveragePath(rng, latest, zombie ? 0.04 : 0.01),
    growth: zombie ? rng.real(0.88, 1.0) : rng.real(0.98, 1.15),
    zombie,
    highTech,
    mismatch,
    privateLendingShare,
    establishedOn,
    listing: "NONE",
    listedOn: null,
  };
}

function applyListings(rng: Random, drafts: Draft[]): void {
  const weights = drafts.map((d) => (d.zombie ? 0 : Math.pow(d.assets, 0.8) * (d.highTech ? 2 : 1)));
  for (const { index, board, listedOn, sizeBoost } of drawListings(rng, weights)) {
    const d = drafts[index]!;
    // Listed firms are bigger, soberly financed and old enough to have a track record.
    d.listing = board;
    d.listedOn = listedOn;
    d.assets *= sizeBoost;
    d.leverage = leveragePath(rng, rng.real(0.3, 0.62), 0.005);
    d.mismatch = false;
    d.privateLendingShare = 0;
    if (d.establishedOn.getTime() > addYears(listedOn, -3).getTime()) d.establishedOn = addYears(listedOn, -rng.int(3, 15));
  }
}

export interface EnterpriseSet {
  rows: DemoData["enterprise"];
  profiles: EnterpriseProfile[];
}

export function generateEnterprises(rng: Random, scale: number, persons: PersonBook, codes: CodeRegistry): EnterpriseSet {
  const rows: DemoData["enterprise"] = [];
  const profiles: EnterpriseProfile[] = [];
  const names = new Set<string>();
  const repsByCounty = new Map<string, number[]>();

  const add = (draft: Draft, name: string, short: string, platform: number | null, registeredCapital: number): void => {
    const id = rows.length + 1;
    const reportedAt = notAfterSnapshot(beijing(addDays(maxDate(draft.establishedOn, draft.listedOn ?? draft.establishedOn), 3), 10));
    // A few people represent more than one company.
    const known = repsByCounty.get(draft.countyCode) ?? [];
    const legalRepId =
      known.length > 20 && rng.chance(0.04)
        ? rng.pick(known)
        : persons.add({ countyCode: draft.countyCode, owner: "MARKET_REGULATION", reportedAt, bornFrom: 1952, bornTo: 1992 });
    known.push(legalRepId);
    repsByCounty.set(draft.countyCode, known);
    names.add(name);
    rows.push({
      id,
      uscc: makeUscc(rng, draft.countyCode, draft.establishedOn, codes.uscc),
      name,
      countyCode: draft.countyCode,
      industryCode: draft.industry.code,
      listingStatus: draft.listing,
      listedOn: draft.listedOn,
      keyIndustries: draft.tags,
      isZombie: draft.zombie,
      isHighTech: draft.highTech,
      registeredCapital: roundYuan(registeredCapital, 100_000),
      establishedOn: draft.establishedOn,
      legalRepresentativeId: legalRepId,
      retiredAt: null,
      ...provenance("MARKET_REGULATION", reportedAt),
    });
    profiles.push({
      id,
      name,
      short,
      countyCode: draft.countyCode,
      industryCode: draft.industry.code,
      assets: draft.assets,
      leverage: draft.leverage,
      growth: draft.growth,
      zombie: draft.zombie,
      highTech: draft.highTech,
      mismatch: draft.mismatch,
      privateLendingShare: draft.privateLendingShare,
      platform,
      listing: draft.listing,
      listedOn: draft.listedOn,
      establishedOn: draft.establishedOn,
      legalRepId,
    });
  };

  PLATFORMS.forEach((spec, index) => {
    const industry = INDUSTRIES.find((i) => i.code === spec.industryCode)!;
    // City and county platforms of a ¥1,300亿-GDP city: a few billion yuan of assets each.
    const assets = rng.logNormal(4e9, 0.6, 1.2e9, 2e10);
    add(
      {
        countyCode: platformRegistration(spec),
        industry,
        tags: [],
        word: "",
        assets,
        leverage: leveragePath(rng, rng.real(0.55, 0.72), 0.01),
        growth: rng.real(1.03, 1.1),
        zombie: false,
        highTech: false,
        mismatch: false,
        privateLendingShare: 0,
        establishedOn: dateBetween(rng, day(2003, 1, 1), day(2012, 12, 31)),
        listing: "NONE",
        listedOn: null,
      },
      spec.name,
      spec.short,
      index,
      Math.round(assets * rng.real(0.05, 0.15)),
    );
  });

  const industryPicker = new WeightedIndex(INDUSTRIES.map((i) => i.weight));
  const drafts = Array.from({ length: scaled(2000, scale, 200) }, () => draftFirm(rng, industryPicker));
  applyListings(rng, drafts);

  for (const d of drafts) {
    const jointStock = d.listing === "A_SHARE" || d.listing === "NEEQ" || (d.assets > 1e9 && rng.chance(0.3));
    let name = "";
    let short = "";
    for (let attempt = 0; ; attempt++) {
      const [prefix, shortPrefix] = rng.choose(NAME_PREFIXES[d.countyCode]!.map((e) => [[e[0], e[1]], e[2]] as const));
      const b = brand(rng, attempt < 20 ? 2 : 3);
      name = prefix + b + d.word + companySuffix(rng, jointStock, d.industry.section);
      short = shortPrefix + b;
      if (!names.has(name)) break;
      if (attempt > 200) throw new Error("seed: ran out of unique enterprise names; lower the scale");
    }
    add(d, name, short, null, d.assets * rng.real(0.04, 0.3));
  }
  return { rows, profiles };
}
