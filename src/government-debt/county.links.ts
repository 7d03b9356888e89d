// Traversal from a county (or the city) to its government debt, platforms, PPP projects and
// on-lendings, and its outstanding debt balance.
import { builder } from "../builder.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { loaderFor } from "../graph/loaders.ts";
import { GovernmentDebtClassEnum } from "./government-debt.enums.ts";
import { GovernmentDebtOrder, governmentDebtOrderBy } from "./government-debt.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

/** Outstanding balance of the counties' unretired debt items, one grouped query for all counties of a response. */
function balanceLoader(ctx: GraphContext) {
  return loaderFor<string, Prisma.Decimal>(ctx, "governmentDebtBalance", async (codes) => {
    const groups = await ctx.prisma.governmentDebt.groupBy({
      by: ["countyCode"],
      where: scoped(ctx, "GovernmentDebt", { countyCode: { in: [...codes] }, retiredAt: null }),
      _sum: { balance: true },
    });
    const byCode = new Map(groups.map((g) => [g.countyCode, g._sum.balance ?? new Prisma.Decimal(0)]));
    return codes.map((c) => byCode.get(c) ?? new Prisma.Decimal(0));
  });
}

builder.prismaObjectFields("County", (t) => ({
  governmentDebts: t.relatedConnection("governmentDebts", {
    cursor: "id",
    totalCount: true,
    description: "Government debt items this level owes (地方政府债务), unretired, in the given order (default: by id).",
    args: {
      classes: t.arg({ type: [GovernmentDebtClassEnum], description: "Only these classes." }),
      orderBy: t.arg({ type: [GovernmentDebtOrder], description: "Sort keys, first one first." }),
    },
    query: (args, ctx) => ({
      where: scoped(ctx, "GovernmentDebt", { retiredAt: null, ...(args.classes?.length ? { debtClass: { in: args.classes } } : {}) }),
      orderBy: governmentDebtOrderBy(args.orderBy),
    }),
  }, ...connectionDocs("a government level's debt items")),
  governmentDebtBalance: t.field({
    type: "Decimal",
    description: "Outstanding balance of this level's unretired government debt (债务余额合计), yuan; summed in SQL.",
    resolve: (county, _args, ctx) => balanceLoader(ctx).load(county.code),
  }),
  platforms: t.relatedConnection("platforms", {
    cursor: "id",
    totalCount: true,
    description: "Financing-platform companies of this level (融资平台公司), unretired.",
    query: (_args, ctx) => ({ where: scoped(ctx, "FinancingPlatform", { retiredAt: null }), orderBy: { id: "asc" } }),
  }, ...connectionDocs("a government level's financing platforms")),
  pppProjects: t.relatedConnection("pppProjects", {
    cursor: "id",
    totalCount: true,
    description: "PPP projects this level signed (PPP项目), unretired, by start date.",
    query: (_args, ctx) => ({ where: scoped(ctx, "PppProject", { retiredAt: null }), orderBy: [{ startDate: "asc" }, { id: "asc" }] }),
  }, ...connectionDocs("a government level's PPP projects")),
  bondOnLendings: t.relatedConnection("bondOnLendings", {
    cursor: "id",
    totalCount: true,
    description: "Provincial bond proceeds on-lent to this level (转贷), by date.",
    query: (_args, ctx) => ({ where: scoped(ctx, "BondOnLending"), orderBy: [{ lentOn: "asc" }, { id: "asc" }] }),
  }, ...connectionDocs("a government level's bond on-lendings")),
}));
