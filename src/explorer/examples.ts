// Example operations preloaded in the explorer, one tab each, per domain, each described in
// Chinese and English: the page shows the language it is served in (explorer.strings.ts).
// test/explorer-examples.test.ts validates every one against the schema.
import type { ExplorerLanguage } from "./explorer.strings.ts";

export interface Example {
  zh: string;
  en: string;
  query: string;
  variables?: string;
}

const tab = (zh: string, en: string, query: string, variables?: Record<string, unknown>): Example => ({
  zh,
  en,
  query: query.trim(),
  ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
});

/** The examples as the explorer's tabs: the description, in the page's language, as a comment. */
export function examplesFor(lang: ExplorerLanguage): { query: string; variables?: string }[] {
  return EXAMPLES.map((e) => ({ query: `# ${e[lang]}\n${e.query}\n`, ...(e.variables ? { variables: e.variables } : {}) }));
}

export const EXAMPLES: Example[] = [
  tab(
    "市场主体：阳东区前五家企业及其贷款、资产负债率",
    "Enterprises: the first five of 阳东区 with their loans and asset-liability ratio",
    `query YangdongEnterprises {
  enterprises(first: 5, filter: { county: "441704" }) {
    nodes { uscc name industry { name } assetLiabilityRatio exceedsLiabilityWatchLine
      loans(first: 10) { nodes { amount classification lender { name } } } }
  }
}`,
  ),
  tab(
    "风险企业（二（一）4、二（三）1）：资产负债率超过70%，且在担保圈中或向3家以上银行借款（多头授信）",
    "Risk enterprises (seed 二(一)4, 二(三)1): debt ratio over 70% AND (in a guarantee circle OR borrowing from 3+ banks), filtered in the database",
    `query RiskEnterprises {
  enterprises(first: 50, filter: { debtRatioAbove: "0.7", anyOf: [{ inGuaranteeCircle: true }, { lendingBanksAtLeast: 3 }] }) {
    totalCount
    nodes { uscc name county { name } assetLiabilityRatio shortLoansUsedLong inGuaranteeCircle
      loans(first: 20) { nodes { balance classification lender { name } } } }
  }
}`,
  ),
  tab(
    "企业债务：按县区、五级分类汇总贷款余额",
    "Enterprise debt: loan balances by county and five-category classification",
    `query LoanBalancesByCounty {
  loanBalances(groupBy: [COUNTY, CLASSIFICATION]) { countyName classification loanCount totalBalance nonPerformingBalance }
}`,
  ),
  tab(
    "担保圈：互保与担保链",
    "Guarantee circles: mutual guarantees and cycles in the guarantor graph",
    `query GuaranteeCircles {
  guaranteeCircles(minLength: 2) { length isMutual totalAmount members { uscc name } }
}`,
  ),
  tab(
    "债券兑付：下一季度到期的付息兑付，按县区与类型",
    "Bond repayment: payments falling due next quarter, by county and coupon/principal",
    `query BondsDue($from: Date!, $to: Date!) {
  bondPaymentsDue(from: $from, to: $to) {
    totals { count amountDue amountUnpaid }
    groups(by: [COUNTY, FLOW_KIND]) { county { name } flowKind count amountDue }
  }
}`,
    { from: "2019-01-01", to: "2019-03-31" },
  ),
  tab(
    "地方政府债务：按类别与县区汇总",
    "Local government debt: totals by class and county",
    `query GovernmentDebtTotals {
  governmentDebtTotals(groupBy: [CLASS, COUNTY]) { countyCode debtClass count balance contingentBalance }
}`,
  ),
  tab(
    "金融机构：突破监管红线的指标",
    "Financial institutions: indicator values breaching their watch line",
    `query Breaches {
  indicatorValues(first: 50, filter: { breachesOnly: true }) {
    nodes { institution { name kind } indicator periodEnd value watchLine { threshold legalSource } }
  }
}`,
  ),
  tab(
    "交易场所：逾期未完成的整改",
    "Trading venues: rectification orders past their deadline",
    `query OverdueRectifications {
  rectificationOrders(first: 50, filter: { overdue: true }) { nodes { orderNo deadline status venue { name } } }
}`,
  ),
  tab(
    "信用信息：失信记录按名单与状态统计",
    "Credit information: dishonesty records by list and status",
    `query DishonestyCounts {
  dishonestyRecordCounts(groupBy: [LIST, STATUS]) { list status count }
}`,
  ),
  tab(
    "目标进度：直接融资目标完成情况（2018年末）",
    "Goals: progress against the direct-financing goals (end-2018)",
    `query DirectFinancing {
  directFinancingProgress { board target achieved percent onTrack }
}`,
  ),
  tab(
    "预警通报（二（二）1）：订阅新触发的、本机构可见的高级别预警（WebSocket）",
    "Alerts (seed 二(二)1): subscribe to newly raised alerts you may see, HIGH and CRITICAL only (over WebSocket)",
    `subscription HighAlertsRaised {
  alertRaised(filter: { severity: [HIGH, CRITICAL] }) {
    alertId severity period subjectType subjectName countyCode raisedOn ackDueOn
    rule { code nameZh }
    evidence { field value masked }
  }
}`,
  ),
  tab(
    "共享权限：本机构可读的资源与共享申请",
    "Sharing: what your agency may read, and your sharing requests",
    `query MyAccess {
  sharingPolicy { name title mine }
  accessRequests { id resource purpose status replyDeadline isOverdue }
}`,
  ),
];

/**
 * The ready-made operation a conditional field's "request access" link opens in a new tab (the
 * page fills in the resource, a placeholder purpose and an end date 90 days after the business date).
 */
export const REQUEST_ACCESS_OPERATION = `mutation RequestAccess($resource: String!, $purpose: String!, $until: DateTime!) {
  requestAccess(resource: $resource, purpose: $purpose, until: $until) {
    __typename
    ... on MutationRequestAccessSuccess { data { id resource purpose status replyDeadline } }
    ... on MutationError { message }
    ... on ValidationError { issues { field rule message } }
  }
}
`;
