// Actual controllers across enterprises: e.g. the joint punishment targets, the controllers of
// enterprises on the debt-evasion list (二(四)2).
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DishonestyListEnum } from "../credit/dishonesty.enums.ts";
import { ControlBasisEnum } from "./actual-controller.type.ts";

const ActualControllerFilter = builder.inputType("ActualControllerFilter", {
  description: "Narrows a list of actual controllers; all given conditions must hold.",
  fields: (t) => ({
    enterprise: t.string({ description: "The enterprise's unified social credit code." }),
    county: t.string({ description: "The enterprise's county, as a division code (441704) or name (阳东区)." }),
    basis: t.field({ type: [ControlBasisEnum], description: "Any of these kinds of control." }),
    enterpriseOnList: t.field({ type: [DishonestyListEnum], description: "The enterprise has an ACTIVE record on any of these dishonesty lists (e.g. DEBT_EVASION: the joint punishment targets of 二(四)2)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include identifications the owner retired (default false)." }),
  }),
});

async function controllerWhere(filter: typeof ActualControllerFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.ActualControllerWhereInput> {
  const where: Prisma.ActualControllerWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.basis?.length) where.basis = { in: filter.basis };
  const enterprise: Prisma.EnterpriseWhereInput = {};
  if (filter?.enterprise) enterprise.uscc = filter.enterprise;
  if (filter?.county) enterprise.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.enterpriseOnList?.length) enterprise.dishonestyRecords = { some: { list: { in: filter.enterpriseOnList }, status: "ACTIVE", deletedAt: null } };
  if (Object.keys(enterprise).length) where.enterprise = enterprise;
  return where;
}

builder.queryFields((t) => ({
  actualControllers: t.prismaConnection({
    type: "ActualController",
    cursor: "id",
    description: "Enterprises' actual controllers (实际控制人), in the order the enterprises were registered.",
    args: { filter: t.arg({ type: ActualControllerFilter, description: "Conditions the controllers must meet." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.actualController.findMany({ ...query, where: scoped(ctx, "ActualController", await controllerWhere(args.filter, ctx)), orderBy: [{ enterpriseId: "asc" }, { id: "asc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.actualController.count({ where: scoped(ctx, "ActualController", await controllerWhere(args.filter, ctx)) }),
  }),
}));
