import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";

export const DebtReplacementNode = builder.prismaNode("DebtReplacement", {
  id: { field: "id" },
  ...scopedNode("DebtReplacement"),
  description: "A replacement of stock debt by government bonds (存量债务置换): part or all of a debt item repaid from a replacement bond.",
  fields: (t) => ({
    governmentDebt: t.relation("governmentDebt", { description: "The debt item replaced (被置换债务)." }),
    replacedOn: t.expose("replacedOn", { type: "Date", description: "Date of the replacement (置换日期)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Amount replaced (置换金额), yuan." }),
    replacementBondCode: t.exposeString("replacementBondCode", { description: "The replacement bond (置换债券), e.g. 2016广东债05." }),
    history: historyField(t, "DebtReplacement"),
    ...provenanceFields(t),
  }),
});
