// Banks' monthly top-10 lists (前十大): the entry type and the look-up of one list.
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scoped, scopedNode } from "../access/row-scope.ts";

export const TopListKindEnum = builder.enumType("TopListKind", {
  description: "Which monthly top-10 list (前十大名单) a bank reports.",
  values: {
    TOP_BORROWERS: { description: "The ten largest borrowers by exposure (贷款前十大企业)." },
    TOP_CREDIT_RISK: { description: "The ten enterprises of highest credit risk (前十大信贷风险企业)." },
  } as const,
});

/** A month is named by any of its days and stored as its first day. */
export const monthStart = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export const TopListEntryNode = builder.prismaNode("TopListEntry", {
  id: { field: "id" },
  ...scopedNode("TopListEntry"),
  description: "One place on a bank's monthly top-10 list (前十大名单), reported to the banking regulator (owner: CBRC).",
  fields: (t) => ({
    lender: t.relation("institution", { description: "The reporting bank (报送银行)." }),
    month: t.expose("month", { type: "Date", description: "The month of the list, as its first day (报告月份)." }),
    kind: t.expose("kind", { type: TopListKindEnum, description: "Which list: largest borrowers or highest credit risk." }),
    rank: t.exposeInt("rank", { description: "Place on the list, 1 to 10 (排名)." }),
    enterprise: t.relation("enterprise", { description: "The listed enterprise (企业)." }),
    exposure: t.expose("exposure", { type: "Decimal", description: "The bank's exposure to the enterprise at month end, in yuan (授信敞口/贷款余额)." }),
    history: historyField(t, "TopListEntry"),
    ...provenanceFields(t),
  }),
});

builder.queryFields((t) => ({
  topList: t.prismaField({
    type: [TopListEntryNode],
    description: "A bank's top-10 list (前十大名单) of one month and kind, by rank; empty when none was reported.",
    args: {
      lender: t.arg.string({ required: true, description: "The bank's institution code (机构编码)." }),
      month: t.arg({ type: "Date", required: true, description: "Any day of the month, e.g. 2026-09-01." }),
      kind: t.arg({ type: TopListKindEnum, required: true, description: "Which list." }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.topListEntry.findMany({
        ...query,
        where: scoped(ctx, "TopListEntry", { institution: { code: args.lender }, month: monthStart(args.month), kind: args.kind }),
        orderBy: [{ rank: "asc" }, { id: "asc" }],
      }),
  }),
}));
