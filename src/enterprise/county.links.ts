// Traversal from a county to the enterprises registered there.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { EnterpriseOrder, enterpriseOrderBy } from "./enterprise.filters.ts";

builder.prismaObjectFields("County", (t) => ({
  enterprises: t.relatedConnection("enterprises", {
    cursor: "id",
    description: "Enterprises registered in this county (辖区企业).",
    args: {
      industry: t.arg.string({ description: "Only this GB/T 4754 division, e.g. C33." }),
      orderBy: t.arg({ type: [EnterpriseOrder], description: "Sort keys, first one first." }),
    },
    query: (args, ctx) => ({
      where: scoped(ctx, "Enterprise", { retiredAt: null, ...(args.industry ? { industryCode: args.industry } : {}) }),
      orderBy: enterpriseOrderBy(args.orderBy),
    }),
  }),
}));

// Counties as entry points: the list of the city's counties and one county by code or name.
builder.queryFields((t) => ({
  counties: t.prismaField({
    type: ["County"],
    description: "The city (441700) and its counties/districts, by division code.",
    resolve: (query, _root, _args, ctx) => ctx.prisma.county.findMany({ ...query, where: scoped(ctx, "County"), orderBy: { code: "asc" } }),
  }),
  county: t.prismaField({
    type: "County",
    nullable: true,
    description: "One county by division code (441704) or Chinese name (阳东区).",
    args: { county: t.arg.string({ required: true, description: "Division code or Chinese name." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.county.findFirst({ ...query, where: scoped(ctx, "County", /^\d{6}$/.test(args.county) ? { code: args.county } : { name: args.county }) }),
  }),
}));
