// Institution indicators against their watch lines (seed 一(二)1, 一(二)3, 二(一)3, 二(三)2, 二(三)3,
// 二(三)5): each institution's latest reported value of each of the rule's indicators, judged against
// the watch line in force at its period end exactly as src/institutions/indicator-breaches.ts does
// (the earliest-starting line when lines overlap). The period is the value's quarter; when a later
// quarter is reported inside the line, the earlier quarter's alert resolves by itself.
import { Prisma, type IndicatorKind } from "../../generated/prisma/client.ts";
import { z } from "zod";
import { sqlArray, defineRule, flatAgg, evidenceItem, inSubjects, type DirtyMapper, type RuleInput } from "./rule.ts";

const INDICATOR = z.enum([
  "LEVERAGE_RATIO",
  "NPL_RATIO",
  "CAPITAL_ADEQUACY_RATIO",
  "LIQUIDITY_RATIO",
  "SINGLE_CUSTOMER_CONCENTRATION",
  "NET_CAPITAL_TO_RISK_RESERVES",
  "NET_CAPITAL_TO_NET_ASSETS",
  "COMPREHENSIVE_SOLVENCY",
  "CORE_SOLVENCY",
  "BANK_FUNDING_TO_NET_CAPITAL",
  "GUARANTEE_LIABILITY_MULTIPLE",
  "RISK_ASSET_MULTIPLE",
]) satisfies z.ZodType<IndicatorKind>;

const watchLineParams = z.strictObject({ indicators: z.array(INDICATOR).min(1) });

const quarter = (col: Prisma.Sql) => Prisma.sql`to_char(${col}, 'YYYY"Q"Q')`;

/** The latest value per (institution, indicator) up to the business date. */
function latestValues(indicators: readonly string[], { businessDate, subjects }: Omit<RuleInput<unknown>, "params">): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (v.institution_id, v.indicator) v.id, v.institution_id, v.indicator, v.value, v.period_end
    FROM indicator_value v JOIN institution i ON i.id = v.institution_id
    WHERE v.indicator::text = ANY(${sqlArray(indicators, "text")}) AND i.retired_at IS NULL
      AND v.period_end <= ${businessDate}::date AND ${inSubjects(subjects, Prisma.sql`v.institution_id`)}
    ORDER BY v.institution_id, v.indicator, v.period_end DESC`;
}

/** One candidate per (institution, quarter) with a breaching value; `judged` has id, institution_id, indicator, value, period_end, line_id, threshold, breached. */
function candidatesOf(judged: Prisma.Sql, withLine: boolean): Prisma.Sql {
  const lineItem = withLine ? Prisma.sql`, ${evidenceItem("WatchLine.threshold", Prisma.sql`b.threshold`, Prisma.sql`b.line_id`)}` : Prisma.empty;
  return Prisma.sql`
    SELECT i.id AS subject_id, i.code AS subject_key, i.name AS subject_name, i.county_code::text AS county_code,
           ${quarter(Prisma.sql`b.period_end`)} AS period,
           ${flatAgg(Prisma.sql`jsonb_build_array(
             ${evidenceItem("IndicatorValue.indicator", Prisma.sql`b.indicator::text`, Prisma.sql`b.id`)},
             ${evidenceItem("IndicatorValue.value", Prisma.sql`b.value`, Prisma.sql`b.id`)}${lineItem})`, Prisma.sql`b.indicator`)} AS evidence
    FROM (${judged}) b JOIN institution i ON i.id = b.institution_id
    WHERE b.breached
    GROUP BY i.id, b.period_end`;
}

function watchLineCandidates({ indicators }: { indicators: readonly string[] }, input: Omit<RuleInput<unknown>, "params">): Prisma.Sql {
  return candidatesOf(
    Prisma.sql`
      SELECT DISTINCT ON (l.id) l.*, w.id AS line_id, w.threshold,
        CASE w.comparator WHEN 'AT_LEAST' THEN l.value < w.threshold WHEN 'AT_MOST' THEN l.value > w.threshold WHEN 'BELOW' THEN l.value >= w.threshold END AS breached
      FROM (${latestValues(indicators, input)}) l
      JOIN institution i ON i.id = l.institution_id
      JOIN watch_line w ON w.indicator = l.indicator AND i.kind = ANY (w.institution_kinds)
        AND w.effective_from <= l.period_end AND (w.effective_to IS NULL OR w.effective_to >= l.period_end)
      ORDER BY l.id, w.effective_from, w.id`,
    true,
  );
}

const institutionDirty: Record<string, DirtyMapper> = {
  indicator_value: (ids) => Prisma.sql`SELECT institution_id AS subject_id FROM indicator_value WHERE id = ANY(${ids})`,
  institution: (ids) => Prisma.sql`SELECT unnest(${ids}) AS subject_id`,
  // a line edited: every institution reporting that indicator is judged again
  watch_line: (ids) => Prisma.sql`SELECT DISTINCT v.institution_id AS subject_id FROM indicator_value v JOIN watch_line w ON w.indicator = v.indicator WHERE w.id = ANY(${ids})`,
};

const INDICATOR_RESOURCES = (resource: "institutions.bankIndicators" | "institutions.localOrgIndicators" | "institutions.marketIndicators") =>
  [resource, "institutions.watchLines", "institutions.registry"] as const;

const base = {
  subjectType: "Institution",
  triggers: ["WRITE", "QUARTER_END"] as const,
  watches: ["indicator_value", "institution", "watch_line"],
  dirty: institutionDirty,
  ackWorkingDays: 3,
  disposeWorkingDays: 20,
};

export const BANK_LEVERAGE_BELOW_MIN = defineRule({
  ...base,
  triggers: [...base.triggers],
  resources: [...INDICATOR_RESOURCES("institutions.bankIndicators")],
  code: "BANK_LEVERAGE_BELOW_MIN",
  nameZh: "地方法人银行杠杆率低于4%监管最低要求",
  nameEn: "Local bank leverage ratio below the 4% minimum",
  clause: "一(二)1",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》一（二）1、二（一）3；《商业银行杠杆率管理办法（修订）》（银监会令2015年第1号）第三条",
  severity: "HIGH",
  parameters: { indicators: ["LEVERAGE_RATIO"] },
  parametersSchema: watchLineParams,
  // 二(一)3 推动金融机构去杠杆（人行阳江市中心支行、阳江银监分局、市金融局、市保险行业协会）
  responsibleAgencies: ["PBOC", "CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"],
  candidates: ({ params, ...input }) => watchLineCandidates(params, input),
});

const carParams = z.strictObject({ minimum: z.number().gt(0).lt(1) });

/**
 * The capital adequacy ratio has no watch line in the data (the minimum depends on the bank's
 * buffers), so the minimum is the rule's parameter: 10.5% (8% plus the 2.5% conservation buffer).
 */
export const BANK_CAR_BELOW_MIN = defineRule({
  ...base,
  triggers: [...base.triggers],
  watches: ["indicator_value", "institution"],
  resources: ["institutions.bankIndicators", "institutions.registry"],
  code: "BANK_CAR_BELOW_MIN",
  nameZh: "银行机构资本充足率低于监管最低要求",
  nameEn: "Bank capital adequacy ratio below the regulatory minimum",
  clause: "二(一)3",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》二（一）3：资本充足率不达标的农信社，要积极……切实提高资本充足水平；《商业银行资本管理办法（试行）》（银监会令2012年第1号）第二十三条、第二十四条",
  severity: "HIGH",
  parameters: { minimum: 0.105 },
  parametersSchema: carParams,
  responsibleAgencies: ["PBOC", "CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"],
  candidates: ({ params, ...input }) =>
    candidatesOf(
      Prisma.sql`SELECT l.*, NULL::int AS line_id, NULL::numeric AS threshold, l.value < ${params.minimum}::numeric AS breached
                 FROM (${latestValues(["CAPITAL_ADEQUACY_RATIO"], input)}) l`,
      false,
    ),
});

export const BANK_NPL_ABOVE_NATIONAL_AVERAGE = defineRule({
  ...base,
  triggers: [...base.triggers],
  resources: [...INDICATOR_RESOURCES("institutions.bankIndicators")],
  code: "BANK_NPL_ABOVE_NATIONAL_AVERAGE",
  nameZh: "银行机构不良贷款率不低于全国平均水平",
  nameEn: "Bank NPL ratio not below the dated national average",
  clause: "二(三)1",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》一（二）3：全市银行机构不良贷款占比保持低于全国平均水平；二（三）1：督促银行机构真实反映、妥善处置不良贷款（全国平均水平为 watch_line 中按年度记载的商业银行不良贷款率）",
  severity: "MEDIUM",
  parameters: { indicators: ["NPL_RATIO"] },
  parametersSchema: watchLineParams,
  // 二(三)1 〔阳江银监分局，各相关县（市、区）政府〕
  responsibleAgencies: ["CBRC", "COUNTY"],
  candidates: ({ params, ...input }) => watchLineCandidates(params, input),
});

export const SECURITIES_NET_CAPITAL_BELOW_LINE = defineRule({
  ...base,
  triggers: [...base.triggers],
  resources: [...INDICATOR_RESOURCES("institutions.marketIndicators")],
  code: "SECURITIES_NET_CAPITAL_BELOW_LINE",
  nameZh: "证券期货机构净资本指标低于监管要求（100%／40%）",
  nameEn: "Securities or futures net-capital ratios below 100% / 40%",
  clause: "一(二)1",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》一（二）1：证券、期货机构净资本/各项风险资本准备之和不低于100%，净资本/净资产不低于40%；二（三）2；《证券公司风险控制指标管理办法》（证监会令第125号）",
  severity: "HIGH",
  parameters: { indicators: ["NET_CAPITAL_TO_RISK_RESERVES", "NET_CAPITAL_TO_NET_ASSETS"] },
  parametersSchema: watchLineParams,
  // 二(三)2 落实证券、期货风险管控措施（市金融局、人行阳江市中心支行、阳江银监分局）
  responsibleAgencies: ["FINANCE_BUREAU", "PBOC", "CBRC"],
  candidates: ({ params, ...input }) => watchLineCandidates(params, input),
});

export const INSURER_SOLVENCY_BELOW_LINE = defineRule({
  ...base,
  triggers: [...base.triggers],
  resources: [...INDICATOR_RESOURCES("institutions.marketIndicators")],
  code: "INSURER_SOLVENCY_BELOW_LINE",
  nameZh: "保险公司偿付能力充足率低于监管要求",
  nameEn: "Insurer solvency ratios below the C-ROSS lines (100% / 50%)",
  clause: "二(三)3",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》一（二）1：保险公司偿付能力有效提升；二（三）3；中国风险导向的偿付能力体系（偿二代）：综合偿付能力充足率不低于100%，核心偿付能力充足率不低于50%",
  severity: "HIGH",
  parameters: { indicators: ["COMPREHENSIVE_SOLVENCY", "CORE_SOLVENCY"] },
  parametersSchema: watchLineParams,
  // 二(三)3 加强保险公司资产配置审慎性监管（市保险行业协会）
  responsibleAgencies: ["INSURANCE_ASSOC"],
  candidates: ({ params, ...input }) => watchLineCandidates(params, input),
});

export const LOCAL_ORG_LEVERAGE_ABOVE_LINE = defineRule({
  ...base,
  triggers: [...base.triggers],
  resources: [...INDICATOR_RESOURCES("institutions.localOrgIndicators")],
  code: "LOCAL_ORG_LEVERAGE_ABOVE_LINE",
  nameZh: "小额贷款、融资担保、融资租赁公司杠杆率超过监管要求",
  nameEn: "Small-loan, guarantee or leasing company leverage above its line",
  clause: "二(三)5",
  legalSource: "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》一（二）1、二（三）5：严控杠杆率过度增长；银监发〔2008〕23号（融入资金不超过资本净额50%）；国务院令第683号第十五条（担保责任余额不超过净资产10倍）；商流通发〔2013〕337号第二十六条（风险资产不超过净资产10倍）",
  severity: "MEDIUM",
  parameters: { indicators: ["BANK_FUNDING_TO_NET_CAPITAL", "GUARANTEE_LIABILITY_MULTIPLE", "RISK_ASSET_MULTIPLE"] },
  parametersSchema: watchLineParams,
  // 二(三)5 〔市金融局、市商务局，各县（市、区）政府〕
  responsibleAgencies: ["FINANCE_BUREAU", "COMMERCE", "COUNTY"],
  candidates: ({ params, ...input }) => watchLineCandidates(params, input),
});
