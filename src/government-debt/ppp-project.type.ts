import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { PppStatusEnum } from "./government-debt.enums.ts";
import { addYears, paymentsRemaining, todayInChina } from "./calendar.ts";

export const PppProjectNode = builder.prismaNode("PppProject", {
  id: { field: "id" },
  ...scopedNode("PppProject"),
  description: "A public-private partnership project (PPP项目, 政府和社会资本合作) and the government's yearly payment obligation under it. Amounts in yuan.",
  fields: (t) => ({
    projectNo: t.exposeString("projectNo", { description: "Project number (项目编号), unique." }),
    name: t.exposeString("name", { description: "Project name (项目名称)." }),
    county: t.field(countyField("The government level that signed it (实施政府).")),
    partner: t.relation("partner", {
      nullable: true,
      description: "The private partner (社会资本方), once procured.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "Enterprise") }),
    }),
    totalInvestment: t.expose("totalInvestment", { type: "Decimal", description: "Total investment (项目总投资), yuan." }),
    annualGovernmentPayment: t.expose("annualGovernmentPayment", { type: "Decimal", description: "The government's payment obligation per year (年度政府支出责任), yuan." }),
    startDate: t.expose("startDate", { type: "Date", description: "Start of the contract term (合作期起始日)." }),
    termYears: t.exposeInt("termYears", { description: "Length of the contract term in years (合作期限)." }),
    endDate: t.field({ type: "Date", description: "End of the contract term (合作期届满日); computed.", resolve: (p) => addYears(p.startDate, p.termYears) }),
    status: t.expose("status", { type: PppStatusEnum, description: "Stage of the project (项目阶段)." }),
    remainingGovernmentObligation: t.field({
      type: "Decimal",
      description:
        "The government's payment obligation still ahead (剩余政府支出责任): the annual payment times the payments still due after today (China time), one on each anniversary of the start through the end of the term; computed.",
      resolve: (p, _args, ctx) => p.annualGovernmentPayment.mul(paymentsRemaining(p.startDate, p.termYears, todayInChina(ctx.businessNow))),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "PppProject"),
    ...provenanceFields(t),
  }),
});
