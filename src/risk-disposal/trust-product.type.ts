// A trust or private asset-management product with repayment problems (plan 二(四)1, owner CBRC).
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scopedNode } from "../access/row-scope.ts";
import { TrustProductKindEnum, TrustProductStatusEnum } from "./risk-disposal.enums.ts";

export const TrustProductNode = builder.prismaNode("TrustProduct", {
  id: { field: "id" },
  ...scopedNode("TrustProduct"),
  description: "A trust or private asset-management product with repayment problems (出现兑付问题的信托、私募资产管理产品), reported by the CBRC branch, which owns it.",
  fields: (t) => ({
    productCode: t.exposeString("productCode", { description: "Product code (产品编码), unique." }),
    name: t.exposeString("name", { description: "Product name (产品名称)." }),
    kind: t.expose("kind", { type: TrustProductKindEnum, description: "Trust plan or private asset-management product." }),
    manager: t.exposeString("manager", { description: "The trust company or asset manager (管理人)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Amount raised (产品规模), yuan." }),
    dueDate: t.expose("dueDate", { type: "Date", description: "Contractual repayment date (到期日)." }),
    amountOverdue: t.expose("amountOverdue", { type: "Decimal", description: "Amount due and not repaid (逾期金额), yuan." }),
    status: t.expose("status", { type: TrustProductStatusEnum, description: "Where the repayment problem stands." }),
    borrower: t.relation("borrower", { nullable: true, description: "The enterprise the money went to (融资方), where known." }),
    disposalProgress: t.exposeString("disposalProgress", { nullable: true, description: "Disposal progress (处置进展), as reported." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "TrustProduct"),
    ...provenanceFields(t),
  }),
});
