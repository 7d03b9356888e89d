// Clue counts with the amounts and people involved, by status, county and source, summed in SQL.
import { builder } from "../builder.ts";
import type { ClueSource, ClueStatus, Prisma } from "../generated/prisma/client.ts";
import { badInput } from "../reference/places.ts";
import { scoped } from "../access/row-scope.ts";
import { ClueSourceEnum, ClueStatusEnum } from "./clue.enums.ts";
import { FundraisingClueFilter, clueWhere } from "./clue.filters.ts";

const ClueGroupKey = builder.enumType("FundraisingClueGroupKey", {
  description: "What fundraising-clue counts can be grouped by.",
  values: {
    STATUS: { description: "The status." },
    COUNTY: { description: "The county." },
    SOURCE: { description: "The source of the clue." },
  } as const,
});

interface ClueCount {
  status: ClueStatus | null;
  countyCode: string | null;
  source: ClueSource | null;
  count: number;
  amountInvolved: Prisma.Decimal | number;
  peopleAffected: number;
}

const ClueCountType = builder.objectRef<ClueCount>("FundraisingClueCount").implement({
  description: "The clues in one group with their totals; the keys not grouped by are null.",
  fields: (t) => ({
    status: t.field({ type: ClueStatusEnum, nullable: true, description: "The group's status, when grouped by status.", resolve: (g) => g.status }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The group's county code, when grouped by county." }),
    source: t.field({ type: ClueSourceEnum, nullable: true, description: "The group's source, when grouped by source.", resolve: (g) => g.source }),
    count: t.exposeInt("count", { description: "Number of clues." }),
    amountInvolved: t.field({ type: "Decimal", description: "Total amount involved in yuan (涉案金额合计).", resolve: (g) => g.amountInvolved }),
    peopleAffected: t.exposeInt("peopleAffected", { description: "Total number of people affected (涉及人数合计)." }),
  }),
});

const GROUP_COLUMNS = { STATUS: "status", COUNTY: "countyCode", SOURCE: "source" } as const;

type Group = Partial<ClueCount> & { _count: { _all: number }; _sum: { amountInvolved: Prisma.Decimal | null; peopleAffected: number | null } };

builder.queryFields((t) => ({
  fundraisingClueCounts: t.field({
    type: [ClueCountType],
    description: "Numbers of clues with the amounts and people involved, grouped by status, county and/or source (summed in SQL).",
    args: {
      groupBy: t.arg({ type: [ClueGroupKey], required: true, description: "One or more grouping keys." }),
      filter: t.arg({ type: FundraisingClueFilter, description: "Count only the clues meeting these conditions." }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.groupBy.length) throw badInput({ key: "argument.groupByEmpty" }, "groupBy", "minItems");
      const by = [...new Set(args.groupBy.map((k) => GROUP_COLUMNS[k]))];
      // Prisma's groupBy types need literal keys; the keys here come from the enum above.
      const groupBy = ctx.prisma.fundraisingClue.groupBy as unknown as (args: object) => Promise<Group[]>;
      const groups = await groupBy({
        by,
        where: scoped(ctx, "FundraisingClue", await clueWhere(args.filter, ctx)),
        _count: { _all: true },
        _sum: { amountInvolved: true, peopleAffected: true },
        orderBy: by.map((column) => ({ [column]: "asc" })),
      });
      return groups.map((g) => ({
        status: g.status ?? null,
        countyCode: g.countyCode ?? null,
        source: g.source ?? null,
        count: g._count._all,
        amountInvolved: g._sum.amountInvolved ?? 0,
        peopleAffected: g._sum.peopleAffected ?? 0,
      }));
    },
  }),
}));
