import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { loaderFor } from "../graph/loaders.ts";
import { GuaranteeKindEnum } from "./guarantee.enums.ts";

const pairKey = (guarantorId: number, borrowerId: number) => `${guarantorId}>${borrowerId}`;

/** Whether the borrower also guarantees the guarantor (互保), for every guarantee of a response in one query. */
function mutualLoader(ctx: GraphContext) {
  return loaderFor<string, boolean>(ctx, "guarantee:isMutual", async (keys) => {
    const pairs = keys.map((k) => k.split(">").map(Number) as [number, number]);
    const reverse = await ctx.prisma.guarantee.findMany({
      where: { retiredAt: null, OR: pairs.map(([g, b]) => ({ guarantorId: b, borrowerId: g })) },
      select: { guarantorId: true, borrowerId: true },
      distinct: ["guarantorId", "borrowerId"],
    });
    const found = new Set(reverse.map((r) => pairKey(r.borrowerId, r.guarantorId)));
    return keys.map((k) => found.has(k));
  });
}

export const GuaranteeNode = builder.prismaNode("Guarantee", {
  id: { field: "id" },
  ...scopedNode("Guarantee"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A guarantee (担保): the guarantor enterprise backs a borrower, usually for one of its loans (owner: CBRC).",
  fields: (t) => ({
    contractNo: t.exposeString("contractNo", { description: "Guarantee contract number (担保合同编号), unique." }),
    guarantor: t.relation("guarantor", { description: "The guaranteeing enterprise (担保人)." }),
    borrower: t.relation("borrower", { description: "The enterprise whose debt is guaranteed (被担保人)." }),
    loan: t.relation("loan", { nullable: true, description: "The guaranteed loan (被担保贷款), when the guarantee names one." }),
    amount: t.expose("amount", { type: "Decimal", description: "Guaranteed amount in yuan (担保金额)." }),
    kind: t.expose("kind", { type: GuaranteeKindEnum, description: "Kind of guarantee (担保方式)." }),
    startDate: t.expose("startDate", { type: "Date", description: "Start of the guarantee period (担保起始日)." }),
    endDate: t.expose("endDate", { type: "Date", description: "End of the guarantee period (担保到期日)." }),
    isMutual: t.boolean({
      description: "Mutual guarantee (互保): the borrower also guarantees the guarantor (in a guarantee not retired); computed.",
      select: { guarantorId: true, borrowerId: true },
      resolve: (g, _args, ctx) => mutualLoader(ctx).load(pairKey(g.guarantorId, g.borrowerId)),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "Guarantee"),
    ...provenanceFields(t),
  }),
});
