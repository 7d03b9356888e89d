// Filtering and ordering of enterprise lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DecimalRange, DateRange, decimalRangeWhere, dateRangeWhere } from "../graph/ranges.ts";
import { KeyIndustryEnum, ListingStatusEnum } from "./enterprise.enums.ts";
import { containsText } from "../graph/text-filter.ts";
import { badInput } from "../reference/places.ts";
import { loaderFor } from "../graph/loaders.ts";
import { queryWithoutJit } from "../db/without-jit.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { hasRisk, RISK_KEYS, riskMatchSql, type RiskConditions } from "./enterprise-risk.sql.ts";

type ListingStatus = "A_SHARE" | "NEEQ" | "REGIONAL_EQUITY" | "NONE";
type KeyIndustry = "NICKEL_ALLOY" | "YACHT" | "NEW_BUILDING_MATERIALS" | "MARINE_EQUIPMENT" | "POWER_ENERGY";

export interface EnterpriseFilterShape extends RiskConditions {
  county?: string | null;
  industry?: string | null;
  listingStatus?: ListingStatus[] | null;
  keyIndustry?: KeyIndustry | null;
  isZombie?: boolean | null;
  isHighTech?: boolean | null;
  nameContains?: string | null;
  registeredCapital?: { min?: Prisma.Decimal | null; max?: Prisma.Decimal | null } | null;
  establishedOn?: { from?: Date | null; to?: Date | null } | null;
  includeRetired?: boolean | null;
  anyOf?: EnterpriseFilterShape[] | null;
}

export const EnterpriseFilter = builder.inputRef<EnterpriseFilterShape>("EnterpriseFilter").implement({
  description:
    "Narrows a list of enterprises; all given conditions must hold (and one of `anyOf`, when given). " +
    "The risk conditions (debt ratio, short loans used long, private lending, guarantees, lending banks, related-party lending) are decided in the database; " +
    "each reads the data it filters on, so it needs clear read access to that data's resource, as the field of the same name does.",
  fields: (t) => ({
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    industry: t.string({ description: "GB/T 4754 division code, e.g. C33." }),
    listingStatus: t.field({ type: [ListingStatusEnum], description: "Any of these listing statuses." }),
    keyIndustry: t.field({ type: KeyIndustryEnum, description: "Tagged with this key industry." }),
    isZombie: t.boolean({ description: "On (true) or off (false) the zombie registry." }),
    isHighTech: t.boolean({ description: "High-tech (true) or not (false)." }),
    nameContains: t.string({ description: "Name contains this text." }),
    registeredCapital: t.field({ type: DecimalRange, description: "Registered capital within this range (yuan)." }),
    establishedOn: t.field({ type: DateRange, description: "Established within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false). Applies to the whole filter, not inside `anyOf`." }),
    debtRatioAbove: t.field({
      type: "Decimal",
      description: "Asset-liability ratio (资产负债率) of the latest annual statement above this fraction (0.7 = 70%), as `assetLiabilityRatio` computes it. Reads enterprise.statements.",
    }),
    aboveDebtRatioWatchLine: t.boolean({
      description:
        "The latest annual asset-liability ratio crosses (true) or stays within (false) the enterprise watch line in force at the statement's period end (70%, seed 二(一)4; a watch_line row FINANCE_BUREAU keeps), as `exceedsLiabilityWatchLine`. Enterprises without a statement match neither. Reads enterprise.statements.",
    }),
    shortLoansUsedLong: t.boolean({
      description: "Short loans used long (短贷长用) in the latest annual statement (true) or not (false): short-term borrowings exceed current assets, as the field of the same name. Reads enterprise.statements.",
    }),
    privateLendingShareAbove: t.field({
      type: "Decimal",
      description: "Private lending (民间借贷) above this fraction of total liabilities in the latest annual statement (0.2 = 20%). Reads enterprise.statements.",
    }),
    inGuaranteeCircle: t.boolean({
      description: "In (true) or not in (false) a guarantee circle (担保圈) of up to 8 members, mutual guarantees included, as `inGuaranteeCircle`. Reads debt.guarantees.",
    }),
    inMutualGuarantee: t.boolean({
      description: "In (true) or not in (false) a mutual guarantee (互保): it guarantees an enterprise that guarantees it (guarantees not retired). Reads debt.guarantees.",
    }),
    lendingBanksAtLeast: t.int({
      description: "Borrows from at least this many lending institutions (多头授信): distinct lenders of its loans not retired with a balance above zero. Reads debt.loans.",
    }),
    relatedPartyLending: t.boolean({
      description:
        "Related-party lending (关联授信) (true) or none (false): a bank it owes (a loan not retired, balance above zero) also has such a loan to another enterprise with the same legal representative (法定代表人), " +
        "i.e. the bank lends to a group under common control as far as the registry shows it. A county sees only related enterprises of its county. Reads debt.loans and person.identity.",
    }),
    anyOf: t.field({
      type: [EnterpriseFilter],
      description: "At least one of these filters must hold too (OR), e.g. in a guarantee circle OR 3+ lending banks. They may not nest `anyOf` again.",
    }),
  }),
});

/** The conditions of one filter node that Prisma can express (no retired rule, no anyOf). */
async function plainWhere(filter: EnterpriseFilterShape, ctx: GraphContext, path: string): Promise<Prisma.EnterpriseWhereInput> {
  const where: Prisma.EnterpriseWhereInput = {};
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, `${path}.county`);
  if (filter.industry) where.industryCode = filter.industry;
  if (filter.listingStatus?.length) where.listingStatus = { in: filter.listingStatus };
  if (filter.keyIndustry) where.keyIndustries = { has: filter.keyIndustry };
  if (filter.isZombie != null) where.isZombie = filter.isZombie;
  if (filter.isHighTech != null) where.isHighTech = filter.isHighTech;
  if (filter.nameContains) where.name = containsText(filter.nameContains);
  if (filter.registeredCapital) where.registeredCapital = decimalRangeWhere(filter.registeredCapital, `${path}.registeredCapital`);
  if (filter.establishedOn) where.establishedOn = dateRangeWhere(filter.establishedOn, `${path}.establishedOn`);
  return where;
}

function checkRisk(filter: EnterpriseFilterShape, path: string): void {
  for (const key of ["debtRatioAbove", "privateLendingShareAbove"] as const) {
    const v = filter[key];
    if (v != null && (v.lt(0) || v.gt(1000))) throw badInput({ key: "argument.ratioRange", params: { field: `${path}.${key}` } }, `${path}.${key}`, "range");
  }
  if (filter.lendingBanksAtLeast != null && filter.lendingBanksAtLeast < 1)
    throw badInput({ key: "argument.lendingBanksAtLeast", params: { field: `${path}.lendingBanksAtLeast` } }, `${path}.lendingBanksAtLeast`, "min");
}

/**
 * The ids meeting each node's risk conditions (null for a node without any), from one statement
 * per request and filter (a connection's page and its totalCount share it).
 */
async function riskMatches(ctx: GraphContext, nodes: readonly EnterpriseFilterShape[]): Promise<(number[] | null)[]> {
  const risky = nodes.map((n, i) => ({ n, i })).filter(({ n }) => hasRisk(n));
  if (!risky.length) return nodes.map(() => null);
  const conditions = risky.map(({ n }) => Object.fromEntries(RISK_KEYS.map((k) => [k, n[k] ?? null])) as RiskConditions);
  const key = JSON.stringify(conditions);
  const rows = await loaderFor<string, Array<Record<string, unknown>>>(ctx, "enterpriseRisk", (keys) =>
    Promise.all(keys.map((k) => queryWithoutJit<Record<string, unknown>>(ctx.prisma, riskMatchSql(JSON.parse(k) as RiskConditions[], scopedCounty(ctx))))),
  ).load(key);
  const out: (number[] | null)[] = nodes.map(() => null);
  risky.forEach(({ i }, column) => {
    out[i] = rows.filter((r) => r[`n${column}`] === true).map((r) => Number(r.id));
  });
  return out;
}

export async function enterpriseWhere(filter: EnterpriseFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.EnterpriseWhereInput> {
  const retired: Prisma.EnterpriseWhereInput = filter?.includeRetired ? {} : { retiredAt: null };
  if (!filter) return retired;
  const alternatives = filter.anyOf ?? [];
  alternatives.forEach((a, i) => {
    if (a.anyOf?.length) throw badInput({ key: "argument.anyOfNesting", params: { field: `filter.anyOf.${i}.anyOf` } }, `filter.anyOf.${i}.anyOf`, "nesting");
    checkRisk(a, `filter.anyOf.${i}`);
  });
  checkRisk(filter, "filter");
  const ids = await riskMatches(ctx, [filter, ...alternatives]);
  const and: Prisma.EnterpriseWhereInput[] = [retired, await plainWhere(filter, ctx, "filter")];
  if (ids[0]) and.push({ id: { in: ids[0] } });
  if (alternatives.length) {
    const or = await Promise.all(
      alternatives.map(async (a, i) => {
        const where = await plainWhere(a, ctx, `filter.anyOf.${i}`);
        const matched = ids[i + 1];
        return matched ? { AND: [where, { id: { in: matched } }] } : where;
      }),
    );
    and.push({ OR: or });
  }
  return { AND: and.filter((w) => Object.keys(w).length) };
}

const EnterpriseOrderField = builder.enumType("EnterpriseOrderField", {
  description: "Columns enterprise lists can be ordered by.",
  values: {
    NAME: { description: "Registered name." },
    USCC: { description: "Unified social credit code." },
    ESTABLISHED_ON: { description: "Date of establishment." },
    REGISTERED_CAPITAL: { description: "Registered capital." },
    UPDATED_AT: { description: "Last change on the platform." },
  } as const,
});

export const EnterpriseOrder = orderInput("EnterpriseOrder", EnterpriseOrderField, "An ordering of enterprises; ties are broken by registration order.");

export const enterpriseOrderBy = (order: ReadonlyArray<typeof EnterpriseOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    NAME: (d) => ({ name: d }),
    USCC: (d) => ({ uscc: d }),
    ESTABLISHED_ON: (d) => ({ establishedOn: d }),
    REGISTERED_CAPITAL: (d) => ({ registeredCapital: d }),
    UPDATED_AT: (d) => ({ updatedAt: d }),
  }) as Prisma.EnterpriseOrderByWithRelationInput[];
