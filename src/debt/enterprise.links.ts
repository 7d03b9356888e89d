// What the debt domain adds to Enterprise: its guarantees both ways, the guarantee circles it is
// in, its places on banks' top-10 lists and its deleveraging plans.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { GuaranteeCircleType, circlesOf } from "./guarantee-circle.type.ts";
import { TopListKindEnum } from "./top-list.type.ts";
import { PlanStatusEnum } from "./plan.type.ts";
import { connectionDocs } from "./graph-docs.ts";

const INCLUDE_RETIRED = { defaultValue: false, description: "Include guarantees the owner retired (default false)." } as const;

builder.prismaObjectFields("Enterprise", (t) => ({
  guaranteesGiven: t.relatedConnection("guaranteesGiven", {
    cursor: "id",
    description: "Guarantees this enterprise gave for others' debts (对外担保), oldest first.",
    args: { includeRetired: t.arg.boolean(INCLUDE_RETIRED) },
    query: (args, ctx) => ({
      where: scoped(ctx, "Guarantee", args.includeRetired ? {} : { retiredAt: null }),
      orderBy: { id: "asc" },
    }),
  }, ...connectionDocs("guarantees an enterprise gave")),
  guaranteesReceived: t.relatedConnection("guaranteesReceived", {
    cursor: "id",
    description: "Guarantees others gave for this enterprise's debts (被担保), oldest first.",
    args: { includeRetired: t.arg.boolean(INCLUDE_RETIRED) },
    query: (args, ctx) => ({
      where: scoped(ctx, "Guarantee", args.includeRetired ? {} : { retiredAt: null }),
      orderBy: { id: "asc" },
    }),
  }, ...connectionDocs("guarantees an enterprise received")),
  inGuaranteeCircle: t.boolean({
    description: "Whether this enterprise is in a guarantee circle (担保圈) of up to 8 members, mutual guarantees (互保) included; computed in the database.",
    resolve: async (e, _args, ctx) => (await circlesOf(ctx, e.id)).length > 0,
  }),
  guaranteeCircles: t.field({
    type: [GuaranteeCircleType],
    description: "The guarantee circles (担保圈) of up to 8 members this enterprise is in, mutual guarantees (互保) included, shortest first.",
    resolve: (e, _args, ctx) => circlesOf(ctx, e.id),
  }),
  topListEntries: t.relatedConnection("topListEntries", {
    cursor: "id",
    description: "Places on banks' monthly top-10 lists (前十大), latest month first.",
    args: { kind: t.arg({ type: TopListKindEnum, description: "Only lists of this kind." }) },
    query: (args, ctx) => ({
      where: scoped(ctx, "TopListEntry", args.kind ? { kind: args.kind } : {}),
      orderBy: [{ month: "desc" }, { kind: "asc" }, { rank: "asc" }, { id: "asc" }],
    }),
  }, ...connectionDocs("an enterprise's top-10 list places")),
  deleveragingPlans: t.relatedConnection("deleveragingPlans", {
    cursor: "id",
    description: "One-enterprise-one-policy deleveraging plans (一企一策) for this enterprise, latest adopted first.",
    args: {
      status: t.arg({ type: [PlanStatusEnum], description: "Only plans in any of these statuses." }),
      includeRetired: t.arg.boolean({ defaultValue: false, description: "Include plans the owner retired (default false)." }),
    },
    query: (args, ctx) => ({
      where: scoped(ctx, "DeleveragingPlan", {
        ...(args.includeRetired ? {} : { retiredAt: null }),
        ...(args.status?.length ? { status: { in: args.status } } : {}),
      }),
      orderBy: [{ adoptedOn: "desc" }, { id: "asc" }],
    }),
  }, ...connectionDocs("an enterprise's deleveraging plans")),
}));
