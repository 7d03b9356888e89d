// Filtering and ordering of loan lists. The same filter drives the loan connections (as a Prisma
// `where`) and the loanBalances aggregate (as SQL, loan-balances.sql.ts).
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { LoanClassificationEnum, NON_PERFORMING } from "./loan.enums.ts";
import { CollateralTypeEnum, EnterpriseSizeEnum } from "./loan-structure.enums.ts";

export const LoanFilter = builder.inputType("LoanFilter", {
  description: "Narrows a list of loans; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "The borrower's county, as a division code (441704) or name (阳东区)." }),
    industry: t.string({ description: "The borrower's GB/T 4754 division code, e.g. C33." }),
    lender: t.string({ description: "The lending bank's institution code (机构编码)." }),
    borrower: t.string({ description: "The borrower's unified social credit code." }),
    classification: t.field({ type: [LoanClassificationEnum], description: "Any of these five-category classes." }),
    isNonPerforming: t.boolean({ description: "Non-performing (不良: substandard, doubtful, loss) when true; performing when false." }),
    amount: t.field({ type: DecimalRange, description: "Contract amount within this range (yuan)." }),
    balance: t.field({ type: DecimalRange, description: "Outstanding balance within this range (yuan)." }),
    startDate: t.field({ type: DateRange, description: "Drawn down within this date range." }),
    maturityDate: t.field({ type: DateRange, description: "Maturing within this date range." }),
    keyIndustry: t.boolean({ description: "Lent to the plan's key industries (true) or not (false) (二(七)1)." }),
    greenCredit: t.boolean({ description: "Green credit (true) or not (false) (二(七)1)." }),
    collateralType: t.field({ type: [CollateralTypeEnum], description: "Secured in any of these ways (二(七)4), e.g. IP_PLEDGE, RECEIVABLES_PLEDGE." }),
    enterpriseSize: t.field({ type: [EnterpriseSizeEnum], description: "The borrower is of any of these sizes (二(七)2; 工信部联企业〔2011〕300号)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include loans the owner retired (default false)." }),
  }),
});

export type LoanFilterShape = typeof LoanFilter.$inferInput;

const isDivisionCode = (county: string) => /^\d{6}$/.test(county);

/**
 * Checks the county the caller named (an unknown one is an error, not an empty list) and
 * replaces a county name by its code. Used by top-level queries; nested connections, which
 * must build their `where` synchronously, match a name through the relation instead.
 */
export async function normalizeLoanFilter(ctx: GraphContext, filter: LoanFilterShape | null | undefined): Promise<LoanFilterShape | null | undefined> {
  if (!filter?.county) return filter;
  return { ...filter, county: await resolveCountyCode(ctx, filter.county, "filter.county") };
}

/** The Prisma condition for a loan filter (row scope is added by the caller). */
export function loanWhere(filter: LoanFilterShape | null | undefined): Prisma.LoanWhereInput {
  const and: Prisma.LoanWhereInput[] = [];
  if (!filter?.includeRetired) and.push({ retiredAt: null });
  if (filter?.county) and.push({ borrower: isDivisionCode(filter.county) ? { countyCode: filter.county } : { county: { name: filter.county } } });
  if (filter?.industry) and.push({ borrower: { industryCode: filter.industry } });
  if (filter?.borrower) and.push({ borrower: { uscc: filter.borrower } });
  if (filter?.lender) and.push({ lender: { code: filter.lender } });
  if (filter?.classification?.length) and.push({ classification: { in: filter.classification } });
  if (filter?.isNonPerforming != null) and.push({ classification: filter.isNonPerforming ? { in: [...NON_PERFORMING] } : { notIn: [...NON_PERFORMING] } });
  if (filter?.amount) and.push({ amount: decimalRangeWhere(filter.amount, "filter.amount") });
  if (filter?.balance) and.push({ balance: decimalRangeWhere(filter.balance, "filter.balance") });
  if (filter?.startDate) and.push({ startDate: dateRangeWhere(filter.startDate, "filter.startDate") });
  if (filter?.maturityDate) and.push({ maturityDate: dateRangeWhere(filter.maturityDate, "filter.maturityDate") });
  if (filter?.keyIndustry != null) and.push({ isKeyIndustry: filter.keyIndustry });
  if (filter?.greenCredit != null) and.push({ isGreenCredit: filter.greenCredit });
  if (filter?.collateralType?.length) and.push({ collateralType: { in: filter.collateralType } });
  if (filter?.enterpriseSize?.length) and.push({ borrower: { size: { in: filter.enterpriseSize } } });
  return and.length === 1 ? and[0]! : { AND: and };
}

const LoanOrderField = builder.enumType("LoanOrderField", {
  description: "Columns loan lists can be ordered by.",
  values: {
    AMOUNT: { description: "Contract amount (贷款金额)." },
    BALANCE: { description: "Outstanding balance (贷款余额)." },
    START_DATE: { description: "Drawdown date (发放日期)." },
    MATURITY_DATE: { description: "Maturity date (到期日期)." },
    CLASSIFICATION: { description: "Five-category classification, from NORMAL (ascending) to LOSS." },
    INTEREST_RATE: { description: "Annual interest rate (年利率)." },
  } as const,
});

export const LoanOrder = orderInput("LoanOrder", LoanOrderField, "An ordering of loans; ties are broken by the order loans were recorded.");

export const loanOrderBy = (order: ReadonlyArray<typeof LoanOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    AMOUNT: (d) => ({ amount: d }),
    BALANCE: (d) => ({ balance: d }),
    START_DATE: (d) => ({ startDate: d }),
    MATURITY_DATE: (d) => ({ maturityDate: d }),
    // A PostgreSQL enum sorts in declaration order, which is the order of severity.
    CLASSIFICATION: (d) => ({ classification: d }),
    INTEREST_RATE: (d) => ({ interestRate: d }),
  }) as Prisma.LoanOrderByWithRelationInput[];
