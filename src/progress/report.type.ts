import { builder } from "../builder.ts";
import type { County } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { CountyType } from "../reference/county.type.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope } from "../access/row-scope.ts";
import { loaderFor } from "../graph/loaders.ts";

/** Counties by code, one query per request (the schema has no relation from reports to counties). */
export function countyLoader(ctx: GraphContext) {
  return loaderFor<string, County | null>(ctx, "progress:county", async (codes) => {
    const rows = await ctx.prisma.county.findMany({ where: { code: { in: [...codes] } } });
    return codes.map((code) => rows.find((c) => c.code === code) ?? null);
  });
}

export const ProgressReportNode = builder.prismaNode("ProgressReport", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id: Number(id), ...rowScope(ctx, "ProgressReport") }),
  // Out of scope or deleted: node(id:) answers null, not an error.
  nullable: true,
  description: "A quarterly progress report (季度工作进展报告) a member agency or county government sends the Financial Work Bureau.",
  fields: (t) => ({
    agency: t.expose("agency", { type: AgencyEnum, description: "The reporting agency (报送单位); COUNTY for a county government." }),
    countyCode: t.exposeString("countyCode", { description: "441700 for city-level agencies, else the reporting county's division code." }),
    county: t.field({
      type: CountyType,
      nullable: true,
      description: "The city (for city-level agencies) or the reporting county (报送县区).",
      resolve: (r, _args, ctx) => countyLoader(ctx).load(r.countyCode),
    }),
    quarterEnd: t.expose("quarterEnd", { type: "Date", description: "The quarter reported on, by its last day (报告季度末)." }),
    summary: t.exposeString("summary", { description: "The progress reported (工作进展)." }),
    submittedAt: t.expose("submittedAt", { type: "DateTime", description: "When it was (last) submitted (报送时间)." }),
    history: historyField(t, "ProgressReport"),
    ...provenanceFields(t),
  }),
});
