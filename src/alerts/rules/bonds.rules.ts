// Bond repayment tracking (seed 二(三)4: 对企业、公司债券兑付情况进行跟踪，提前告知、确保按期支付;
// 建立企业、公司债券定期稽察制度，重点查处擅自改变募集资金用途). The definitions are those of the
// graph's computed fields (src/bonds/repayment.ts): BondScheduleItem.noticeDue and .isOverdue.
import { Prisma } from "../../generated/prisma/client.ts";
import { z } from "zod";
import { defineRule, flatAgg, evidenceItem, evidenceItemOf, inSubjects, type DirtyMapper } from "./rule.ts";

const PLAN = "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（三）4";
// 二(三)4 〔市财政局、市发展改革局，各县（市、区）政府〕
const RESPONSIBLE = ["FISCAL", "DEVELOPMENT_REFORM", "COUNTY"] as const;

const bondSelf: DirtyMapper = (ids) => Prisma.sql`SELECT unnest(${ids}) AS subject_id`;
const scheduleBond: DirtyMapper = (ids) => Prisma.sql`SELECT bond_id AS subject_id FROM bond_schedule_item WHERE id = ANY(${ids})`;
const paymentBond: DirtyMapper = (ids) =>
  Prisma.sql`SELECT s.bond_id AS subject_id FROM bond_payment p JOIN bond_schedule_item s ON s.id = p.schedule_item_id WHERE p.id = ANY(${ids})`;

/** The bond's subject columns; `b` is the bond, `e` its issuer. */
const BOND_SUBJECT = Prisma.sql`b.id AS subject_id, b.code AS subject_key, b.name AS subject_name, e.county_code::text AS county_code`;

const noticeParams = z.strictObject({ days: z.number().int().min(1).max(366) });

export const BOND_PAYMENT_DUE_NO_NOTICE = defineRule({
  code: "BOND_PAYMENT_DUE_NO_NOTICE",
  nameZh: "债券兑付日临近未提前告知",
  nameEn: "Bond payment due within N days with no advance notice recorded",
  clause: "二(三)4",
  legalSource: `${PLAN}：对企业、公司债券兑付情况进行跟踪，提前告知、确保按期支付`,
  severity: "MEDIUM",
  parameters: { days: 30 },
  parametersSchema: noticeParams,
  responsibleAgencies: [...RESPONSIBLE],
  resources: ["bonds.repayment", "enterprise.registration"],
  subjectType: "Bond",
  // time passing brings a due date into the window: the daily sweep
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 1,
  disposeWorkingDays: 5,
  watches: ["bond", "bond_schedule_item"],
  dirty: { bond: bondSelf, bond_schedule_item: scheduleBond },
  candidates: ({ params, businessDate, subjects }) => Prisma.sql`
    SELECT ${BOND_SUBJECT}, to_char(s.due_date, 'YYYY-MM-DD') AS period,
           ${flatAgg(Prisma.sql`jsonb_build_array(
             ${evidenceItem("BondScheduleItem.dueDate", Prisma.sql`to_char(s.due_date, 'YYYY-MM-DD')`, Prisma.sql`s.id`)},
             ${evidenceItem("BondScheduleItem.amountDue", Prisma.sql`s.amount_due`, Prisma.sql`s.id`)},
             ${evidenceItem("BondScheduleItem.noticeSentAt", Prisma.sql`NULL::text`, Prisma.sql`s.id`)})`, Prisma.sql`s.kind`)} AS evidence
    FROM bond_schedule_item s JOIN bond b ON b.id = s.bond_id JOIN enterprise e ON e.id = b.issuer_id
    WHERE b.retired_at IS NULL AND b.status = 'OUTSTANDING' AND s.notice_sent_at IS NULL
      AND s.due_date >= ${businessDate}::date AND s.due_date <= ${businessDate}::date + ${params.days}::int
      AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id)
      AND ${inSubjects(subjects, Prisma.sql`b.id`)}
    GROUP BY b.id, e.county_code, s.due_date`,
});

const lateParams = z.strictObject({ lookbackDays: z.number().int().min(1).max(3660) });

export const BOND_PAYMENT_LATE_OR_FAILED = defineRule({
  code: "BOND_PAYMENT_LATE_OR_FAILED",
  nameZh: "债券兑付逾期或违约",
  nameEn: "A late or failed bond payment",
  clause: "二(三)4",
  legalSource: `${PLAN}：确保按期支付；对个别企业、公司兑付风险第一时间协调地方政府介入处理`,
  severity: "CRITICAL",
  parameters: { lookbackDays: 365 },
  parametersSchema: lateParams,
  responsibleAgencies: [...RESPONSIBLE],
  resources: ["bonds.repayment", "enterprise.registration"],
  subjectType: "Bond",
  triggers: ["WRITE", "DAILY"],
  ackWorkingDays: 1,
  disposeWorkingDays: 10,
  watches: ["bond", "bond_schedule_item", "bond_payment"],
  dirty: { bond: bondSelf, bond_schedule_item: scheduleBond, bond_payment: paymentBond },
  // A payment recorded LATE or DEFAULT, or a due date passed unpaid and not extended (isOverdue),
  // for due dates in the look-back window. The period is the due date.
  candidates: ({ params, businessDate, subjects }) => Prisma.sql`
    SELECT ${BOND_SUBJECT}, to_char(f.due_date, 'YYYY-MM-DD') AS period, jsonb_agg(f.item ORDER BY f.schedule_item_id, f.ord) AS evidence
    FROM (
      SELECT s.id AS schedule_item_id, s.bond_id, s.due_date, 1 AS ord, ${evidenceItem("BondPayment.outcome", Prisma.sql`p.outcome::text`, Prisma.sql`p.id`)} AS item
      FROM bond_schedule_item s JOIN bond_payment p ON p.schedule_item_id = s.id
      WHERE p.outcome IN ('LATE', 'DEFAULT') AND s.due_date <= ${businessDate}::date AND s.due_date > ${businessDate}::date - ${params.lookbackDays}::int
        AND ${inSubjects(subjects, Prisma.sql`s.bond_id`)}
      UNION ALL
      SELECT s.id, s.bond_id, s.due_date, 2, ${evidenceItem("BondScheduleItem.isOverdue", Prisma.sql`true`, Prisma.sql`s.id`)}
      FROM bond_schedule_item s
      WHERE s.due_date < ${businessDate}::date AND s.due_date > ${businessDate}::date - ${params.lookbackDays}::int
        AND ${inSubjects(subjects, Prisma.sql`s.bond_id`)}
        AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id AND p.outcome = 'EXTENDED')
        AND s.amount_due > (SELECT coalesce(sum(p.amount_paid), 0) FROM bond_payment p WHERE p.schedule_item_id = s.id)
    ) f
    JOIN bond b ON b.id = f.bond_id AND b.retired_at IS NULL JOIN enterprise e ON e.id = b.issuer_id
    GROUP BY b.id, e.county_code, f.due_date`,
});

export const BOND_PROCEEDS_MISUSE = defineRule({
  code: "BOND_PROCEEDS_MISUSE",
  nameZh: "债券稽察发现擅自改变募集资金用途",
  nameEn: "A bond inspection found proceeds used against their stated purpose",
  clause: "二(三)4",
  legalSource: `${PLAN}：建立企业、公司债券定期稽察制度，重点查处擅自改变募集资金用途、重大资产重组未及时披露等违规行为`,
  severity: "HIGH",
  parameters: {},
  parametersSchema: z.strictObject({}),
  responsibleAgencies: [...RESPONSIBLE],
  resources: ["bonds.inspections", "bonds.repayment", "enterprise.registration"],
  subjectType: "Bond",
  triggers: ["WRITE"],
  ackWorkingDays: 3,
  disposeWorkingDays: 20,
  watches: ["bond", "bond_inspection", "bond_inspection_finding"],
  dirty: {
    bond: bondSelf,
    bond_inspection: (ids) => Prisma.sql`SELECT bond_id AS subject_id FROM bond_inspection WHERE id = ANY(${ids})`,
    bond_inspection_finding: (ids) =>
      Prisma.sql`SELECT i.bond_id AS subject_id FROM bond_inspection_finding f JOIN bond_inspection i ON i.id = f.inspection_id WHERE f.id = ANY(${ids})`,
  },
  // Findings have no id of their own in the graph: the item is the inspection's finding field.
  candidates: ({ subjects }) => Prisma.sql`
    SELECT ${BOND_SUBJECT}, to_char(i.inspected_on, 'YYYY-MM-DD') AS period,
           ${flatAgg(Prisma.sql`jsonb_build_array(
             ${evidenceItem("BondInspection.inspectionNo", Prisma.sql`i.inspection_no`, Prisma.sql`i.id`)},
             ${evidenceItemOf("BondInspectionFinding.kind", "BondInspection", Prisma.sql`f.kind::text`, Prisma.sql`i.id`)},
             ${evidenceItemOf("BondInspectionFinding.description", "BondInspection", Prisma.sql`f.description`, Prisma.sql`i.id`)})`, Prisma.sql`i.id, f.id`)} AS evidence
    FROM bond_inspection i JOIN bond_inspection_finding f ON f.inspection_id = i.id AND f.kind = 'PROCEEDS_MISUSE'
    JOIN bond b ON b.id = i.bond_id AND b.retired_at IS NULL JOIN enterprise e ON e.id = b.issuer_id
    WHERE i.retired_at IS NULL AND ${inSubjects(subjects, Prisma.sql`b.id`)}
    GROUP BY b.id, e.county_code, i.inspected_on`,
});
