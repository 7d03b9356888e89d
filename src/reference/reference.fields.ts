// A record's county and industry, answered from the reference data the directory holds in memory
// (src/access/directory.ts) rather than joined by Prisma: the same rows, without a statement per
// page for each (bench/peers.ts: the lookup by USCC sent one for the county and one for the
// industry). The record's own code column is selected so the field works in select mode too.
import type { GraphContext } from "../context.ts";
import { CountyType } from "./county.type.ts";
import { IndustryType } from "./industry.type.ts";

export function countyField(description: string) {
  return {
    type: CountyType,
    description,
    select: { countyCode: true },
    resolve: (row: { countyCode: string }, _args: object, ctx: GraphContext) => ctx.directory.county(row.countyCode),
  } as const;
}

export function industryField(description: string) {
  return {
    type: IndustryType,
    description,
    select: { industryCode: true },
    resolve: (row: { industryCode: string }, _args: object, ctx: GraphContext) => ctx.directory.industry(row.industryCode),
  } as const;
}
