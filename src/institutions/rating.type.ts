import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";

export const InstitutionRatingNode = builder.prismaNode("InstitutionRating", {
  id: { field: "id" },
  ...scopedNode("InstitutionRating"),
  description: "A yearly classification rating (分类监管评级) of a local financial organization by the finance bureau.",
  fields: (t) => ({
    institution: t.relation("institution", { description: "The rated organization (被评级机构)." }),
    year: t.exposeInt("year", { description: "The year rated (评级年度)." }),
    rating: t.exposeString("rating", { description: "The grade (评级结果), A (best) to D (worst)." }),
    ratedBy: t.exposeString("ratedBy", { description: "The body that rated it (评级单位)." }),
    history: historyField(t, "InstitutionRating"),
    ...provenanceFields(t),
  }),
});
