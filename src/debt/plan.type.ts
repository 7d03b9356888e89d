// "One enterprise, one policy" (一企一策) deleveraging plans.
import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";

export const PlanStatusEnum = builder.enumType("PlanStatus", {
  description: "Where a deleveraging plan stands (方案状态).",
  values: {
    DRAFT: { description: "Being drafted with the creditor banks (拟定中)." },
    ACTIVE: { description: "Adopted and being carried out (实施中)." },
    COMPLETED: { description: "Target reached (已完成)." },
    ABANDONED: { description: "Given up, e.g. the enterprise went into bankruptcy (已终止)." },
  } as const,
});

export const DeleveragingPlanNode = builder.prismaNode("DeleveragingPlan", {
  id: { field: "id" },
  ...scopedNode("DeleveragingPlan"),
  description: "A one-enterprise-one-policy deleveraging plan (一企一策降杠杆方案) agreed with the lending banks (owner: CBRC).",
  fields: (t) => ({
    planNo: t.exposeString("planNo", { description: "Plan number (方案编号), unique, e.g. YQYC-2025-007." }),
    enterprise: t.relation("enterprise", { description: "The enterprise the plan is for (实施企业)." }),
    leadInstitution: t.relation("leadInstitution", { description: "The lead bank coordinating the creditors (牵头银行)." }),
    adoptedOn: t.expose("adoptedOn", { type: "Date", description: "When the plan was adopted (制定日期)." }),
    targetDate: t.expose("targetDate", { type: "Date", description: "When the target should be reached (目标日期)." }),
    targetLiabilityRatio: t.expose("targetLiabilityRatio", {
      type: "Decimal",
      description: "Target asset-liability ratio (目标资产负债率), a fraction, e.g. 0.65.",
    }),
    measures: t.exposeString("measures", { description: "The agreed measures (降杠杆措施)." }),
    status: t.expose("status", { type: PlanStatusEnum, description: "Where the plan stands (方案状态)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "DeleveragingPlan"),
    ...provenanceFields(t),
  }),
});
