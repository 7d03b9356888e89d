// Zombie enterprises' asset listings: one by number, and a filtered, ordered list.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { ZombieAssetKindEnum, ZombieAssetStatusEnum } from "./risk-disposal.enums.ts";

const ZombieAssetListingFilter = builder.inputType("ZombieAssetListingFilter", {
  description: "Narrows a list of zombie-asset listings; all given conditions must hold.",
  fields: (t) => ({
    assetKind: t.field({ type: [ZombieAssetKindEnum], description: "Any of these kinds of asset." }),
    status: t.field({ type: [ZombieAssetStatusEnum], description: "Any of these statuses." }),
    enterprise: t.string({ description: "The enterprise's unified social credit code." }),
    county: t.string({ description: "The enterprise's county, as a division code (441704) or name (阳东区)." }),
    venueCode: t.string({ description: "Listed at this trading venue." }),
    listedOn: t.field({ type: DateRange, description: "Listed within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include listings the owner retired (default false)." }),
  }),
});

async function listingWhere(filter: typeof ZombieAssetListingFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.ZombieAssetListingWhereInput> {
  const where: Prisma.ZombieAssetListingWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.assetKind?.length) where.assetKind = { in: filter.assetKind };
  if (filter?.status?.length) where.status = { in: filter.status };
  const enterprise: Prisma.EnterpriseWhereInput = {};
  if (filter?.enterprise) enterprise.uscc = filter.enterprise;
  if (filter?.county) enterprise.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (Object.keys(enterprise).length) where.enterprise = enterprise;
  if (filter?.venueCode) where.venue = { code: filter.venueCode };
  if (filter?.listedOn) where.listedOn = dateRangeWhere(filter.listedOn, "filter.listedOn");
  return where;
}

const ZombieAssetListingOrderField = builder.enumType("ZombieAssetListingOrderField", {
  description: "Columns zombie-asset listings can be ordered by.",
  values: { LISTED_ON: { description: "Listing date (挂牌日期)." }, ASKING_PRICE: { description: "Asking price (挂牌价)." } } as const,
});
const ZombieAssetListingOrder = orderInput("ZombieAssetListingOrder", ZombieAssetListingOrderField, "An ordering of zombie-asset listings; ties are broken by the order they were recorded.");

const orderBy = (order: ReadonlyArray<typeof ZombieAssetListingOrder.$inferInput> | null | undefined) =>
  toOrderBy(order ?? [{ field: "LISTED_ON", direction: "DESC" }], {
    LISTED_ON: (d) => ({ listedOn: d }),
    ASKING_PRICE: (d) => ({ askingPrice: d }),
  }) as Prisma.ZombieAssetListingOrderByWithRelationInput[];

builder.queryFields((t) => ({
  zombieAssetListing: t.prismaField({
    type: "ZombieAssetListing",
    nullable: true,
    description: "One zombie-asset listing by its number; null when there is none.",
    args: { listingNo: t.arg.string({ required: true, description: "The listing number." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.zombieAssetListing.findFirst({ ...query, where: scoped(ctx, "ZombieAssetListing", { listingNo: args.listingNo }) }),
  }),
  zombieAssetListings: t.prismaConnection({
    type: "ZombieAssetListing",
    cursor: "id",
    description: "Zombie enterprises' asset and equity listings (“僵尸企业”产权、股权交易信息发布, plan 二(四)3), latest first unless ordered otherwise.",
    args: {
      filter: t.arg({ type: ZombieAssetListingFilter, description: "Conditions the listings must meet." }),
      orderBy: t.arg({ type: [ZombieAssetListingOrder], description: "Sort order; the default is latest listed first." }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.zombieAssetListing.findMany({ ...query, where: scoped(ctx, "ZombieAssetListing", await listingWhere(args.filter, ctx)), orderBy: orderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.zombieAssetListing.count({ where: scoped(ctx, "ZombieAssetListing", await listingWhere(args.filter, ctx)) }),
  }),
}));
