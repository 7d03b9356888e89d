// Complaints: one by number, and a filtered, ordered list.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { ComplaintCategoryEnum, ComplaintChannelEnum, ComplaintStatusEnum } from "./complaint.enums.ts";

const ComplaintFilter = builder.inputType("ComplaintFilter", {
  description: "Narrows a list of complaints; all given conditions must hold.",
  fields: (t) => ({
    receivedBy: t.field({ type: [AgencyEnum], description: "Received by any of these regulators." }),
    channel: t.field({ type: [ComplaintChannelEnum], description: "Any of these channels." }),
    category: t.field({ type: [ComplaintCategoryEnum], description: "Any of these categories." }),
    status: t.field({ type: [ComplaintStatusEnum], description: "Any of these statuses." }),
    county: t.string({ description: "The county it concerns, as a division code (441704) or name (阳东区)." }),
    institution: t.string({ description: "About this institution (its code)." }),
    enterprise: t.string({ description: "About this enterprise (its unified social credit code)." }),
    receivedOn: t.field({ type: DateRange, description: "Received within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include complaints the owner retired (default false)." }),
  }),
});

async function complaintWhere(filter: typeof ComplaintFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.ComplaintWhereInput> {
  const where: Prisma.ComplaintWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.receivedBy?.length) where.ownerAgency = { in: filter.receivedBy };
  if (filter?.channel?.length) where.channel = { in: filter.channel };
  if (filter?.category?.length) where.category = { in: filter.category };
  if (filter?.status?.length) where.status = { in: filter.status };
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.institution) where.institution = { code: filter.institution };
  if (filter?.enterprise) where.enterprise = { uscc: filter.enterprise };
  if (filter?.receivedOn) where.receivedOn = dateRangeWhere(filter.receivedOn, "filter.receivedOn");
  return where;
}

const ComplaintOrderField = builder.enumType("ComplaintOrderField", {
  description: "Columns complaint lists can be ordered by.",
  values: { RECEIVED_ON: { description: "Date received (受理日期)." }, HANDLED_ON: { description: "Date concluded (办结日期); open ones last ascending." } } as const,
});
const ComplaintOrder = orderInput("ComplaintOrder", ComplaintOrderField, "An ordering of complaints; ties are broken by the order they were recorded.");

const orderBy = (order: ReadonlyArray<typeof ComplaintOrder.$inferInput> | null | undefined) =>
  toOrderBy(order ?? [{ field: "RECEIVED_ON", direction: "DESC" }], {
    RECEIVED_ON: (d) => ({ receivedOn: d }),
    HANDLED_ON: (d) => ({ handledOn: { sort: d, nulls: "last" } }),
  }) as Prisma.ComplaintOrderByWithRelationInput[];

builder.queryFields((t) => ({
  complaint: t.prismaField({
    type: "Complaint",
    nullable: true,
    description: "One complaint by its registration number; null when there is none.",
    args: { complaintNo: t.arg.string({ required: true, description: "The registration number." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.complaint.findFirst({ ...query, where: scoped(ctx, "Complaint", { complaintNo: args.complaintNo }) }),
  }),
  complaints: t.prismaConnection({
    type: "Complaint",
    cursor: "id",
    description: "Complaints and reports received by the financial regulators (投诉举报, plan 二(二)2), latest first unless ordered otherwise.",
    args: {
      filter: t.arg({ type: ComplaintFilter, description: "Conditions the complaints must meet." }),
      orderBy: t.arg({ type: [ComplaintOrder], description: "Sort order; the default is latest received first." }),
    },
    resolve: async (query, _root, args, ctx) => ctx.prisma.complaint.findMany({ ...query, where: scoped(ctx, "Complaint", await complaintWhere(args.filter, ctx)), orderBy: orderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.complaint.count({ where: scoped(ctx, "Complaint", await complaintWhere(args.filter, ctx)) }),
  }),
}));
