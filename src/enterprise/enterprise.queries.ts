import { builder } from "../builder.ts";
import { badInput } from "../reference/places.ts";
import { scoped } from "../access/row-scope.ts";
import { checkUscc } from "./uscc.ts";
import { readFirst, readMany } from "../db/json-query/json-queries.ts";
import { EnterpriseFilter, EnterpriseOrder, enterpriseOrderBy, enterpriseWhere } from "./enterprise.filters.ts";

const EnterpriseGroupKey = builder.enumType("EnterpriseGroupKey", {
  description: "What enterprise counts can be grouped by.",
  values: {
    COUNTY: { description: "County/district." },
    INDUSTRY: { description: "GB/T 4754 division." },
    LISTING_STATUS: { description: "Listing status." },
  } as const,
});

interface EnterpriseCount {
  countyCode: string | null;
  industryCode: string | null;
  listingStatus: string | null;
  count: number;
}

const EnterpriseCountType = builder.objectRef<EnterpriseCount>("EnterpriseCount").implement({
  description: "The number of enterprises in one group.",
  fields: (t) => ({
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The group's county code, when grouped by county." }),
    industryCode: t.exposeString("industryCode", { nullable: true, description: "The group's industry code, when grouped by industry." }),
    listingStatus: t.exposeString("listingStatus", { nullable: true, description: "The group's listing status, when grouped by it." }),
    count: t.exposeInt("count", { description: "Number of enterprises." }),
  }),
});

const GROUP_COLUMNS = { COUNTY: "countyCode", INDUSTRY: "industryCode", LISTING_STATUS: "listingStatus" } as const;

builder.queryFields((t) => ({
  enterprise: t.prismaField({
    type: "Enterprise",
    nullable: true,
    description: "One enterprise by its unified social credit code; null when none is registered under it.",
    args: { uscc: t.arg.string({ required: true, description: "The 18-character unified social credit code." }) },
    resolve: (query, _root, args, ctx) => {
      const problem = checkUscc(args.uscc);
      if (problem) throw badInput({ key: "argument.at", params: { field: "uscc", problem: { key: `rule.uscc.${problem.rule}`, params: problem.params } } }, "uscc", `uscc.${problem.rule}`);
      const find = { ...query, where: scoped(ctx, "Enterprise", { uscc: args.uscc }) };
      return readFirst(ctx, "Enterprise", find, () => ctx.prisma.enterprise.findFirst(find));
    },
  }),
  enterprises: t.prismaConnection({
    type: "Enterprise",
    cursor: "id",
    description: "Enterprises, in registration order unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: EnterpriseFilter, description: "Conditions the enterprises must meet." }),
      orderBy: t.arg({ type: [EnterpriseOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Enterprise", await enterpriseWhere(args.filter, ctx)), orderBy: enterpriseOrderBy(args.orderBy) };
      return readMany(ctx, "Enterprise", find, () => ctx.prisma.enterprise.findMany(find));
    },
    totalCount: async (_root, args, ctx) => ctx.prisma.enterprise.count({ where: scoped(ctx, "Enterprise", await enterpriseWhere(args.filter, ctx)) }),
  }),
  enterpriseCounts: t.field({
    type: [EnterpriseCountType],
    description: "Numbers of enterprises grouped by county, industry and/or listing status (counted in SQL).",
    args: {
      groupBy: t.arg({ type: [EnterpriseGroupKey], required: true, description: "One or more grouping keys." }),
      filter: t.arg({ type: EnterpriseFilter, description: "Conditions the counted enterprises must meet." }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.groupBy.length) throw badInput({ key: "argument.groupByEmpty" }, "groupBy", "minItems");
      const by = [...new Set(args.groupBy.map((k) => GROUP_COLUMNS[k]))];
      // Prisma's groupBy types need literal keys; the keys here come from the enum above.
      const groupBy = ctx.prisma.enterprise.groupBy as unknown as (args: object) => Promise<Array<Partial<EnterpriseCount> & { _count: { _all: number } }>>;
      const groups = await groupBy({
        by,
        where: scoped(ctx, "Enterprise", await enterpriseWhere(args.filter, ctx)),
        _count: { _all: true },
        orderBy: by.map((column) => ({ [column]: "asc" })),
      });
      return groups.map((g) => ({
        countyCode: g.countyCode ?? null,
        industryCode: g.industryCode ?? null,
        listingStatus: g.listingStatus ?? null,
        count: g._count._all,
      }));
    },
  }),
}));
