// Lists of financing platforms, PPP projects and bond on-lendings.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { BondOnLendingFilter, FinancingPlatformFilter, PppProjectFilter, onLendingWhere, platformWhere, pppWhere } from "./platform-ppp.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.queryFields((t) => ({
  financingPlatforms: t.prismaConnection({
    type: "FinancingPlatform",
    cursor: "id",
    description: "Financing-platform companies (融资平台公司), by government level then record order.",
    args: { filter: t.arg({ type: FinancingPlatformFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.financingPlatform.findMany({ ...query, where: scoped(ctx, "FinancingPlatform", await platformWhere(args.filter, ctx)), orderBy: [{ countyCode: "asc" }, { id: "asc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.financingPlatform.count({ where: scoped(ctx, "FinancingPlatform", await platformWhere(args.filter, ctx)) }),
  }, ...connectionDocs("financing platforms")),
  pppProjects: t.prismaConnection({
    type: "PppProject",
    cursor: "id",
    description: "PPP projects (PPP项目), by start date then record order.",
    args: { filter: t.arg({ type: PppProjectFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.pppProject.findMany({ ...query, where: scoped(ctx, "PppProject", await pppWhere(args.filter, ctx)), orderBy: [{ startDate: "asc" }, { id: "asc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.pppProject.count({ where: scoped(ctx, "PppProject", await pppWhere(args.filter, ctx)) }),
  }, ...connectionDocs("PPP projects")),
  bondOnLendings: t.prismaConnection({
    type: "BondOnLending",
    cursor: "id",
    description: "On-lendings of provincial government bonds (政府债券转贷), by date then record order.",
    args: { filter: t.arg({ type: BondOnLendingFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.bondOnLending.findMany({ ...query, where: scoped(ctx, "BondOnLending", await onLendingWhere(args.filter, ctx)), orderBy: [{ lentOn: "asc" }, { id: "asc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.bondOnLending.count({ where: scoped(ctx, "BondOnLending", await onLendingWhere(args.filter, ctx)) }),
  }, ...connectionDocs("bond on-lendings")),
}));
