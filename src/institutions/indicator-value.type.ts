import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { InstitutionKind } from "../generated/prisma/client.ts";
import { loaderFor } from "../graph/loaders.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { IndicatorKindEnum } from "./institution.enums.ts";
import { WatchLineNode } from "./watch-line.type.ts";
import { breaches, watchLineFor } from "./watch-lines.ts";

// The institution's kind picks the watch line; it is joined into the value's own query. Values a
// mutation returns (or replays) come without it and get it from one batched lookup instead.
const withKind = { institution: { select: { kind: true } } } as const;

function kindOf(ctx: GraphContext, v: { institutionId: number; institution?: { kind: InstitutionKind } }): Promise<InstitutionKind> | InstitutionKind {
  if (v.institution) return v.institution.kind;
  return loaderFor<number, InstitutionKind>(ctx, "institutionKind", async (ids) => {
    const rows = await ctx.prisma.institution.findMany({ where: { id: { in: [...ids] } }, select: { id: true, kind: true } });
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    return ids.map((id) => kinds.get(id) ?? new Error(`institution ${id} not found`));
  }).load(v.institutionId);
}

export const IndicatorValueNode = builder.prismaNode("IndicatorValue", {
  id: { field: "id" },
  ...scopedNode("IndicatorValue"),
  description: "One indicator value an institution reported for a quarter (监管指标报送值).",
  fields: (t) => ({
    institution: t.relation("institution", { description: "The reporting institution (报送机构)." }),
    periodEnd: t.expose("periodEnd", { type: "Date", description: "The quarter end reported (报告期末)." }),
    indicator: t.expose("indicator", { type: IndicatorKindEnum, description: "The indicator (指标)." }),
    value: t.expose("value", { type: "Decimal", description: "The value (指标值): a fraction (0.04 = 4%) or, for multiples, a plain number." }),
    watchLine: t.field({
      type: WatchLineNode,
      nullable: true,
      description: "The watch line in force at the period end for this indicator and the institution's kind (适用的监管红线); null if none.",
      select: withKind,
      resolve: async (v, _args, ctx) => watchLineFor(ctx, v.indicator, await kindOf(ctx, v), v.periodEnd),
    }),
    breachesWatchLine: t.boolean({
      nullable: true,
      description: "Whether the value is on the wrong side of that watch line (突破监管红线); null when no line applies.",
      select: withKind,
      resolve: async (v, _args, ctx) => {
        const line = await watchLineFor(ctx, v.indicator, await kindOf(ctx, v), v.periodEnd);
        return line ? breaches(v.value, line.comparator, line.threshold) : null;
      },
    }),
    history: historyField(t, "IndicatorValue"),
    ...provenanceFields(t),
  }),
});
