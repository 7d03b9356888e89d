// Traversal from enterprises and persons to their dishonesty records and credit evaluations.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { rowScope, scoped } from "../access/row-scope.ts";
import { loaderFor } from "../graph/loaders.ts";
import { chinaDay } from "./calendar-day.ts";
import { DishonestyStatusEnum } from "./dishonesty.enums.ts";
import { DishonestyRecordOrder, dishonestyOrderBy } from "./dishonesty.filters.ts";

/** The enterprises of `ids` with a record in force today, found with one query per request. */
function activeListingLoader(ctx: GraphContext) {
  return loaderFor<number, boolean>(ctx, "credit:isOnDishonestyList", async (ids) => {
    const today = chinaDay(ctx.businessNow);
    const rows = await ctx.prisma.dishonestyRecord.findMany({
      where: scoped<"DishonestyRecord", Prisma.DishonestyRecordWhereInput>(ctx, "DishonestyRecord", {
        enterpriseId: { in: [...ids] },
        deletedAt: null,
        status: "ACTIVE",
        OR: [{ expiresOn: null }, { expiresOn: { gte: today } }],
      }),
      select: { enterpriseId: true },
      distinct: ["enterpriseId"],
    });
    const listed = new Set(rows.map((r) => r.enterpriseId));
    return ids.map((id) => listed.has(id));
  });
}

builder.prismaObjectFields("Enterprise", (t) => ({
  dishonestyRecords: t.relatedConnection("dishonestyRecords", {
    cursor: "id",
    description: "Dishonesty records (失信记录) of this enterprise, in record order unless ordered otherwise; deleted ones never appear.",
    args: {
      status: t.arg({ type: [DishonestyStatusEnum], description: "Only records in any of these statuses." }),
      orderBy: t.arg({ type: [DishonestyRecordOrder], description: "Sort keys, first one first." }),
    },
    query: (args, ctx) => ({
      where: scoped<"DishonestyRecord", Prisma.DishonestyRecordWhereInput>(ctx, "DishonestyRecord", { deletedAt: null, ...(args.status?.length ? { status: { in: args.status } } : {}) }),
      orderBy: dishonestyOrderBy(args.orderBy),
    }),
  }),
  isOnDishonestyList: t.boolean({
    description: "Whether a dishonesty record of this enterprise is in force today (在失信名单中); computed, batched per request.",
    resolve: (e, _args, ctx) => activeListingLoader(ctx).load(e.id),
  }),
  creditEvaluations: t.relatedConnection("creditEvaluations", {
    cursor: "id",
    description: "Credit evaluations (信用评价) of this enterprise, latest first.",
    query: (_args, ctx) => ({ where: rowScope(ctx, "CreditEvaluation"), orderBy: [{ evaluatedOn: "desc" }, { id: "asc" }] }),
  }),
}));

builder.prismaObjectFields("Person", (t) => ({
  dishonestyRecords: t.relatedConnection("dishonestyRecords", {
    cursor: "id",
    description: "Dishonesty records (失信记录) naming this person, in record order; deleted ones never appear.",
    args: { status: t.arg({ type: [DishonestyStatusEnum], description: "Only records in any of these statuses." }) },
    query: (args, ctx) => ({
      where: scoped<"DishonestyRecord", Prisma.DishonestyRecordWhereInput>(ctx, "DishonestyRecord", { deletedAt: null, ...(args.status?.length ? { status: { in: args.status } } : {}) }),
      orderBy: { id: "asc" },
    }),
  }),
}));
