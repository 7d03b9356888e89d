// Enterprise leverage and credit concentration (seed 二(一)2, 二(一)4, 二(三)1). The leverage rule
// uses the risk conditions of the enterprise filters (src/enterprise/enterprise-risk.sql.ts), so an
// alert and the list a reader can query agree on who is over the line.
import { Prisma } from "../../generated/prisma/client.ts";
import { z } from "zod";
import { edgesSql, MAX_CIRCLE_LENGTH } from "../../debt/guarantee-circles.sql.ts";
import { defineRule, flatAgg, evidenceItem, inSubjects, type DirtyMapper } from "./rule.ts";

const LIVE_LOAN = Prisma.sql`l.retired_at IS NULL AND l.balance > 0`;

const enterpriseSelf: DirtyMapper = (ids) => Prisma.sql`SELECT unnest(${ids}) AS subject_id`;
const loanBorrower: DirtyMapper = (ids) => Prisma.sql`SELECT borrower_id AS subject_id FROM loan WHERE id = ANY(${ids})`;

const leverageParams = z.strictObject({
  /** private lending as a share of total liabilities above which it counts as 民间借贷额高 */
  privateLendingShareAbove: z.number().gt(0).lt(1),
});

export const ENTERPRISE_HIGH_LEVERAGE_COMBINED = defineRule({
  code: "ENTERPRISE_HIGH_LEVERAGE_COMBINED",
  nameZh: "企业资产负债率超过70%且短贷长用、民间借贷额高、互保或处于担保圈",
  nameEn: "Enterprise debt ratio above 70% with short loans used long, heavy private lending, a mutual guarantee or a guarantee circle",
  clause: "二(一)4",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（一）4：重点关注资产负债率超过70%、短贷长用、民间借贷额高、关联企业互保的企业（70%为 watch_line 中企业资产负债率警戒线）",
  severity: "MEDIUM",
  parameters: { privateLendingShareAbove: 0.3 },
  parametersSchema: leverageParams,
  // 二(一)4（人行阳江市中心支行、阳江银监分局、市保险行业协会）
  responsibleAgencies: ["PBOC", "CBRC", "INSURANCE_ASSOC"],
  resources: ["enterprise.registration", "enterprise.statements", "debt.guarantees", "institutions.watchLines"],
  subjectType: "Enterprise",
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 5,
  disposeWorkingDays: 30,
  watches: ["enterprise", "financial_statement", "guarantee", "watch_line"],
  dirty: {
    enterprise: enterpriseSelf,
    financial_statement: (ids) => Prisma.sql`SELECT enterprise_id AS subject_id FROM financial_statement WHERE id = ANY(${ids})`,
    // both parties; other members of a circle the edge closes are settled by the daily sweep
    guarantee: (ids) => Prisma.sql`SELECT guarantor_id AS subject_id FROM guarantee WHERE id = ANY(${ids}) UNION SELECT borrower_id FROM guarantee WHERE id = ANY(${ids})`,
    watch_line: (ids) => Prisma.sql`SELECT DISTINCT s.enterprise_id AS subject_id FROM financial_statement s
      WHERE EXISTS (SELECT 1 FROM watch_line w WHERE w.id = ANY(${ids}) AND w.indicator = 'ENTERPRISE_ASSET_LIABILITY_RATIO')`,
  },
  // The definitions of src/enterprise/enterprise-risk.sql.ts (the enterprise filters), but starting
  // from the enterprises over the line (and only the given ones when incremental): the circle walk
  // then starts from those few instead of every edge. A member of a circle of up to
  // MAX_CIRCLE_LENGTH is an enterprise a bounded walk leads back to; riskMatchSql walks each circle
  // once from its smallest member, which finds the same members. Measured at scale 10 on
  // PostgreSQL: 1.6 s for the sweep (5.1 s with riskMatchSql joined back to its enterprises), 0.18 s for
  // five subjects (0.8 s with riskMatchSql, which walks every circle whatever the subjects).
  candidates: ({ params, subjects }) => Prisma.sql`
    WITH RECURSIVE over AS (
      SELECT e.id, e.uscc, e.name, e.county_code, ls.id AS statement_id, ls.period_end, ls.short_term_borrowings, ls.current_assets,
             ls.private_lending, ls.total_liabilities, round(ls.total_liabilities / ls.total_assets, 6) AS ratio
      FROM enterprise e
      JOIN LATERAL (SELECT s.* FROM financial_statement s WHERE s.enterprise_id = e.id AND s.period_type = 'ANNUAL' AND s.retired_at IS NULL
                    ORDER BY s.period_end DESC LIMIT 1) ls ON true
      JOIN LATERAL (SELECT w.comparator::text AS comparator, w.threshold FROM watch_line w
                    WHERE w.indicator = 'ENTERPRISE_ASSET_LIABILITY_RATIO' AND cardinality(w.institution_kinds) = 0
                      AND w.effective_from <= ls.period_end AND (w.effective_to IS NULL OR w.effective_to >= ls.period_end)
                    ORDER BY w.effective_from, w.id LIMIT 1) wl ON true
      WHERE e.retired_at IS NULL AND ls.total_assets > 0 AND ${inSubjects(subjects, Prisma.sql`e.id`)}
        AND CASE wl.comparator WHEN 'AT_MOST' THEN round(ls.total_liabilities / ls.total_assets, 6) > wl.threshold
                               WHEN 'AT_LEAST' THEN round(ls.total_liabilities / ls.total_assets, 6) < wl.threshold
                               WHEN 'BELOW' THEN round(ls.total_liabilities / ls.total_assets, 6) >= wl.threshold END
    ),
    ${edgesSql(null)},
    walk(start, node, path) AS (
      SELECT x.a, x.b, ARRAY[x.a, x.b] FROM edge x WHERE x.a IN (SELECT id FROM over)
      UNION ALL
      SELECT w.start, y.b, w.path || y.b FROM walk w JOIN edge y ON y.a = w.node
      WHERE w.node <> w.start AND (y.b = w.start OR y.b <> ALL (w.path)) AND cardinality(w.path) <= ${MAX_CIRCLE_LENGTH}
    ),
    -- as sets joined once: correlated EXISTS over a CTE scan it whole for every row
    in_circle AS (SELECT DISTINCT start AS id FROM walk WHERE node = start),
    in_mutual AS (SELECT DISTINCT x.a AS id FROM edge x JOIN edge y ON y.a = x.b AND y.b = x.a WHERE x.a IN (SELECT id FROM over)),
    flagged AS (
      SELECT o.*,
             o.short_term_borrowings > o.current_assets AS short_long,
             (o.total_liabilities > 0 AND o.private_lending / o.total_liabilities > ${params.privateLendingShareAbove}::numeric) AS heavy_private,
             m.id IS NOT NULL AS mutual, c.id IS NOT NULL AS circle
      FROM over o LEFT JOIN in_mutual m ON m.id = o.id LEFT JOIN in_circle c ON c.id = o.id
    )
    SELECT f.id AS subject_id, f.uscc AS subject_key, f.name AS subject_name, f.county_code::text AS county_code,
           to_char(f.period_end, 'YYYY-MM-DD') AS period,
           (SELECT jsonb_agg(x) FROM unnest(ARRAY[
             ${evidenceItem("FinancialStatement.assetLiabilityRatio", Prisma.sql`f.ratio`, Prisma.sql`f.statement_id`)},
             CASE WHEN f.short_long THEN ${evidenceItem("Enterprise.shortLoansUsedLong", Prisma.sql`true`, Prisma.sql`f.id`)} END,
             CASE WHEN f.heavy_private THEN ${evidenceItem("FinancialStatement.privateLending", Prisma.sql`f.private_lending`, Prisma.sql`f.statement_id`)} END,
             CASE WHEN f.mutual THEN ${evidenceItem("Enterprise.guaranteesGiven", Prisma.sql`true`, Prisma.sql`f.id`)} END,
             CASE WHEN f.circle THEN ${evidenceItem("Enterprise.inGuaranteeCircle", Prisma.sql`true`, Prisma.sql`f.id`)} END]) x WHERE x IS NOT NULL) AS evidence
    FROM flagged f
    WHERE f.short_long OR f.heavy_private OR f.mutual OR f.circle`,
});

const multiBankParams = z.strictObject({ banks: z.number().int().min(2) });

export const MULTI_BANK_BORROWING = defineRule({
  code: "MULTI_BANK_BORROWING",
  nameZh: "多头授信：企业同时在多家银行有未结清贷款",
  nameEn: "Borrowing from many banks (多头授信)",
  clause: "二(三)1",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（三）1：盯防大客户、过度授信、多头授信和关联授信风险",
  severity: "MEDIUM",
  parameters: { banks: 3 },
  parametersSchema: multiBankParams,
  // 二(三)1 〔阳江银监分局，各相关县（市、区）政府〕
  responsibleAgencies: ["CBRC", "COUNTY"],
  resources: ["enterprise.registration", "debt.loans", "institutions.registry"],
  subjectType: "Enterprise",
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 5,
  disposeWorkingDays: 30,
  watches: ["enterprise", "loan"],
  dirty: { enterprise: enterpriseSelf, loan: loanBorrower },
  candidates: ({ params, subjects }) => Prisma.sql`
    SELECT e.id AS subject_id, e.uscc AS subject_key, e.name AS subject_name, e.county_code::text AS county_code, '' AS period,
           jsonb_agg(${evidenceItem("Loan.balance", Prisma.sql`l.balance`, Prisma.sql`l.id`)} ORDER BY l.lender_id, l.id) AS evidence
    FROM enterprise e JOIN loan l ON l.borrower_id = e.id AND ${LIVE_LOAN}
    WHERE e.retired_at IS NULL AND ${inSubjects(subjects, Prisma.sql`e.id`)}
    GROUP BY e.id
    HAVING count(DISTINCT l.lender_id) >= ${params.banks}`,
});

const exposureParams = z.strictObject({ amount: z.number().positive() });

export const LARGE_SINGLE_EXPOSURE = defineRule({
  code: "LARGE_SINGLE_EXPOSURE",
  nameZh: "大客户：单一银行对单一企业贷款余额超过限额",
  nameEn: "Large single exposure: one bank's live loans to one enterprise above the amount",
  clause: "二(三)1",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（三）1：盯防大客户、过度授信；《商业银行法》第三十九条（单一客户集中度）",
  severity: "MEDIUM",
  parameters: { amount: 500_000_000 },
  parametersSchema: exposureParams,
  responsibleAgencies: ["CBRC", "COUNTY"],
  resources: ["enterprise.registration", "debt.loans", "institutions.registry"],
  subjectType: "Enterprise",
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 5,
  disposeWorkingDays: 30,
  watches: ["enterprise", "loan"],
  dirty: { enterprise: enterpriseSelf, loan: loanBorrower },
  candidates: ({ params, subjects }) => Prisma.sql`
    SELECT e.id AS subject_id, e.uscc AS subject_key, e.name AS subject_name, e.county_code::text AS county_code, '' AS period,
           jsonb_agg(${evidenceItem("Loan.balance", Prisma.sql`l.balance`, Prisma.sql`l.id`)} ORDER BY l.lender_id, l.id) AS evidence
    FROM (SELECT l.borrower_id, l.lender_id FROM loan l WHERE ${LIVE_LOAN} AND ${inSubjects(subjects, Prisma.sql`l.borrower_id`)}
          GROUP BY 1, 2 HAVING sum(l.balance) > ${params.amount}::numeric) big
    JOIN enterprise e ON e.id = big.borrower_id AND e.retired_at IS NULL
    JOIN loan l ON l.borrower_id = big.borrower_id AND l.lender_id = big.lender_id AND ${LIVE_LOAN}
    GROUP BY e.id`,
});

const topListParams = z.strictObject({});

export const TOP10_CREDIT_RISK_NEW_ENTRY = defineRule({
  code: "TOP10_CREDIT_RISK_NEW_ENTRY",
  nameZh: "企业新进入银行前十大信贷风险企业名单",
  nameEn: "A new entry on a bank's monthly top-10 credit-risk list",
  clause: "二(一)2",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（一）2：对银行业机构贷款前十大企业和前十大信贷风险企业进行按月监测分析……对已产生信贷风险的企业及时协调处置化解",
  severity: "HIGH",
  parameters: {},
  parametersSchema: topListParams,
  // 二(一)2 〔人行阳江市中心支行、阳江银监分局、市金融局、市商务局、市保险行业协会，各县（市、区）政府〕
  responsibleAgencies: ["PBOC", "CBRC", "FINANCE_BUREAU", "COMMERCE", "INSURANCE_ASSOC", "COUNTY"],
  resources: ["enterprise.registration", "debt.monitoring", "institutions.registry"],
  subjectType: "Enterprise",
  triggers: ["WRITE"],
  ackWorkingDays: 5,
  disposeWorkingDays: 30,
  watches: ["top_list_entry", "enterprise"],
  dirty: {
    enterprise: enterpriseSelf,
    // an entry changed: its enterprise, and whoever is on that bank's list that month
    top_list_entry: (ids) => Prisma.sql`SELECT t2.enterprise_id AS subject_id FROM top_list_entry t JOIN top_list_entry t2
      ON t2.institution_id = t.institution_id AND t2.kind = t.kind AND t2.month IN (t.month, (t.month + interval '1 month')::date) WHERE t.id = ANY(${ids})
      UNION SELECT enterprise_id FROM top_list_entry WHERE id = ANY(${ids})`,
  },
  // Each bank's latest list up to the business date; an enterprise on it that was not on the same
  // bank's list the month before is new. The period is the list's month.
  candidates: ({ businessDate, subjects }) => Prisma.sql`
    SELECT e.id AS subject_id, e.uscc AS subject_key, e.name AS subject_name, e.county_code::text AS county_code,
           to_char(t.month, 'YYYY-MM') AS period,
           ${flatAgg(Prisma.sql`jsonb_build_array(
             ${evidenceItem("TopListEntry.rank", Prisma.sql`t.rank`, Prisma.sql`t.id`)},
             ${evidenceItem("TopListEntry.exposure", Prisma.sql`t.exposure`, Prisma.sql`t.id`)})`, Prisma.sql`t.institution_id`)} AS evidence
    FROM (SELECT institution_id, max(month) AS month FROM top_list_entry
          WHERE kind = 'TOP_CREDIT_RISK' AND month <= ${businessDate}::date GROUP BY institution_id) latest
    JOIN top_list_entry t ON t.institution_id = latest.institution_id AND t.month = latest.month AND t.kind = 'TOP_CREDIT_RISK'
    JOIN enterprise e ON e.id = t.enterprise_id AND e.retired_at IS NULL
    WHERE ${inSubjects(subjects, Prisma.sql`t.enterprise_id`)}
      AND NOT EXISTS (SELECT 1 FROM top_list_entry p WHERE p.institution_id = t.institution_id AND p.kind = 'TOP_CREDIT_RISK'
                        AND p.enterprise_id = t.enterprise_id AND p.month = (t.month - interval '1 month')::date)
    GROUP BY e.id, t.month`,
});
