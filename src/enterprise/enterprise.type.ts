import { countyField, industryField } from "./../reference/reference.fields.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { KeyIndustryEnum, ListingStatusEnum } from "./enterprise.enums.ts";
import { FinancialStatementNode, StatementPeriodEnum } from "./statement.type.ts";
import { assetLiabilityRatio, exceedsLiabilityWatchLine, shortLoansUsedLong } from "./statement-metrics.ts";

// The latest annual statement, loaded with the enterprise (one batched query per page).
const latestAnnual = { statements: { where: { periodType: "ANNUAL", retiredAt: null }, orderBy: { periodEnd: "desc" }, take: 1 } } as const;

export const EnterpriseNode = builder.prismaNode("Enterprise", {
  id: { field: "id" },
  ...scopedNode("Enterprise"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages);
  // the owner is always read because access rules look at it.
  select: { id: true, ownerAgency: true, countyCode: true },
  description: "A market entity (市场主体) registered with a unified social credit code, as recorded by market regulation.",
  fields: (t) => ({
    uscc: t.exposeString("uscc", { description: "Unified social credit code (统一社会信用代码), 18 characters, GB 32100-2015." }),
    name: t.exposeString("name", { description: "Registered name (企业名称)." }),
    county: t.field(countyField("The county/district it is registered in (所属县区).")),
    industry: t.field(industryField("Its industry division under GB/T 4754 (国民经济行业分类).")),
    listingStatus: t.expose("listingStatus", { type: ListingStatusEnum, description: "Listing status (上市挂牌情况)." }),
    listedOn: t.expose("listedOn", { type: "Date", nullable: true, description: "When it was listed or quoted (挂牌/上市日期), if it is." }),
    keyIndustries: t.expose("keyIndustries", { type: [KeyIndustryEnum], description: "Key-industry tags (重点产业标签)." }),
    isZombie: t.exposeBoolean("isZombie", { description: "On the zombie-enterprise registry (僵尸企业), kept by the Economy and IT Bureau." }),
    isHighTech: t.exposeBoolean("isHighTech", { description: "Certified high-tech enterprise (高新技术企业)." }),
    registeredCapital: t.expose("registeredCapital", { type: "Decimal", description: "Registered capital in yuan (注册资本, 元)." }),
    establishedOn: t.expose("establishedOn", { type: "Date", description: "Date of establishment (成立日期)." }),
    legalRepresentative: t.relation("legalRepresentative", { nullable: true, description: "The legal representative (法定代表人), a person." }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record (注销/撤回), if it did." }),
    statements: t.relatedConnection("statements", {
      cursor: "id",
      description: "Financial statements (财务报表), latest period first.",
      args: { periodType: t.arg({ type: StatementPeriodEnum, description: "Only annual or only quarterly statements." }) },
      query: (args, ctx) => ({
        where: { ...rowScope(ctx, "FinancialStatement"), ...(args.periodType ? { periodType: args.periodType } : {}) },
        orderBy: [{ periodEnd: "desc" }, { id: "asc" }],
      }),
    }),
    latestStatement: t.field({
      type: FinancialStatementNode,
      nullable: true,
      description: "The latest annual financial statement (最新年报).",
      select: latestAnnual,
      resolve: (e) => e.statements[0] ?? null,
    }),
    assetLiabilityRatio: t.field({
      type: "Decimal",
      nullable: true,
      description: "Asset-liability ratio (资产负债率) of the latest annual statement, a fraction; computed.",
      select: latestAnnual,
      resolve: (e) => (e.statements[0] ? assetLiabilityRatio(e.statements[0]) : null),
    }),
    exceedsLiabilityWatchLine: t.boolean({
      nullable: true,
      description: "Whether the latest annual asset-liability ratio crosses the 70% watch line (资产负债率超过70%); computed.",
      select: latestAnnual,
      resolve: (e, _args, ctx) => (e.statements[0] ? exceedsLiabilityWatchLine(ctx, e.statements[0]) : null),
    }),
    shortLoansUsedLong: t.boolean({
      nullable: true,
      description: "Short loans used long (短贷长用) in the latest annual statement: short-term borrowings exceed current assets; computed.",
      select: latestAnnual,
      resolve: (e) => (e.statements[0] ? shortLoansUsedLong(e.statements[0]) : null),
    }),
    loans: t.relatedConnection("loans", {
      cursor: "id",
      description: "Bank loans to this enterprise (贷款), oldest first.",
      query: (_args, ctx) => ({ where: { ...rowScope(ctx, "Loan"), retiredAt: null }, orderBy: { id: "asc" } }),
    }),
    bonds: t.relatedConnection("bonds", {
      cursor: "id",
      description: "Bonds this enterprise issued (发行的债券), oldest first.",
      query: (_args, ctx) => ({ where: { ...rowScope(ctx, "Bond"), retiredAt: null }, orderBy: { id: "asc" } }),
    }),
    history: historyField(t, "Enterprise"),
    ...provenanceFields(t),
  }),
});
