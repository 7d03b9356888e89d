import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scoped, scopedNode } from "../access/row-scope.ts";
import { GovernmentDebtClassEnum, TransformationStatusEnum } from "./government-debt.enums.ts";
import { GovernmentDebtOrder, governmentDebtOrderBy } from "./government-debt.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

export const FinancingPlatformNode = builder.prismaNode("FinancingPlatform", {
  id: { field: "id" },
  ...scopedNode("FinancingPlatform"),
  description: "A local government financing-platform company (融资平台公司): an enterprise that borrows for a government level, and its market-oriented transformation.",
  fields: (t) => ({
    enterprise: t.relation("enterprise", { description: "The platform company as a registered enterprise (平台企业); city-level platforms register in 江城区." }),
    county: t.field(countyField("The government level it belongs to (所属政府层级): the city (441700) or a county.")),
    supervisingDepartment: t.exposeString("supervisingDepartment", { description: "Supervising department (主管部门), e.g. the state-asset office." }),
    transformationStatus: t.expose("transformationStatus", { type: TransformationStatusEnum, description: "Market-oriented transformation status (市场化转型进展)." }),
    transformationNote: t.exposeString("transformationNote", { nullable: true, description: "How the transformation goes (转型情况说明)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    debts: t.relatedConnection("debts", {
      cursor: "id",
      totalCount: true,
      description: "Government debt items it borrowed (平台债务), in the given order (default: by id).",
      args: {
        classes: t.arg({ type: [GovernmentDebtClassEnum], description: "Only these classes." }),
        includeRetired: t.arg.boolean({ defaultValue: false, description: "Include retired items (default false)." }),
        orderBy: t.arg({ type: [GovernmentDebtOrder], description: "Sort keys, first one first." }),
      },
      query: (args, ctx) => ({
        where: scoped(ctx, "GovernmentDebt", {
          ...(args.includeRetired ? {} : { retiredAt: null }),
          ...(args.classes?.length ? { debtClass: { in: args.classes } } : {}),
        }),
        orderBy: governmentDebtOrderBy(args.orderBy),
      }),
    }, ...connectionDocs("a platform's debt items")),
    history: historyField(t, "FinancingPlatform"),
    ...provenanceFields(t),
  }),
});
