// The sharing policy the platform ships with: DOMAIN.md's reference matrix, as data.
//
// Each resource is a named group of fields (their Type.field patterns are in resources.ts) owned by
// one or more agencies. Each cell says how a principal may read it:
//   R = read                                  (无条件共享)
//   M = read with identifying characters masked
//   C = read after the owner approves a request stating a purpose, until it expires (有条件共享)
//   - = not shared                            (不予共享)
// County governments (COUNTY) always read only rows of their own county: DOMAIN.md's "own" is R
// here and "own C" is C; the county condition is applied in SQL (src/access/row-scope.ts).
// The owner of a resource always reads it. FINANCE_BUREAU may change a cell at run time
// (mutation setPolicyCell); the change is recorded with who and why and applies to the next request.
//
// Agencies the reference matrix does not list (INS, COM, IND, PSB, MKT) read what is public to
// every agency (registration, the institution registry, watch lines, the dishonesty lists that
// joint punishment (联合惩戒) requires every agency to act on), their own data, and what the
// seed's clauses name them for.
//
// Where DOMAIN.md's table is stricter than the seed, the seed wins: each unit a clause names in its
// brackets has a path to the clause's resources (responsibilities.ts; test/responsibilities.test.ts).
// The cells opened for that reason carry their clause in legal-basis.ts, shown in docs/permissions.md.
import type { Agency } from "../../generated/prisma/client.ts";

/** The policy's columns: the principals it distinguishes. */
export const COLUMNS = [
  "FINANCE_BUREAU",
  "PBOC",
  "CBRC",
  "DEVELOPMENT_REFORM",
  "FISCAL",
  "COUNTY",
  "CREDIT_PLATFORM",
  "INSURANCE_ASSOC",
  "COMMERCE",
  "INDUSTRY_IT",
  "PUBLIC_SECURITY",
  "MARKET_REGULATION",
] as const satisfies readonly Agency[];

export type Column = (typeof COLUMNS)[number];
export type Cell = "R" | "M" | "C" | "-";

export interface ResourcePolicy {
  /** Chinese name and English description, as a compliance officer reads them */
  title: string;
  owners: readonly Agency[];
  /** personal data, loans, dishonesty records, fundraising clues: the audit lists each record returned */
  sensitive: boolean;
  /** cells in COLUMNS order */
  cells: string;
}

//                                                                              FIN PBOC CBRC DRC FIS CNTY CP INS COM IND PSB MKT
export const MATRIX = {
  "enterprise.registration": { title: "企业登记信息 Enterprise registration (name, USCC, county, industry, listing)", owners: ["MARKET_REGULATION"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "person.identity": { title: "自然人姓名 Names of legal representatives and dishonesty subjects", owners: ["MARKET_REGULATION", "DEVELOPMENT_REFORM"], sensitive: true,
    cells: "R R R R R R R - - - R R" },
  "person.identifiers": { title: "法定代表人身份证号码 Legal representative ID number and phone", owners: ["MARKET_REGULATION"], sensitive: true,
    cells: "M M M M M - - - - - - R" },
  "enterprise.statements": { title: "企业财务报表 Enterprise financial statements", owners: ["PBOC"], sensitive: false,
    cells: "R R R C C C - C - - - -" },
  "debt.loans": { title: "贷款、五级分类、前十大名单 Loans, classification, top-10 lists", owners: ["CBRC"], sensitive: true,
    cells: "R R R C C C - C C C - -" },
  "debt.monitoring": { title: "前十大名单与一企一策 Banks' monthly top-10 lists and one-enterprise-one-policy plans", owners: ["CBRC"], sensitive: true,
    cells: "R R R C - R - C C - - -" },
  "debt.guarantees": { title: "担保与担保圈 Guarantees and guarantee circles", owners: ["CBRC"], sensitive: false,
    cells: "R R R C - C - C - - - -" },
  "bonds.repayment": { title: "债券、兑付计划与兑付记录 Bonds, schedules, repayments", owners: ["PBOC", "DEVELOPMENT_REFORM"], sensitive: false,
    cells: "R R R R R R - - - - - -" },
  "bonds.inspections": { title: "债券稽察发现 Bond inspection findings", owners: ["DEVELOPMENT_REFORM"], sensitive: false,
    cells: "R R R R C C - - - - - -" },
  "government.debt": { title: "地方政府债务、融资平台、PPP Local government debt, platforms, PPP", owners: ["FISCAL"], sensitive: false,
    cells: "R C C R R R - C - - - -" },
  "institutions.registry": { title: "金融机构名录 The registry of financial institutions", owners: ["CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "institutions.watchLines": { title: "监管红线 Watch lines and their legal sources", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "institutions.bankIndicators": { title: "银行机构监管指标 Bank indicators", owners: ["CBRC"], sensitive: false,
    cells: "R R R - - C - C - - - -" },
  "institutions.localOrgIndicators": { title: "地方金融组织监管指标与评级 Local financial organisations' indicators and ratings", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R - - C - C R - - -" },
  "institutions.marketIndicators": { title: "证券期货保险机构指标 Securities, futures and insurers' indicators", owners: ["FINANCE_BUREAU", "INSURANCE_ASSOC"], sensitive: false,
    cells: "R R R - - C - R - - - -" },
  "venues.supervision": { title: "交易场所、检查与整改 Trading venues, inspections, rectification", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R - R - - R - - -" },
  "credit.dishonesty": { title: "失信记录 Dishonesty records", owners: ["DEVELOPMENT_REFORM"], sensitive: true,
    cells: "R R R R R R R R R R R R" },
  "credit.subjectIdNumber": { title: "失信自然人身份证号码 Dishonesty records: person's ID number", owners: ["DEVELOPMENT_REFORM"], sensitive: true,
    cells: "M M M R M - R - - - - -" },
  "credit.evaluations": { title: "信用评价 Credit evaluations", owners: ["PBOC"], sensitive: false,
    cells: "R R R R - C - - - - - -" },
  "fundraising.clues": { title: "非法集资线索与案件 Illegal-fundraising clues and cases", owners: ["FINANCE_BUREAU", "PUBLIC_SECURITY"], sensitive: true,
    cells: "R R R - - R - C - - R C" },
  "fundraising.informant": { title: "举报人身份 Informant identity in a fundraising report", owners: ["FINANCE_BUREAU"], sensitive: true,
    cells: "R - - - - - - - - - - -" },
  "progress.reports": { title: "目标与季度进展 Goals and quarterly progress reports", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R - R R R R R" },
  // 二(四)1 〔阳江银监分局、人行阳江市中心支行、市保险行业协会〕
  "debt.trustProducts": { title: "信托、私募资管产品兑付问题 Trust and private asset-management products with repayment problems (二(四)1)", owners: ["CBRC"], sensitive: false,
    cells: "R R R - - - - C - - - -" },
  // 二(四)2 〔阳江银监分局、人行阳江市中心支行、市发展改革局、市经济和信息化局、市公安局、市工商局，各县（市、区）政府〕
  "debt.nplDisposals": { title: "不良贷款处置（核销、批量转让、证券化） NPL disposal: write-offs, transfers to AMCs, securitisation (二(四)2)", owners: ["CBRC"], sensitive: true,
    cells: "R R R C - C - - - C C C" },
  // 二(四)3 〔市经济和信息化局、市发展改革局、市财政局（国资委）、阳江银监分局，各县（市、区）政府〕
  "enterprise.zombieAssets": { title: "“僵尸企业”产权、股权交易信息 Zombie enterprises' asset and equity listings (二(四)3)", owners: ["INDUSTRY_IT"], sensitive: false,
    cells: "R - R R R R - - - R - -" },
  // 二(四)4 〔市金融局、市农业局、阳江银监分局、市保险行业协会，各县（市、区）政府〕 (市农业局 is no principal of the platform)
  "debt.pilotLoans": { title: "“政银保”合作农业贷款试点 政银保 pilot agricultural loans by county and year (二(四)4)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R - R - - R - R - - - -" },
  // 二(二)2 〔人行阳江市中心支行、阳江银监分局、市金融局、市保险行业协会，各县（市、区）政府〕: each regulator owns what it received
  "supervision.complaints": { title: "投诉举报 Complaints and reports received by the regulators (二(二)2)", owners: ["PBOC", "CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"], sensitive: false,
    cells: "R R R - - R - R - - - -" },
  "supervision.complainant": { title: "投诉人身份 A complainant's name, ID number and phone (二(二)2)", owners: ["PBOC", "CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"], sensitive: true,
    cells: "R R R - - M - R - - - -" },
  // 二(四)2 (joint punishment of 实际控制人) 〔阳江银监分局、人行阳江市中心支行、市发展改革局、市经济和信息化局、市公安局、市工商局，各县（市、区）政府〕.
  // The person's name is person.identity's and the ID number person.identifiers' (masked for the same columns), as for a legal representative.
  "person.actualController": { title: "企业实际控制人 An enterprise's actual controller (二(四)2)", owners: ["MARKET_REGULATION"], sensitive: true,
    cells: "R R R R - R - - - C R R" },
  // 二(二)1 建立去杠杆监测和信息通报机制, 二(二)3 及时发现、及时预警、及时处置, 三(二) 预警机制 (issue 12): the rules are
  // public to every member; which alerts an agency sees is decided per rule by the rule's own
  // resources and the county scope (src/alerts/visibility.ts), so the alerts' cell is R everywhere.
  "alerts.rules": { title: "预警规则 Risk rules: thresholds, responsible agencies, the resources each reads (二(二)1, 三(二))", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "alerts.alerts": { title: "预警与处置 Alerts, their evidence and disposal (rows and evidence as the rule's resources allow) (二(二)1, 二(二)3)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "records.history": { title: "变更历史 Change history of records (owners read their own records')", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R - - - - - - - - - - -" },
  "access.sharing": { title: "共享申请、授权与策略 Sharing requests, grants and the policy itself", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "access.audit": { title: "访问审计 The access audit (each agency reads its own entries; owners learn who received their records)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "access.auditChain": { title: "审计日志校验与导出 Verifying and exporting the whole audit log", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R - - - - - - - - - - -" },
  // Issue 10: every agency system fetches and keeps the log's signed checkpoints and the proofs for
  // the entries it may see (auditInclusionProof checks the entry against auditEntries' scope);
  // they carry hashes only, no entry's content.
  "access.auditLog": { title: "审计透明日志 The audit's transparency log: signed checkpoints, inclusion and consistency proofs, the public key", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "access.keys": { title: "API 密钥 API keys", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R - - - - - - - - - - -" },
  // 二(二)1 信息通报: each agency system registers its own endpoints and reads its own delivery log
  // (the rows are limited to the calling key in the resolvers); USER keys are refused (SYSTEM_ONLY_RESOURCES).
  "alerts.webhooks": { title: "预警通报 Webhook 端点与投递记录 Webhook endpoints and delivery logs (each agency system its own)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  // Issue 10 items 2–4 (src/verification/, src/notices/, src/punishment/). Open to every member as
  // workflows; the rows are limited in SQL to the caller's part (disputes it raised or must answer,
  // its own notices, the cases it initiated or is asked to act on; FINANCE_BUREAU coordinates all).
  // 二(四)5 信用信息互联互通、共建共享: a recipient disputes and is told of corrections; 二(四)2 联合惩戒.
  "feedback.disputes": { title: "校核异议与答复 Disputes of received records and the owners' answers (each agency its own, owners theirs) (二(四)5)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "feedback.notices": { title: "更正通知 Notices of corrections, repairs, revocations and deletions of received records (each agency its own)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  // The credit platform is a machine client that pulls records; it is never asked to act.
  "feedback.punishment": { title: "联合惩戒 发起→响应→反馈 Joint-punishment cases: initiation, responses, feedback (initiator and FINANCE_BUREAU all, asked agencies theirs) (二(四)2)", owners: ["DEVELOPMENT_REFORM"], sensitive: false,
    cells: "R R R R R R - R R R R R" },
  // issue 14: each key reads its own rate limit and its agency's daily quota (no argument names another)
  "limits.budget": { title: "限流与每日配额 Rate limits and daily quotas (each key its own, each agency its own)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
  "graph.structure": { title: "结构 Pagination, result wrappers and error shapes (carry no data of their own)", owners: ["FINANCE_BUREAU"], sensitive: false,
    cells: "R R R R R R R R R R R R" },
} as const satisfies Record<string, ResourcePolicy>;

export type ResourceName = keyof typeof MATRIX;
export const RESOURCE_NAMES = Object.keys(MATRIX) as ResourceName[];

const CELL_TO_CLASS = { R: "READ", M: "MASK", C: "CONDITIONAL", "-": "DENY" } as const;
export type Sharing = (typeof CELL_TO_CLASS)[Cell];

/** The shipped sharing class of a cell. */
export function shippedCell(resource: ResourceName, column: Column): Sharing {
  const cells = MATRIX[resource].cells.split(/\s+/);
  if (cells.length !== COLUMNS.length) throw new Error(`policy row ${resource} has ${cells.length} cells, expected ${COLUMNS.length}`);
  const cell = cells[COLUMNS.indexOf(column)] as Cell;
  if (!(cell in CELL_TO_CLASS)) throw new Error(`policy row ${resource}: unknown cell "${cell}"`);
  return CELL_TO_CLASS[cell];
}
