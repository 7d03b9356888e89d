// Watch lines are rows with their legal source (FINANCE_BUREAU edits them); a value is judged
// against the line in force at the end of the period it reports.
import type { Comparator, IndicatorKind, InstitutionKind, Prisma, WatchLine } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { loaderFor } from "../graph/loaders.ts";

/** All watch lines, loaded once per request (a few dozen rows). */
function allWatchLines(ctx: GraphContext): Promise<WatchLine[]> {
  return loaderFor<"all", WatchLine[]>(ctx, "watchLines", async () => [await ctx.prisma.watchLine.findMany({ orderBy: { effectiveFrom: "asc" } })]).load("all");
}

/**
 * The line for `indicator` in force on `on` for an institution of `kind` (null `kind`: an
 * enterprise; enterprise lines list no institution kinds).
 */
export async function watchLineFor(ctx: GraphContext, indicator: IndicatorKind, kind: InstitutionKind | null, on: Date): Promise<WatchLine | null> {
  const lines = await allWatchLines(ctx);
  return (
    lines.find(
      (l) =>
        l.indicator === indicator &&
        (kind === null ? l.institutionKinds.length === 0 : l.institutionKinds.includes(kind)) &&
        l.effectiveFrom <= on &&
        (l.effectiveTo === null || l.effectiveTo >= on),
    ) ?? null
  );
}

/** True when `value` is on the wrong side of the line. */
export function breaches(value: Prisma.Decimal, comparator: Comparator, threshold: Prisma.Decimal): boolean {
  switch (comparator) {
    case "AT_LEAST":
      return value.lt(threshold);
    case "AT_MOST":
      return value.gt(threshold);
    case "BELOW":
      return value.gte(threshold);
  }
}
