// The loanBalances aggregate in SQL: the loan filter as bound conditions, the group keys as
// whitelisted columns, the county row scope as one more condition. Nothing is summed in memory.
import { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scopedCounty } from "../access/row-scope.ts";
import { dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import type { LoanFilterShape } from "./loan.filters.ts";
import { NON_PERFORMING, type LoanGroupKey } from "./loan.enums.ts";

export interface LoanBalanceRow {
  county_code: string | null;
  county_name: string | null;
  industry_code: string | null;
  industry_name: string | null;
  lender_code: string | null;
  lender_name: string | null;
  classification: string | null;
  loan_count: number;
  /** distinct borrowers in the group (the minimum group size counts these, access/min-group.ts) */
  borrower_count: number;
  total_amount: Prisma.Decimal;
  total_balance: Prisma.Decimal;
  npl_balance: Prisma.Decimal;
}

/** Group key → the columns it selects and groups by (never caller text). */
const GROUP_COLUMNS: Record<LoanGroupKey, { select: string[]; group: string[] }> = {
  COUNTY: { select: ["b.county_code AS county_code", "c.name AS county_name"], group: ["b.county_code", "c.name"] },
  INDUSTRY: { select: ["b.industry_code AS industry_code", "n.name AS industry_name"], group: ["b.industry_code", "n.name"] },
  LENDER: { select: ["i.code AS lender_code", "i.name AS lender_name"], group: ["i.code", "i.name"] },
  // Grouped on the enum itself so the groups sort by severity.
  CLASSIFICATION: { select: ["l.classification::text AS classification"], group: ["l.classification"] },
};

const NPL_LIST = Prisma.raw(NON_PERFORMING.map((c) => `'${c}'`).join(", "));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function rangeSql(column: string, range: { gte?: unknown; lte?: unknown }, cast: "numeric" | "date"): Prisma.Sql[] {
  const value = (v: unknown) => (cast === "date" ? isoDate(v as Date) : (v as Prisma.Decimal).toFixed());
  const col = Prisma.raw(column);
  const type = Prisma.raw(cast);
  return [
    ...(range.gte != null ? [Prisma.sql`${col} >= ${value(range.gte)}::${type}`] : []),
    ...(range.lte != null ? [Prisma.sql`${col} <= ${value(range.lte)}::${type}`] : []),
  ];
}

/** The loan filter as SQL conditions on l (loan), b (borrower), c (its county), i (lender); mirrors loanWhere. */
export function loanFilterSql(ctx: GraphContext, filter: LoanFilterShape | null | undefined): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (!filter?.includeRetired) where.push(Prisma.sql`l.retired_at IS NULL`);
  if (filter?.county) where.push(/^\d{6}$/.test(filter.county) ? Prisma.sql`b.county_code = ${filter.county}` : Prisma.sql`c.name = ${filter.county}`);
  if (filter?.industry) where.push(Prisma.sql`b.industry_code = ${filter.industry}`);
  if (filter?.borrower) where.push(Prisma.sql`b.uscc = ${filter.borrower}`);
  if (filter?.lender) where.push(Prisma.sql`i.code = ${filter.lender}`);
  if (filter?.classification?.length) where.push(Prisma.sql`l.classification::text IN (${Prisma.join(filter.classification)})`);
  if (filter?.isNonPerforming != null) where.push(filter.isNonPerforming ? Prisma.sql`l.classification IN (${NPL_LIST})` : Prisma.sql`l.classification NOT IN (${NPL_LIST})`);
  if (filter?.amount) where.push(...rangeSql("l.amount", decimalRangeWhere(filter.amount, "filter.amount"), "numeric"));
  if (filter?.balance) where.push(...rangeSql("l.balance", decimalRangeWhere(filter.balance, "filter.balance"), "numeric"));
  if (filter?.startDate) where.push(...rangeSql("l.start_date", dateRangeWhere(filter.startDate, "filter.startDate"), "date"));
  if (filter?.maturityDate) where.push(...rangeSql("l.maturity_date", dateRangeWhere(filter.maturityDate, "filter.maturityDate"), "date"));
  if (filter?.keyIndustry != null) where.push(Prisma.sql`l.is_key_industry = ${filter.keyIndustry}`);
  if (filter?.greenCredit != null) where.push(Prisma.sql`l.is_green_credit = ${filter.greenCredit}`);
  if (filter?.collateralType?.length) where.push(Prisma.sql`l.collateral_type::text IN (${Prisma.join(filter.collateralType)})`);
  if (filter?.enterpriseSize?.length) where.push(Prisma.sql`b.size::text IN (${Prisma.join(filter.enterpriseSize)})`);
  const county = scopedCounty(ctx);
  if (county !== null) where.push(Prisma.sql`b.county_code = ${county}`);
  return where;
}

export function loanBalancesSql(ctx: GraphContext, groupBy: readonly LoanGroupKey[], filter: LoanFilterShape | null | undefined): Prisma.Sql {
  const keys = [...new Set(groupBy)];
  const selects = keys.flatMap((k) => GROUP_COLUMNS[k].select);
  const groups = keys.flatMap((k) => GROUP_COLUMNS[k].group);
  const conditions = loanFilterSql(ctx, filter);
  return Prisma.sql`
    SELECT ${Prisma.raw(selects.join(", "))},
           count(*)::int AS loan_count,
           count(DISTINCT l.borrower_id)::int AS borrower_count,
           coalesce(sum(l.amount), 0) AS total_amount,
           coalesce(sum(l.balance), 0) AS total_balance,
           coalesce(sum(l.balance) FILTER (WHERE l.classification IN (${NPL_LIST})), 0) AS npl_balance
    FROM loan l
    JOIN enterprise b ON b.id = l.borrower_id
    JOIN county c ON c.code = b.county_code
    JOIN industry n ON n.code = b.industry_code
    JOIN institution i ON i.id = l.lender_id
    WHERE ${conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`}
    GROUP BY ${Prisma.raw(groups.join(", "))}
    ORDER BY ${Prisma.raw(groups.join(", "))}`;
}
