import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { assetLiabilityRatio, exceedsLiabilityWatchLine, shortLoansUsedLong } from "./statement-metrics.ts";

export const StatementPeriodEnum = builder.enumType("StatementPeriod", {
  description: "Reporting period of a financial statement.",
  values: { ANNUAL: { description: "Annual statement (年报)" }, QUARTERLY: { description: "Quarterly statement (季报)" } } as const,
});

export const FinancialStatementNode = builder.prismaNode("FinancialStatement", {
  id: { field: "id" },
  ...scopedNode("FinancialStatement"),
  description: "A periodic financial statement of an enterprise (企业财务报表), collected by the PBOC. Amounts in yuan.",
  fields: (t) => ({
    enterprise: t.relation("enterprise", { description: "The reporting enterprise." }),
    periodEnd: t.expose("periodEnd", { type: "Date", description: "Last day of the period (报告期末)." }),
    periodType: t.expose("periodType", { type: StatementPeriodEnum, description: "Annual or quarterly." }),
    totalAssets: t.expose("totalAssets", { type: "Decimal", description: "Total assets (资产总计)." }),
    currentAssets: t.expose("currentAssets", { type: "Decimal", description: "Current assets (流动资产合计)." }),
    totalLiabilities: t.expose("totalLiabilities", { type: "Decimal", description: "Total liabilities (负债合计)." }),
    currentLiabilities: t.expose("currentLiabilities", { type: "Decimal", description: "Current liabilities (流动负债合计)." }),
    shortTermBorrowings: t.expose("shortTermBorrowings", { type: "Decimal", description: "Short-term borrowings (短期借款)." }),
    longTermBorrowings: t.expose("longTermBorrowings", { type: "Decimal", description: "Long-term borrowings (长期借款)." }),
    privateLending: t.expose("privateLending", { type: "Decimal", description: "Private lending (民间借贷)." }),
    revenue: t.expose("revenue", { type: "Decimal", description: "Operating revenue (营业收入)." }),
    netProfit: t.expose("netProfit", { type: "Decimal", description: "Net profit (净利润); negative for a loss." }),
    assetLiabilityRatio: t.field({
      type: "Decimal",
      nullable: true,
      description: "Asset-liability ratio (资产负债率) = total liabilities ÷ total assets, a fraction; computed.",
      resolve: (s) => assetLiabilityRatio(s),
    }),
    exceedsLiabilityWatchLine: t.boolean({
      nullable: true,
      description: "Whether the asset-liability ratio crosses the 70% watch line (资产负债率超过70%) in force at the period end; computed.",
      resolve: (s, _args, ctx) => exceedsLiabilityWatchLine(ctx, s),
    }),
    shortLoansUsedLong: t.boolean({
      description: "Short loans used long (短贷长用): short-term borrowings exceed current assets; computed.",
      resolve: (s) => shortLoansUsedLong(s),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "FinancialStatement"),
    ...provenanceFields(t),
  }),
});
