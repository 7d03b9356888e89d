// Dishonesty-record counts by list, status, county and subject type, counted in SQL.
import { builder } from "../builder.ts";
import type { DishonestyList, DishonestyStatus, SubjectType } from "../generated/prisma/client.ts";
import { badInput } from "../reference/places.ts";
import { scoped } from "../access/row-scope.ts";
import { suppressSmallGroups } from "../access/min-group.ts";
import { DishonestyListEnum, DishonestyStatusEnum, DishonestySubjectTypeEnum } from "./dishonesty.enums.ts";
import { DishonestyRecordFilter, dishonestyWhere } from "./dishonesty.filters.ts";

const DishonestyGroupKey = builder.enumType("DishonestyGroupKey", {
  description: "What dishonesty-record counts can be grouped by.",
  values: {
    LIST: { description: "The list (失信名单类别)." },
    STATUS: { description: "The status." },
    COUNTY: { description: "The subject's county." },
    SUBJECT_TYPE: { description: "Enterprise or person subject." },
  } as const,
});

interface DishonestyCount {
  list: DishonestyList | null;
  status: DishonestyStatus | null;
  countyCode: string | null;
  subjectType: SubjectType | null;
  count: number;
}

const DishonestyRecordCountType = builder.objectRef<DishonestyCount>("DishonestyRecordCount").implement({
  description: "The number of dishonesty records in one group; the keys not grouped by are null.",
  fields: (t) => ({
    list: t.field({ type: DishonestyListEnum, nullable: true, description: "The group's list, when grouped by list.", resolve: (g) => g.list }),
    status: t.field({ type: DishonestyStatusEnum, nullable: true, description: "The group's status, when grouped by status.", resolve: (g) => g.status }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The group's county code, when grouped by county." }),
    subjectType: t.field({ type: DishonestySubjectTypeEnum, nullable: true, description: "The group's subject type, when grouped by it.", resolve: (g) => g.subjectType }),
    count: t.exposeInt("count", { description: "Number of records (deleted ones are never counted)." }),
  }),
});

const GROUP_COLUMNS = { LIST: "list", STATUS: "status", COUNTY: "countyCode", SUBJECT_TYPE: "subjectType" } as const;

builder.queryFields((t) => ({
  dishonestyRecordCounts: t.field({
    type: [DishonestyRecordCountType],
    description: "Numbers of dishonesty records grouped by list, status, county and/or subject type (counted in SQL).",
    args: {
      groupBy: t.arg({ type: [DishonestyGroupKey], required: true, description: "One or more grouping keys." }),
      filter: t.arg({ type: DishonestyRecordFilter, description: "Count only the records meeting these conditions." }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!args.groupBy.length) throw badInput({ key: "argument.groupByEmpty" }, "groupBy", "minItems");
      const by = [...new Set(args.groupBy.map((k) => GROUP_COLUMNS[k]))];
      // Prisma's groupBy types need literal keys; the keys here come from the enum above.
      const groupBy = ctx.prisma.dishonestyRecord.groupBy as unknown as (args: object) => Promise<Array<Partial<DishonestyCount> & { _count: { _all: number } }>>;
      const groups = await groupBy({
        by,
        where: scoped(ctx, "DishonestyRecord", await dishonestyWhere(args.filter, ctx)),
        _count: { _all: true },
        orderBy: by.map((column) => ({ [column]: "asc" })),
      });
      const counts = groups.map((g) => ({
        list: g.list ?? null,
        status: g.status ?? null,
        countyCode: g.countyCode ?? null,
        subjectType: g.subjectType ?? null,
        count: g._count._all,
      }));
      // Under a grant (a cell FINANCE_BUREAU made conditional), small groups are left out (access/min-group.ts).
      return suppressSmallGroups(ctx, info, "credit.dishonesty", counts, (g) => g.count);
    },
  }),
}));
