// NPLs a bank disposed of in a quarter by one method (plan 二(四)2, owner CBRC).
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";
import { NplDisposalMethodEnum } from "./risk-disposal.enums.ts";

export const NplDisposalNode = builder.prismaNode("NplDisposal", {
  id: { field: "id" },
  ...scopedNode("NplDisposal"),
  description: "Non-performing loans a bank disposed of (不良贷款处置) in a quarter by one method, reported by the CBRC branch, which owns it.",
  fields: (t) => ({
    disposalNo: t.exposeString("disposalNo", { description: "Report number (处置报告编号), unique." }),
    bank: t.relation("bank", { description: "The bank that disposed of the loans." }),
    periodEnd: t.expose("periodEnd", { type: "Date", description: "The quarter's last day (报告期)." }),
    method: t.expose("method", { type: NplDisposalMethodEnum, description: "How they were disposed of (处置方式)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Principal disposed of (处置金额), yuan." }),
    borrower: t.relation("borrower", { nullable: true, description: "The borrower, where the disposal concerns one (e.g. a write-off); null for a pooled transfer." }),
    counterparty: t.exposeString("counterparty", { nullable: true, description: "Who took the assets (受让方): the asset-management company or the securitisation trust." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "NplDisposal"),
    ...provenanceFields(t),
  }),
});
