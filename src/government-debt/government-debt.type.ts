import { countyField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { DebtInstrumentEnum, GovernmentDebtClassEnum, isContingentClass } from "./government-debt.enums.ts";
import { daysBetween, todayInChina } from "./calendar.ts";
import { connectionDocs } from "./graph-docs.ts";

export const GovernmentDebtNode = builder.prismaNode("GovernmentDebt", {
  id: { field: "id" },
  ...scopedNode("GovernmentDebt"),
  description: "A local government debt item (地方政府债务) of the city (441700) or a county, by class; reported by the fiscal bureau. Amounts in yuan.",
  fields: (t) => ({
    debtNo: t.exposeString("debtNo", { description: "Debt item number (债务编号), unique." }),
    county: t.field(countyField("The government level that owes it (债务所属政府): the city or a county.")),
    debtClass: t.expose("debtClass", { type: GovernmentDebtClassEnum, description: "Class (债务类别): general, special, or contingent." }),
    instrument: t.expose("instrument", { type: DebtInstrumentEnum, description: "How it was raised (举借方式)." }),
    borrowerUnit: t.exposeString("borrowerUnit", { description: "The borrowing unit (债务单位), e.g. a bureau or a platform company." }),
    platform: t.relation("platform", {
      nullable: true,
      description: "The financing platform that borrowed it (融资平台公司), if one did.",
      // A county debt may be tied to a city-level platform; a county government sees it only if it may see the platform.
      query: (_args, ctx) => ({ where: rowScope(ctx, "FinancingPlatform") }),
    }),
    principal: t.expose("principal", { type: "Decimal", description: "Principal borrowed (借款本金), yuan." }),
    balance: t.expose("balance", { type: "Decimal", description: "Outstanding balance (债务余额), yuan." }),
    startDate: t.expose("startDate", { type: "Date", description: "Date borrowed (举借日期)." }),
    maturityDate: t.expose("maturityDate", { type: "Date", description: "Maturity date (到期日期)." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record (核销/撤回), if it did." }),
    isContingent: t.boolean({
      description: "Contingent rather than direct debt (或有债务): guaranteed or possibly rescued by the government; computed from the class.",
      resolve: (d) => isContingentClass(d.debtClass),
    }),
    daysToMaturity: t.int({
      description: "Days from today (China time) to the maturity date (距到期天数); negative once past; computed.",
      resolve: (d, _args, ctx) => daysBetween(todayInChina(ctx.businessNow), d.maturityDate),
    }),
    replacements: t.relatedConnection("replacements", {
      cursor: "id",
      totalCount: true,
      description: "Replacements of this debt by government bonds (存量债务置换), oldest first.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "DebtReplacement"), orderBy: [{ replacedOn: "asc" }, { id: "asc" }] }),
    }, ...connectionDocs("a debt item's replacements")),
    history: historyField(t, "GovernmentDebt"),
    ...provenanceFields(t),
  }),
});
