import { builder } from "../builder.ts";
import { indicatorScope, scoped } from "../access/row-scope.ts";
import { IndicatorKindEnum } from "./institution.enums.ts";
import { WatchLineNode } from "./watch-line.type.ts";
import { InstitutionRatingNode } from "./rating.type.ts";
import { IndicatorValueFilter, InstitutionFilter, InstitutionOrder, indicatorValueOrderBy, indicatorValueWhere, institutionOrderBy, institutionWhere } from "./institution.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.queryFields((t) => ({
  institution: t.prismaField({
    type: "Institution",
    nullable: true,
    description: "One financial institution by its code (机构编码); null when none is registered under it.",
    args: { code: t.arg.string({ required: true, description: "The institution code." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.institution.findFirst({ ...query, where: scoped(ctx, "Institution", { code: args.code }) }),
  }),
  institutions: t.prismaConnection({
    type: "Institution",
    cursor: "id",
    description: "Financial institutions, in registration order unless ordered otherwise; retired ones only when asked.",
    args: { filter: t.arg({ type: InstitutionFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }), orderBy: t.arg({ type: [InstitutionOrder], description: "Sort keys, first one first." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.institution.findMany({ ...query, where: scoped(ctx, "Institution", await institutionWhere(args.filter, ctx)), orderBy: institutionOrderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.institution.count({ where: scoped(ctx, "Institution", await institutionWhere(args.filter, ctx)) }),
  }, ...connectionDocs("financial institutions")),
  indicatorValues: t.prismaConnection({
    type: "IndicatorValue",
    cursor: "id",
    description: "Reported indicator values, latest quarter first; `breachesOnly` keeps those on the wrong side of their watch line.",
    args: { filter: t.arg({ type: IndicatorValueFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.indicatorValue.findMany({ ...query, where: { AND: [scoped(ctx, "IndicatorValue", await indicatorValueWhere(args.filter, ctx)), indicatorScope(ctx)] }, orderBy: indicatorValueOrderBy }),
    totalCount: async (_root, args, ctx) =>
      ctx.prisma.indicatorValue.count({ where: { AND: [scoped(ctx, "IndicatorValue", await indicatorValueWhere(args.filter, ctx)), indicatorScope(ctx)] } }),
  }, ...connectionDocs("reported indicator values")),
  watchLines: t.prismaField({
    type: [WatchLineNode],
    description: "Watch lines (监管红线), by indicator then start date; with `asOf`, only those in force on that day.",
    args: {
      indicator: t.arg({ type: IndicatorKindEnum, description: "Only lines for this indicator." }),
      asOf: t.arg({ type: "Date", description: "Only lines in force on this day." }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.watchLine.findMany({
        ...query,
        where: {
          ...(args.indicator ? { indicator: args.indicator } : {}),
          ...(args.asOf ? { effectiveFrom: { lte: args.asOf }, OR: [{ effectiveTo: null }, { effectiveTo: { gte: args.asOf } }] } : {}),
        },
        orderBy: [{ indicator: "asc" }, { effectiveFrom: "asc" }, { id: "asc" }],
      }),
  }),
  institutionRatings: t.prismaConnection({
    type: InstitutionRatingNode,
    cursor: "id",
    description: "Classification ratings (分类监管评级) of local financial organizations, by institution code.",
    args: { year: t.arg.int({ description: "Only ratings for this year." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.institutionRating.findMany({
        ...query,
        where: scoped(ctx, "InstitutionRating", args.year != null ? { year: args.year } : {}),
        orderBy: [{ year: "desc" }, { institution: { code: "asc" } }, { id: "asc" }],
      }),
    totalCount: (_root, args, ctx) => ctx.prisma.institutionRating.count({ where: scoped(ctx, "InstitutionRating", args.year != null ? { year: args.year } : {}) }),
  }, ...connectionDocs("classification ratings")),
}));
