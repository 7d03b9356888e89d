import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scoped, scopedNode } from "../access/row-scope.ts";
import { VenueKindEnum, VenueStatusEnum } from "./venue.enums.ts";

export const TradingVenueNode = builder.prismaNode("TradingVenue", {
  id: { field: "id" },
  ...scopedNode("TradingVenue"),
  description: "A trading venue (交易场所) supervised by the Municipal Financial Work Bureau, which owns the record.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Venue code (交易场所编码), unique." }),
    name: t.exposeString("name", { description: "Registered name (名称)." }),
    kind: t.expose("kind", { type: VenueKindEnum, description: "Kind of venue (交易场所类型)." }),
    county: t.field(countyField("Where it is registered (所在县区).")),
    uscc: t.exposeString("uscc", { description: "Unified social credit code (统一社会信用代码) of the operating company." }),
    approvedOn: t.expose("approvedOn", { type: "Date", description: "Date of approval to operate (批准设立日期)." }),
    status: t.expose("status", { type: VenueStatusEnum, description: "Whether it operates (经营状态)." }),
    inspections: t.relatedConnection("inspections", {
      cursor: "id",
      description: "Inspections of this venue (现场检查), latest first.",
      totalCount: true,
      query: (_args, ctx) => ({ where: scoped(ctx, "VenueInspection"), orderBy: [{ inspectedOn: "desc" as const }, { id: "asc" as const }] }),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "TradingVenue"),
    ...provenanceFields(t),
  }),
});
