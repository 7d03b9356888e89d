import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { IndicatorKindEnum, InstitutionKindEnum } from "./institution.enums.ts";
import { connectionDocs } from "./graph-docs.ts";

export const InstitutionNode = builder.prismaNode("Institution", {
  id: { field: "id" },
  ...scopedNode("Institution"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A financial institution (金融机构): a lending bank or a regulated entity reporting indicators.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Institution code (机构编码), unique." }),
    name: t.exposeString("name", { description: "Name (机构名称)." }),
    kind: t.expose("kind", { type: InstitutionKindEnum, description: "Kind of institution (机构类型)." }),
    county: t.field(countyField("Where it is registered (所在县区).")),
    supervisor: t.expose("ownerAgency", {
      type: AgencyEnum,
      description: "The agency that supervises it and reports its indicators (监管/报送单位): CBRC for banks, the insurance association for insurers, the finance bureau for the rest.",
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record (撤销), if it did." }),
    indicators: t.relatedConnection("indicators", {
      cursor: "id",
      totalCount: true,
      description: "Indicator values it reported (监管指标), latest quarter first.",
      args: {
        indicator: t.arg({ type: IndicatorKindEnum, description: "Only this indicator." }),
        periodEnd: t.arg({ type: DateRange, description: "Only quarters ending within this range." }),
      },
      query: (args, ctx) => ({
        where: {
          ...rowScope(ctx, "IndicatorValue"),
          ...(args.indicator ? { indicator: args.indicator } : {}),
          ...(args.periodEnd ? { periodEnd: dateRangeWhere(args.periodEnd, "periodEnd") } : {}),
        },
        orderBy: [{ periodEnd: "desc" }, { indicator: "asc" }, { id: "asc" }],
      }),
    }, ...connectionDocs("an institution's indicator values")),
    ratings: t.relatedConnection("ratings", {
      cursor: "id",
      description: "Classification ratings (分类监管评级), latest year first.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "InstitutionRating"), orderBy: [{ year: "desc" }, { id: "asc" }] }),
    }, ...connectionDocs("an institution's classification ratings")),
    history: historyField(t, "Institution"),
    ...provenanceFields(t),
  }),
});
