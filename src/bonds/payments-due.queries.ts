// `bondPaymentsDue`: what falls due in a window, and where. The items are a connection in due-date
// order; the totals and groups are computed in SQL (never by loading the items).
import { builder, type GraphTypes } from "../builder.ts";
import { Prisma, type BondFlowKind, type BondKind, type County } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { loaderFor } from "../graph/loaders.ts";
import { badInput } from "../reference/places.ts";
import { CountyType } from "../reference/county.type.ts";
import { BondFlowKindEnum, BondKindEnum } from "./bond.enums.ts";
import { BondPaymentsDueFilter, type DueWindow, dueItemsSql, dueItemsWhere, resolveDueWindow } from "./payments-due.filter.ts";

interface DueSums {
  count: number;
  amountDue: Prisma.Decimal;
  amountPaid: Prisma.Decimal;
  amountUnpaid: Prisma.Decimal;
}

interface DueGroup extends DueSums {
  flowKind: BondFlowKind | null;
  bondKind: BondKind | null;
  countyCode: string | null;
  month: string | null;
}

const FROM = Prisma.sql`
  FROM bond_schedule_item s
  JOIN bond b ON b.id = s.bond_id
  JOIN enterprise e ON e.id = b.issuer_id
  LEFT JOIN LATERAL (SELECT SUM(bp.amount_paid) AS paid FROM bond_payment bp WHERE bp.schedule_item_id = s.id) p ON true`;

const SUMS = Prisma.sql`COUNT(*)::int AS "count",
  COALESCE(SUM(s.amount_due), 0)::numeric(20,2) AS "amountDue",
  COALESCE(SUM(p.paid), 0)::numeric(20,2) AS "amountPaid",
  COALESCE(SUM(GREATEST(s.amount_due - COALESCE(p.paid, 0), 0)), 0)::numeric(20,2) AS "amountUnpaid"`;

/** Group keys and the (constant, whitelisted) SQL expression each stands for. */
const GROUP_SQL = {
  FLOW_KIND: { column: "flowKind", sql: Prisma.raw(`s.kind::text`) },
  BOND_KIND: { column: "bondKind", sql: Prisma.raw(`b.kind::text`) },
  COUNTY: { column: "countyCode", sql: Prisma.raw(`e.county_code`) },
  MONTH: { column: "month", sql: Prisma.raw(`to_char(s.due_date, 'YYYY-MM')`) },
} as const;

const BondDueGroupKey = builder.enumType("BondDueGroupKey", {
  description: "What payments falling due can be grouped by.",
  values: {
    FLOW_KIND: { description: "Coupon (付息) or principal (还本)." },
    BOND_KIND: { description: "Kind of instrument (债券品种)." },
    COUNTY: { description: "The issuer's county (发行人所在县区)." },
    MONTH: { description: "Calendar month of the due date, YYYY-MM." },
  } as const,
});

function sumFields<P extends DueSums>(t: PothosSchemaTypes.ObjectFieldBuilder<GraphTypes, P>) {
  return {
    count: t.int({ description: "Number of scheduled payments (笔数).", resolve: (s) => s.count }),
    amountDue: t.field({ type: "Decimal", description: "Total amount due in yuan (应兑付金额合计).", resolve: (s) => s.amountDue }),
    amountPaid: t.field({ type: "Decimal", description: "Amount already paid against them, in yuan (已兑付金额).", resolve: (s) => s.amountPaid }),
    amountUnpaid: t.field({ type: "Decimal", description: "Amount due less paid, per payment never below zero, in yuan (未兑付金额).", resolve: (s) => s.amountUnpaid }),
  };
}

const BondDueTotals = builder.objectRef<DueSums>("BondDueTotals").implement({
  description: "Totals of the scheduled payments in a window (computed in SQL).",
  fields: (t) => sumFields(t),
});

const BondDueGroup = builder.objectRef<DueGroup>("BondDueGroup").implement({
  description: "Totals of one group of scheduled payments; the key fields not grouped by are null.",
  fields: (t) => ({
    flowKind: t.field({ type: BondFlowKindEnum, nullable: true, description: "Coupon or principal, when grouped by FLOW_KIND.", resolve: (g) => g.flowKind }),
    bondKind: t.field({ type: BondKindEnum, nullable: true, description: "Kind of instrument, when grouped by BOND_KIND.", resolve: (g) => g.bondKind }),
    county: t.field({
      type: CountyType,
      nullable: true,
      description: "The issuer's county, when grouped by COUNTY.",
      resolve: (g, _args, ctx) => (g.countyCode ? countyLoader(ctx).load(g.countyCode) : null),
    }),
    month: t.exposeString("month", { nullable: true, description: "Month of the due dates (YYYY-MM), when grouped by MONTH." }),
    ...sumFields(t),
  }),
});

const countyLoader = (ctx: GraphContext) =>
  loaderFor<string, County | null>(ctx, "bonds:county", async (codes) => {
    const rows = await ctx.prisma.county.findMany({ where: { code: { in: [...codes] } } });
    return codes.map((code) => rows.find((r) => r.code === code) ?? null);
  });

const BondPaymentsDue = builder.objectRef<DueWindow>("BondPaymentsDue").implement({
  description: "The coupons and principal falling due in a window (到期兑付安排): the items, their totals, and totals by group.",
  fields: (t) => ({
    from: t.field({ type: "Date", description: "First day of the window (inclusive).", resolve: (w) => w.from }),
    to: t.field({ type: "Date", description: "Last day of the window (inclusive).", resolve: (w) => w.to }),
    totals: t.field({
      type: BondDueTotals,
      description: "Count and amounts of every scheduled payment in the window.",
      resolve: async (w, _args, ctx) => (await ctx.prisma.$queryRaw<DueSums[]>`SELECT ${SUMS} ${FROM} WHERE ${dueItemsSql(w)}`)[0]!,
    }),
    groups: t.field({
      type: [BondDueGroup],
      description: "Count and amounts per group, e.g. by COUNTY and FLOW_KIND: what falls due where. Groups are in key order.",
      args: { by: t.arg({ type: [BondDueGroupKey], required: true, description: "One or more grouping keys." }) },
      resolve: async (w, args, ctx) => {
        if (!args.by.length) throw badInput({ key: "argument.groupByEmpty" }, "by", "minItems");
        const keys = [...new Set(args.by)].map((k) => GROUP_SQL[k]);
        const columns = Prisma.join(keys.map((k) => Prisma.sql`${k.sql} AS ${Prisma.raw(`"${k.column}"`)}`));
        const groupBy = Prisma.join(keys.map((k) => k.sql));
        const rows = await ctx.prisma.$queryRaw<Partial<DueGroup>[]>`SELECT ${columns}, ${SUMS} ${FROM} WHERE ${dueItemsSql(w)} GROUP BY ${groupBy} ORDER BY ${groupBy}`;
        return rows.map((r) => ({ flowKind: null, bondKind: null, countyCode: null, month: null, ...r }) as DueGroup);
      },
    }),
    items: t.prismaConnection({
      type: "BondScheduleItem",
      cursor: "id",
      description: "The scheduled payments in the window, by due date (a coupon before the principal of the same day).",
      resolve: (query, w, _args, ctx) =>
        ctx.prisma.bondScheduleItem.findMany({ ...query, where: dueItemsWhere(ctx, w), orderBy: [{ dueDate: "asc" }, { kind: "asc" }, { id: "asc" }] }),
      totalCount: (w, _args, ctx) => ctx.prisma.bondScheduleItem.count({ where: dueItemsWhere(ctx, w) }),
    }),
  }),
});

builder.queryFields((t) => ({
  bondPaymentsDue: t.field({
    type: BondPaymentsDue,
    description: "What falls due between two dates (inclusive), and where: the scheduled coupons and principal, with totals in SQL.",
    args: {
      from: t.arg({ type: "Date", required: true, description: "First due date of the window." }),
      to: t.arg({ type: "Date", required: true, description: "Last due date of the window." }),
      filter: t.arg({ type: BondPaymentsDueFilter, description: "Conditions on the payments and their bonds." }),
    },
    resolve: (_root, args, ctx) => resolveDueWindow(ctx, args.from, args.to, args.filter),
  }),
}));
