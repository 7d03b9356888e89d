// Look-ups and the list of deleveraging plans (一企一策).
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { PlanStatusEnum } from "./plan.type.ts";
import { connectionDocs } from "./graph-docs.ts";

const DeleveragingPlanFilter = builder.inputType("DeleveragingPlanFilter", {
  description: "Narrows a list of deleveraging plans; all given conditions must hold.",
  fields: (t) => ({
    status: t.field({ type: [PlanStatusEnum], description: "Any of these statuses." }),
    county: t.string({ description: "The enterprise's county, as a division code (441704) or name (阳东区)." }),
    enterprise: t.string({ description: "The enterprise's unified social credit code." }),
    leadInstitution: t.string({ description: "The lead bank's institution code." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include plans the owner retired (default false)." }),
  }),
});

async function planWhere(ctx: GraphContext, filter: typeof DeleveragingPlanFilter.$inferInput | null | undefined): Promise<Prisma.DeleveragingPlanWhereInput> {
  const and: Prisma.DeleveragingPlanWhereInput[] = [];
  if (!filter?.includeRetired) and.push({ retiredAt: null });
  if (filter?.status?.length) and.push({ status: { in: filter.status } });
  if (filter?.county) and.push({ enterprise: { countyCode: await resolveCountyCode(ctx, filter.county, "filter.county") } });
  if (filter?.enterprise) and.push({ enterprise: { uscc: filter.enterprise } });
  if (filter?.leadInstitution) and.push({ leadInstitution: { code: filter.leadInstitution } });
  return and.length === 1 ? and[0]! : { AND: and };
}

const PlanOrderField = builder.enumType("DeleveragingPlanOrderField", {
  description: "Columns deleveraging-plan lists can be ordered by.",
  values: {
    ADOPTED_ON: { description: "Adoption date." },
    TARGET_DATE: { description: "Target date." },
    TARGET_LIABILITY_RATIO: { description: "Target asset-liability ratio." },
  } as const,
});

const PlanOrder = orderInput("DeleveragingPlanOrder", PlanOrderField, "An ordering of deleveraging plans; ties are broken by the order they were recorded.");

const planOrderBy = (order: ReadonlyArray<typeof PlanOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    ADOPTED_ON: (d) => ({ adoptedOn: d }),
    TARGET_DATE: (d) => ({ targetDate: d }),
    TARGET_LIABILITY_RATIO: (d) => ({ targetLiabilityRatio: d }),
  }) as Prisma.DeleveragingPlanOrderByWithRelationInput[];

builder.queryFields((t) => ({
  deleveragingPlan: t.prismaField({
    type: "DeleveragingPlan",
    nullable: true,
    description: "One deleveraging plan by its plan number; null when there is none (or it is outside the caller's jurisdiction).",
    args: { planNo: t.arg.string({ required: true, description: "The plan number (方案编号)." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.deleveragingPlan.findFirst({ ...query, where: scoped(ctx, "DeleveragingPlan", { planNo: args.planNo }) }),
  }),
  deleveragingPlans: t.prismaConnection({
    type: "DeleveragingPlan",
    cursor: "id",
    description: "One-enterprise-one-policy deleveraging plans (一企一策), in the order recorded unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: DeleveragingPlanFilter, description: "Conditions the plans must meet." }),
      orderBy: t.arg({ type: [PlanOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.deleveragingPlan.findMany({ ...query, where: scoped(ctx, "DeleveragingPlan", await planWhere(ctx, args.filter)), orderBy: planOrderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.deleveragingPlan.count({ where: scoped(ctx, "DeleveragingPlan", await planWhere(ctx, args.filter)) }),
  }, ...connectionDocs("deleveraging plans")),
}));
