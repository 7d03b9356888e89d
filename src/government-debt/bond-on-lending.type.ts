import { countyField } from "./../reference/reference.fields.ts";
import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { GovernmentDebtClassEnum } from "./government-debt.enums.ts";

export const BondOnLendingNode = builder.prismaNode("BondOnLending", {
  id: { field: "id" },
  ...scopedNode("BondOnLending"),
  description: "On-lending (转贷) of Guangdong provincial government bond proceeds to the city or a county, which repays the province.",
  fields: (t) => ({
    referenceNo: t.exposeString("referenceNo", { description: "On-lending reference number (转贷协议编号), unique." }),
    county: t.field(countyField("The government level receiving the proceeds (转贷对象).")),
    provincialBondCode: t.exposeString("provincialBondCode", { description: "The provincial bond on-lent (省级政府债券), e.g. 2019广东专项债12." }),
    debtClass: t.expose("debtClass", { type: GovernmentDebtClassEnum, description: "General or special debt (一般/专项)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Amount on-lent (转贷金额), yuan." }),
    lentOn: t.expose("lentOn", { type: "Date", description: "Date on-lent (转贷日期)." }),
    maturityDate: t.expose("maturityDate", { type: "Date", description: "Maturity of the on-lent funds (到期日期)." }),
    purpose: t.exposeString("purpose", { description: "What the proceeds fund (资金用途)." }),
    history: historyField(t, "BondOnLending"),
    ...provenanceFields(t),
  }),
});
