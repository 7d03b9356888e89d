// Bond inspections across bonds: "which bonds were found misusing proceeds this year?"
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { scoped } from "../access/row-scope.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { InspectionFindingKindEnum } from "./bond.enums.ts";

const BondInspectionFilter = builder.inputType("BondInspectionFilter", {
  description: "Narrows a list of bond inspections; all given conditions must hold.",
  fields: (t) => ({
    findingKind: t.field({ type: [InspectionFindingKindEnum], description: "Found at least one problem of any of these kinds." }),
    inspectedOn: t.field({ type: DateRange, description: "Inspected within this date range (稽察日期)." }),
    bondCode: t.string({ description: "Only inspections of this bond." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include inspections the owner retired (default false)." }),
  }),
});

function inspectionWhere(filter: typeof BondInspectionFilter.$inferInput | null | undefined): Prisma.BondInspectionWhereInput {
  const where: Prisma.BondInspectionWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.findingKind?.length) where.findings = { some: { kind: { in: filter.findingKind } } };
  if (filter?.inspectedOn) where.inspectedOn = dateRangeWhere(filter.inspectedOn, "filter.inspectedOn");
  if (filter?.bondCode) where.bond = { code: filter.bondCode };
  return where;
}

builder.queryFields((t) => ({
  bondInspection: t.prismaField({
    type: "BondInspection",
    nullable: true,
    description: "One bond inspection by its document number (稽察文号); null when there is none.",
    args: { inspectionNo: t.arg.string({ required: true, description: "The inspection document number." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.bondInspection.findFirst({ ...query, where: scoped(ctx, "BondInspection", { inspectionNo: args.inspectionNo }) }),
  }),
  bondInspections: t.prismaConnection({
    type: "BondInspection",
    cursor: "id",
    description: "Periodic bond inspections (债券定期稽察), latest first.",
    args: { filter: t.arg({ type: BondInspectionFilter, description: "Conditions the inspections must meet." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.bondInspection.findMany({ ...query, where: scoped(ctx, "BondInspection", inspectionWhere(args.filter)), orderBy: [{ inspectedOn: "desc" }, { id: "asc" }] }),
    totalCount: (_root, args, ctx) => ctx.prisma.bondInspection.count({ where: scoped(ctx, "BondInspection", inspectionWhere(args.filter)) }),
  }),
}));
