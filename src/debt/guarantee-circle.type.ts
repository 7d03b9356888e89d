// Guarantee circles in the graph: the GuaranteeCircle type, the top-level list, and the per-page
// loader behind Enterprise.inGuaranteeCircle / Enterprise.guaranteeCircles.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Enterprise, Prisma } from "../generated/prisma/client.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { badInput, resolveCountyCode } from "../reference/places.ts";
import { loaderFor } from "../graph/loaders.ts";
import { MAX_CIRCLE_LENGTH, allCirclesSql, canonicalMembers, circlesThroughSql, type CircleRow } from "./guarantee-circles.sql.ts";

export interface GuaranteeCircle {
  /** member ids in cycle order, starting from the smallest id */
  memberIds: number[];
  totalAmount: Prisma.Decimal;
}

/** The order of the top-level list (ORDER BY length, path): shortest first, then by member ids. */
function byLengthThenMembers(a: GuaranteeCircle, b: GuaranteeCircle): number {
  if (a.memberIds.length !== b.memberIds.length) return a.memberIds.length - b.memberIds.length;
  const differs = a.memberIds.findIndex((id, i) => id !== b.memberIds[i]);
  return differs < 0 ? 0 : a.memberIds[differs]! - b.memberIds[differs]!;
}

const toCircle = (row: CircleRow): GuaranteeCircle => ({ memberIds: canonicalMembers(row.path), totalAmount: row.total_amount });

/** Enterprises by id with the selection the query asked for: one statement for every circle of a response. */
function membersLoader(ctx: GraphContext, query: object) {
  return loaderFor<number, Enterprise | null>(ctx, `guaranteeCircle:members:${JSON.stringify(query)}`, async (ids) => {
    const rows = await ctx.prisma.enterprise.findMany({ ...query, where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** The circles through each enterprise of a page, found by one recursive query for the whole page. */
export function circlesOf(ctx: GraphContext, enterpriseId: number): Promise<GuaranteeCircle[]> {
  return loaderFor<number, GuaranteeCircle[]>(ctx, "guaranteeCircle:through", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<CircleRow[]>(circlesThroughSql(ids, scopedCounty(ctx)));
    return ids.map((id) =>
      rows
        .filter((r) => r.path[0] === id)
        .map(toCircle)
        .sort(byLengthThenMembers),
    );
  }).load(enterpriseId);
}

export const GuaranteeCircleType = builder.objectRef<GuaranteeCircle>("GuaranteeCircle").implement({
  description:
    "A guarantee circle (担保圈): enterprises each guaranteeing the next, the last guaranteeing the first. A circle of two is a mutual guarantee (互保). Only guarantees not retired count, and circles of at most 8 members are found.",
  fields: (t) => ({
    length: t.int({ nullable: false, description: "Number of member enterprises (担保圈规模).", resolve: (c) => c.memberIds.length }),
    isMutual: t.boolean({ nullable: false, description: "A mutual guarantee (互保): two enterprises guaranteeing each other.", resolve: (c) => c.memberIds.length === 2 }),
    members: t.prismaField({
      type: ["Enterprise"],
      description: "The members in cycle order (each guarantees the next, the last guarantees the first), starting from the earliest registered on the platform.",
      resolve: async (query, circle, _args, ctx) => {
        const rows = await membersLoader(ctx, query).loadMany(circle.memberIds);
        return rows.filter((r): r is Enterprise => r !== null && !(r instanceof Error));
      },
    }),
    totalAmount: t.field({
      type: "Decimal",
      description: "Sum of the guaranteed amounts of all guarantees along the circle, in yuan (担保圈担保总额).",
      resolve: (c) => c.totalAmount,
    }),
  }),
});

builder.queryFields((t) => ({
  guaranteeCircles: t.field({
    type: [GuaranteeCircleType],
    description:
      "Guarantee circles (担保圈) and, at length 2, mutual guarantees (互保), each once, shortest first. Found in the database by a recursive walk bounded at 8 members.",
    args: {
      county: t.arg.string({ description: "Only circles with a member registered in this county (code 441704 or name 阳东区)." }),
      minLength: t.arg.int({ defaultValue: 2, description: "Fewest members (default 2: mutual guarantees included; 3 for circles proper)." }),
      maxLength: t.arg.int({ defaultValue: MAX_CIRCLE_LENGTH, description: `Most members (default and at most ${MAX_CIRCLE_LENGTH}).` }),
    },
    resolve: async (_root, args, ctx) => {
      const minLength = args.minLength ?? 2;
      const maxLength = args.maxLength ?? MAX_CIRCLE_LENGTH;
      if (minLength < 2) throw badInput({ key: "argument.circleMinLength" }, "minLength", "min");
      if (maxLength > MAX_CIRCLE_LENGTH) throw badInput({ key: "argument.circleMaxLength", params: { max: MAX_CIRCLE_LENGTH } }, "maxLength", "max");
      if (minLength > maxLength) throw badInput({ key: "argument.circleLengthOrder" }, "minLength", "rangeOrder");
      const memberCounty = args.county ? await resolveCountyCode(ctx, args.county, "county") : null;
      const rows = await ctx.prisma.$queryRaw<CircleRow[]>(allCirclesSql({ scopeCounty: scopedCounty(ctx), memberCounty, minLength, maxLength }));
      return rows.map(toCircle);
    },
  }),
}));
