// Which indicator values breach their watch line, decided in SQL: each value is joined to the line
// in force at its period end for its indicator and its institution's kind (the earliest-starting
// one if lines overlap, as watchLineFor picks), and compared there. `breachesOnly` filters on
// these ids, so the database does the filtering before pagination and counts stay exact.
import { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { loaderFor } from "../graph/loaders.ts";

/** The ids of the breaching values the principal may see; one statement per request. */
export function breachingValueIds(ctx: GraphContext): Promise<number[]> {
  return loaderFor<"all", number[]>(ctx, "indicatorBreaches", async () => {
    const county = scopedCounty(ctx);
    const rows = await ctx.prisma.$queryRaw<{ id: number }[]>(Prisma.sql`
      SELECT id FROM (
        SELECT DISTINCT ON (v.id) v.id, v.value, w.comparator, w.threshold
        FROM indicator_value v
        JOIN institution i ON i.id = v.institution_id
        JOIN watch_line w ON w.indicator = v.indicator AND i.kind = ANY (w.institution_kinds)
          AND w.effective_from <= v.period_end AND (w.effective_to IS NULL OR w.effective_to >= v.period_end)
        WHERE (${county}::text IS NULL OR i.county_code = ${county})
        ORDER BY v.id, w.effective_from, w.id
      ) judged
      WHERE (comparator = 'AT_LEAST' AND value < threshold)
         OR (comparator = 'AT_MOST' AND value > threshold)
         OR (comparator = 'BELOW' AND value >= threshold)`);
    return [rows.map((r) => Number(r.id))];
  }).load("all");
}
