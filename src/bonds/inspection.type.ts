// Periodic inspections of bonds (定期稽察) by development and reform, with their findings.
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { InspectionFindingKindEnum } from "./bond.enums.ts";

export const BondInspectionFindingType = builder.prismaObject("BondInspectionFinding", {
  description: "One problem a bond inspection found (稽察发现的问题).",
  fields: (t) => ({
    kind: t.expose("kind", { type: InspectionFindingKindEnum, description: "Kind of problem (问题类型)." }),
    description: t.exposeString("description", { description: "What was found (问题描述)." }),
    inspection: t.relation("inspection", { description: "The inspection that found it." }),
  }),
});

export const BondInspectionNode = builder.prismaNode("BondInspection", {
  id: { field: "id" },
  ...scopedNode("BondInspection"),
  description: "A periodic inspection of a bond (债券定期稽察) by the Development and Reform Bureau, which owns it.",
  fields: (t) => ({
    inspectionNo: t.exposeString("inspectionNo", { description: "Inspection document number (稽察文号), unique." }),
    bond: t.relation("bond", { description: "The inspected bond." }),
    inspectedOn: t.expose("inspectedOn", { type: "Date", description: "Date of the inspection (稽察日期)." }),
    inspector: t.exposeString("inspector", { description: "Who inspected (稽察单位/人员)." }),
    conclusion: t.exposeString("conclusion", { description: "Conclusion and required follow-up (稽察结论)." }),
    findings: t.relation("findings", {
      description: "Problems found (发现的问题), in the order recorded.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "BondInspectionFinding"), orderBy: { id: "asc" } }),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "BondInspection"),
    ...provenanceFields(t),
  }),
});
