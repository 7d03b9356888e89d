// Venue rectifications, debt evasion, illegal fundraising and quarterly progress (seed 二(三)5,
// 二(四)2, 二(五)2, 三(四)). Definitions follow the graph's fields: RectificationOrder.isOverdue,
// DishonestyRecord.isActive, Query.missingProgressReports.
import { Prisma } from "../../generated/prisma/client.ts";
import { z } from "zod";
import { CITY_CODE, CITY_REPORTERS } from "../../progress/quarters.ts";
import { sqlArray, defineRule, evidenceItem, flatAgg, inSubjects } from "./rule.ts";

const PLAN = "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》";
const self = (ids: Prisma.Sql) => Prisma.sql`SELECT unnest(${ids}) AS subject_id`;

export const VENUE_RECTIFICATION_OVERDUE = defineRule({
  code: "VENUE_RECTIFICATION_OVERDUE",
  nameZh: "交易场所整改逾期未完成",
  nameEn: "A trading venue's rectification order is overdue",
  clause: "二(三)5",
  legalSource: `${PLAN}二（三）5：重点查处大宗商品交易市场违规开展金融业务，及时纠正违规行为`,
  severity: "HIGH",
  parameters: {},
  parametersSchema: z.strictObject({}),
  // 二(三)5 〔市金融局、市商务局，各县（市、区）政府〕
  responsibleAgencies: ["FINANCE_BUREAU", "COMMERCE", "COUNTY"],
  resources: ["venues.supervision"],
  subjectType: "TradingVenue",
  // a deadline passing makes an order overdue: the daily sweep
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 3,
  disposeWorkingDays: 15,
  watches: ["trading_venue", "venue_inspection", "venue_violation", "rectification_order"],
  dirty: {
    trading_venue: self,
    venue_inspection: (ids) => Prisma.sql`SELECT venue_id AS subject_id FROM venue_inspection WHERE id = ANY(${ids})`,
    venue_violation: (ids) => Prisma.sql`SELECT i.venue_id AS subject_id FROM venue_violation v JOIN venue_inspection i ON i.id = v.inspection_id WHERE v.id = ANY(${ids})`,
    rectification_order: (ids) => Prisma.sql`SELECT i.venue_id AS subject_id FROM rectification_order o
      JOIN venue_violation v ON v.id = o.violation_id JOIN venue_inspection i ON i.id = v.inspection_id WHERE o.id = ANY(${ids})`,
  },
  // Not completed and the deadline before the business date, whatever the recorded status; the period is the deadline.
  candidates: ({ businessDate, subjects }) => Prisma.sql`
    SELECT t.id AS subject_id, t.code AS subject_key, t.name AS subject_name, t.county_code::text AS county_code,
           to_char(o.deadline, 'YYYY-MM-DD') AS period,
           ${flatAgg(Prisma.sql`jsonb_build_array(
             ${evidenceItem("RectificationOrder.orderNo", Prisma.sql`o.order_no`, Prisma.sql`o.id`)},
             ${evidenceItem("RectificationOrder.deadline", Prisma.sql`to_char(o.deadline, 'YYYY-MM-DD')`, Prisma.sql`o.id`)},
             ${evidenceItem("RectificationOrder.status", Prisma.sql`o.status::text`, Prisma.sql`o.id`)})`, Prisma.sql`o.id`)} AS evidence
    FROM rectification_order o JOIN venue_violation v ON v.id = o.violation_id JOIN venue_inspection i ON i.id = v.inspection_id
    JOIN trading_venue t ON t.id = i.venue_id AND t.retired_at IS NULL
    WHERE o.status <> 'COMPLETED' AND o.deadline < ${businessDate}::date AND ${inSubjects(subjects, Prisma.sql`t.id`)}
    GROUP BY t.id, o.deadline`,
});

export const DEBT_EVASION_WITH_LOANS = defineRule({
  code: "DEBT_EVASION_WITH_LOANS",
  nameZh: "逃废债失信企业仍有未结清银行贷款",
  nameEn: "An enterprise on the debt-evasion list with outstanding loans",
  clause: "二(四)2",
  legalSource: `${PLAN}二（四）2：加大对失信行为和逃废债务行为的打击力度，对有逃废债务行为的企业实际控制人依法采取联合惩戒措施`,
  severity: "HIGH",
  parameters: {},
  parametersSchema: z.strictObject({}),
  // 二(四)2 〔阳江银监分局、人行阳江市中心支行、市发展改革局、市经济和信息化局、市公安局、市工商局，各县（市、区）政府〕:
  // 市公安局 and 市工商局 have no path to loans (debt.loans), so an alert built on them cannot be theirs.
  responsibleAgencies: ["CBRC", "PBOC", "DEVELOPMENT_REFORM", "INDUSTRY_IT", "COUNTY"],
  resources: ["credit.dishonesty", "debt.loans", "enterprise.registration"],
  subjectType: "Enterprise",
  // expiry dates pass: the daily sweep
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 5,
  disposeWorkingDays: 30,
  watches: ["dishonesty_record", "loan", "enterprise"],
  dirty: {
    enterprise: self,
    dishonesty_record: (ids) => Prisma.sql`SELECT enterprise_id AS subject_id FROM dishonesty_record WHERE id = ANY(${ids})`,
    loan: (ids) => Prisma.sql`SELECT borrower_id AS subject_id FROM loan WHERE id = ANY(${ids})`,
  },
  candidates: ({ businessDate, subjects }) => Prisma.sql`
    SELECT e.id AS subject_id, e.uscc AS subject_key, e.name AS subject_name, e.county_code::text AS county_code, '' AS period,
           (SELECT jsonb_agg(${evidenceItem("DishonestyRecord.documentNo", Prisma.sql`d.document_no`, Prisma.sql`d.id`)} ORDER BY d.id)
              FROM dishonesty_record d WHERE d.enterprise_id = e.id AND d.list = 'DEBT_EVASION' AND d.status = 'ACTIVE' AND d.deleted_at IS NULL
                AND (d.expires_on IS NULL OR d.expires_on >= ${businessDate}::date))
           || (SELECT jsonb_agg(${evidenceItem("Loan.balance", Prisma.sql`l.balance`, Prisma.sql`l.id`)} ORDER BY l.id)
              FROM loan l WHERE l.borrower_id = e.id AND l.retired_at IS NULL AND l.balance > 0) AS evidence
    FROM enterprise e
    WHERE e.retired_at IS NULL AND ${inSubjects(subjects, Prisma.sql`e.id`)}
      AND EXISTS (SELECT 1 FROM dishonesty_record d WHERE d.enterprise_id = e.id AND d.subject_type = 'ENTERPRISE' AND d.list = 'DEBT_EVASION'
                    AND d.status = 'ACTIVE' AND d.deleted_at IS NULL AND (d.expires_on IS NULL OR d.expires_on >= ${businessDate}::date))
      AND EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = e.id AND l.retired_at IS NULL AND l.balance > 0)`,
});

const clueParams = z.strictObject({ amount: z.number().positive(), people: z.number().int().positive() });

export const FUNDRAISING_CLUE_ABOVE_THRESHOLD = defineRule({
  code: "FUNDRAISING_CLUE_ABOVE_THRESHOLD",
  nameZh: "非法集资线索涉案金额或人数超过阈值",
  nameEn: "An illegal-fundraising clue above the amount or people threshold",
  clause: "二(五)2",
  legalSource: `${PLAN}二（二）3、二（五）2：从重从快打击各类非法集资违法犯罪；阈值取《最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释》（法释〔2010〕18号）第三条单位“数额巨大”（500万元）与“情节严重”（500人）`,
  severity: "HIGH",
  parameters: { amount: 5_000_000, people: 500 },
  parametersSchema: clueParams,
  // 二(五)2 〔市处置非法集资领导小组各成员单位，各县（市、区）政府〕 (the members: responsibilities.ts)
  responsibleAgencies: ["FINANCE_BUREAU", "PUBLIC_SECURITY", "PBOC", "CBRC", "MARKET_REGULATION", "COUNTY"],
  resources: ["fundraising.clues"],
  subjectType: "FundraisingClue",
  triggers: ["WRITE"],
  ackWorkingDays: 1,
  disposeWorkingDays: 10,
  watches: ["fundraising_clue"],
  dirty: { fundraising_clue: self },
  // open clues (not disposed, not retired) at or above either threshold
  candidates: ({ params, subjects }) => Prisma.sql`
    SELECT c.id AS subject_id, c.clue_no AS subject_key, c.suspect_name AS subject_name, c.county_code::text AS county_code, '' AS period,
           jsonb_build_array(
             ${evidenceItem("FundraisingClue.amountInvolved", Prisma.sql`c.amount_involved`, Prisma.sql`c.id`)},
             ${evidenceItem("FundraisingClue.peopleAffected", Prisma.sql`c.people_affected`, Prisma.sql`c.id`)},
             ${evidenceItem("FundraisingClue.status", Prisma.sql`c.status::text`, Prisma.sql`c.id`)}) AS evidence
    FROM fundraising_clue c
    WHERE c.retired_at IS NULL AND c.status <> 'DISPOSED' AND ${inSubjects(subjects, Prisma.sql`c.id`)}
      AND (c.amount_involved >= ${params.amount}::numeric OR c.people_affected >= ${params.people}::int)`,
});

/**
 * A missing report has no row to point at: its subject id encodes the reporter, the agency's
 * position in the Agency enum × 1,000,000 + the county code (441700 for city-level agencies).
 */
const reporterId = (agency: Prisma.Sql, county: Prisma.Sql) =>
  Prisma.sql`(array_position(enum_range(NULL::"Agency"), ${agency}::"Agency") * 1000000 + ${county}::int)`;

const progressParams = z.strictObject({
  /** the first quarter end reports are expected for (the plan's first quarter) */
  since: z.iso.date(),
  /** days after the quarter end before a report counts as missing (每季度末报送: 0) */
  graceDays: z.number().int().min(0).max(90),
});

export const PROGRESS_REPORT_MISSING = defineRule({
  code: "PROGRESS_REPORT_MISSING",
  nameZh: "季度去杠杆工作进展情况未按时报送市金融局",
  nameEn: "A quarterly progress report missing after the quarter end",
  clause: "三(四)",
  legalSource: `${PLAN}三（四）：各地、各责任单位要于每季度末将本季度推进落实去杠杆工作进展情况报送市金融局`,
  severity: "LOW",
  parameters: { since: "2016-03-31", graceDays: 0 },
  parametersSchema: progressParams,
  // 三(四): 市金融局 collects the reports and follows up (对各地、各责任单位落实情况进行跟踪督查)
  responsibleAgencies: ["FINANCE_BUREAU"],
  resources: ["progress.reports"],
  subjectType: "MissingProgressReport",
  triggers: ["WRITE", "QUARTER_END", "DAILY"],
  ackWorkingDays: 3,
  disposeWorkingDays: 10,
  watches: ["progress_report", "county"],
  dirty: {
    progress_report: (ids) => Prisma.sql`SELECT ${reporterId(Prisma.sql`agency`, Prisma.sql`county_code`)} AS subject_id FROM progress_report WHERE id = ANY(${ids})`,
    county: () => Prisma.sql`SELECT NULL::int AS subject_id WHERE false`,
  },
  // Every expected (reporter, quarter) from `since` to the last quarter ended graceDays before the
  // business date, without a report: the member agencies at city level and each county government.
  candidates: ({ params, businessDate, subjects }) => Prisma.sql`
    SELECT x.subject_id, x.agency || '/' || x.county_code AS subject_key, x.agency AS subject_name,
           CASE WHEN x.county_code = ${CITY_CODE} THEN NULL ELSE x.county_code END AS county_code,
           to_char(x.quarter_end, 'YYYY"Q"Q') AS period,
           jsonb_build_array(
             jsonb_build_object('field', 'MissingProgressReport.agency', 'value', x.agency, 'recordType', 'MissingProgressReport', 'recordId', x.subject_id),
             jsonb_build_object('field', 'MissingProgressReport.countyCode', 'value', x.county_code, 'recordType', 'MissingProgressReport', 'recordId', x.subject_id)) AS evidence
    FROM (
      SELECT r.agency, r.county_code, q.quarter_end, ${reporterId(Prisma.sql`r.agency`, Prisma.sql`r.county_code`)} AS subject_id
      FROM (SELECT unnest(${sqlArray(CITY_REPORTERS, "text")}) AS agency, ${CITY_CODE}::text AS county_code
            UNION ALL SELECT 'COUNTY', code::text FROM county WHERE NOT is_city) r
      CROSS JOIN LATERAL (
        SELECT (date_trunc('quarter', g) + interval '3 months' - interval '1 day')::date AS quarter_end
        FROM generate_series(${params.since}::date, ${businessDate}::date, interval '3 months') g) q
      WHERE q.quarter_end + ${params.graceDays}::int < ${businessDate}::date
    ) x
    WHERE ${inSubjects(subjects, Prisma.sql`x.subject_id`)}
      AND NOT EXISTS (SELECT 1 FROM progress_report p WHERE p.agency::text = x.agency AND p.county_code = x.county_code AND p.quarter_end = x.quarter_end)`,
});
