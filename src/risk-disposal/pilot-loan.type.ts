// 政银保 pilot agricultural loans of one bank in one county and year (plan 二(四)4, owner FINANCE_BUREAU).
import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";

export const PilotLoanNode = builder.prismaNode("PilotLoan", {
  id: { field: "id" },
  ...scopedNode("PilotLoan"),
  description: "One bank's 政银保 pilot agricultural loans (政银保合作农业贷款) in a county and year, insured by one insurer; reported by the finance bureau with the pilot county.",
  fields: (t) => ({
    county: t.field(countyField("The pilot county (试点县区).")),
    year: t.exposeInt("year", { description: "The year (年度)." }),
    bank: t.relation("bank", { description: "The lending bank (合作银行)." }),
    insurer: t.relation("insurer", { description: "The insurer sharing the risk (合作保险机构)." }),
    loanCount: t.exposeInt("loanCount", { description: "Loans granted that year (贷款笔数)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Amount lent that year (贷款金额), yuan." }),
    nonPerformingAmount: t.expose("nonPerformingAmount", { type: "Decimal", description: "Of it, non-performing at year end (不良贷款), yuan." }),
    nonPerformingRatio: t.field({
      type: "Decimal",
      nullable: true,
      description: "Non-performing amount ÷ amount (不良率), a fraction; computed.",
      resolve: (row) => (row.amount.isZero() ? null : row.nonPerformingAmount.div(row.amount).toDecimalPlaces(6)),
    }),
    compensationPaid: t.expose("compensationPaid", { type: "Decimal", description: "Compensation the insurer and the risk fund paid (赔付/补偿金额), yuan." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "PilotLoan"),
    ...provenanceFields(t),
  }),
});
