// Progress towards the direct-financing goals, counted in SQL under the caller's row scope.
//
// asOf defaults to each goal's deadline, not to today: a goal is a promise for a date, so the
// question asked without a date is "was it met?", and the answer does not drift with the clock.
// Ask with asOf = today for where things stand now.
import { Prisma } from "../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { DirectFinancingProgressType } from "./goal.type.ts";

builder.queryFields((t) => ({
  directFinancingProgress: t.field({
    type: [DirectFinancingProgressType],
    description: "Progress towards each direct-financing goal (直接融资目标进度): 2 A-share listings, 5 on the NEEQ and 15 on the regional equity centre by the end of 2018.",
    args: { asOf: t.arg({ type: "Date", description: "Count listings up to this date; default: each goal's own deadline." }) },
    resolve: async (_root, args, ctx) => {
      const asOf = args.asOf ?? null;
      const county = scopedCounty(ctx);
      // An enterprise counts while it is on the board, listed by the date, and not deregistered
      // (retired) on or before it; retired_at is an instant, compared as a China calendar day.
      const [goals, counts] = await Promise.all([
        ctx.prisma.directFinancingGoal.findMany({ orderBy: { id: "asc" } }),
        ctx.prisma.$queryRaw<{ id: number; achieved: number }[]>(Prisma.sql`
          SELECT g.id, COUNT(e.id)::int AS achieved
          FROM direct_financing_goal g
          LEFT JOIN enterprise e
            ON e.listing_status = g.board
           AND e.listed_on <= COALESCE(${asOf}::date, g.deadline)
           AND (e.retired_at IS NULL OR (e.retired_at + interval '8 hours')::date > COALESCE(${asOf}::date, g.deadline))
           AND (${county}::text IS NULL OR e.county_code = ${county}::text)
          GROUP BY g.id`),
      ]);
      const achieved = new Map(counts.map((c) => [Number(c.id), Number(c.achieved)]));
      return goals.map((goal) => ({ goal, asOf: asOf ?? goal.deadline, achieved: achieved.get(goal.id) ?? 0 }));
    },
  }),
}));
