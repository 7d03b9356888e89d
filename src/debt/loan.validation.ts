// The loan input and its rules, shared by upsertLoan (one loan) and upsertLoans (a bank's
// monthly file): every row is checked, references are looked up once for all rows, and every
// problem of every row is reported together.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { CollateralType, LoanClassification } from "../generated/prisma/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "../writes/write.ts";
import { IssueCollector, date, money, ratio, text, uscc } from "../writes/rules.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { LoanClassificationEnum } from "./loan.enums.ts";
import { COLLATERAL_TYPES, CollateralTypeEnum } from "./loan-structure.enums.ts";
import { BANK_KINDS, enterprisesByUscc, institutionsByCode, type EnterpriseRef, type InstitutionRef } from "./references.ts";
import { documentNo, expectedVersion, positiveMoney, strictlyAfter } from "./write-rules.ts";

export const LoanInput = builder.inputType("LoanInput", {
  description: "A bank loan, keyed by its contract number (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    contractNo: t.string({ required: true, description: "Loan contract number (借款合同编号)." }),
    lender: t.string({ required: true, description: "The lending bank's institution code; must be a bank (commercial bank branch, local legal-person bank or rural credit cooperative)." }),
    borrower: t.string({ required: true, description: "The borrower's unified social credit code; the enterprise must be registered." }),
    amount: t.field({ type: "Decimal", required: true, description: "Contract amount (贷款金额), more than zero." }),
    balance: t.field({ type: "Decimal", required: true, description: "Outstanding balance (贷款余额), from zero up to the amount." }),
    interestRate: t.field({ type: "Decimal", required: true, description: "Annual interest rate as a fraction (年利率), 0 to 0.36." }),
    startDate: t.field({ type: "Date", required: true, description: "Drawdown date (发放日期)." }),
    maturityDate: t.field({ type: "Date", required: true, description: "Maturity date (到期日期), after the drawdown date." }),
    purpose: t.string({ required: true, description: "Stated purpose (贷款用途)." }),
    classification: t.field({ type: LoanClassificationEnum, required: true, description: "Five-category classification (五级分类)." }),
    collateralType: t.field({ type: CollateralTypeEnum, description: "How the loan is secured (担保方式); null when not reported." }),
    isGreenCredit: t.boolean({ defaultValue: false, description: "Green credit (绿色信贷) under 银监发〔2012〕4号 绿色信贷指引 (default false)." }),
    isKeyIndustry: t.boolean({ defaultValue: false, description: "Lent to one of the plan's key industries (二(七)1: nickel alloy, yachts, new building materials, marine equipment, power, agricultural leaders; default false)." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

export type LoanInputShape = typeof LoanInput.$inferInput;

// Compared only against a valid (positive) amount: a bad amount is reported once, on itself.
const balanceWithinAmount = (loan: { amount: Prisma.Decimal; balance: Prisma.Decimal }, ctx: z.RefinementCtx) => {
  if (loan.amount.gt(0) && loan.balance.gt(loan.amount)) ctx.addIssue({ code: "custom", path: ["balance"], message: "must not exceed the amount", params: { rule: "notAboveAmount", key: "notAboveAmount.loanBalance" } });
};

const loanSchema = z
  .object({
    contractNo: documentNo,
    lender: z.string().min(1, { message: "must not be empty" }),
    borrower: uscc,
    amount: positiveMoney,
    balance: money,
    // 36%: the ceiling above which courts do not protect interest (民间借贷 rule); no bank lends higher.
    interestRate: ratio(0, 0.36).refine((d) => d.decimalPlaces() <= 6, { message: "must have at most six decimals", params: { rule: "rateScale", key: "rateScale.interestRate" } }),
    startDate: date,
    maturityDate: date,
    purpose: text(200),
    classification: z.enum(["NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS"]),
    collateralType: z.enum(COLLATERAL_TYPES).nullish().transform((v) => v ?? null),
    isGreenCredit: z.boolean().default(false),
    isKeyIndustry: z.boolean().default(false),
    expectedVersion,
  })
  .superRefine(balanceWithinAmount)
  .superRefine(strictlyAfter("startDate", "maturityDate"));

/** A valid row with its references resolved, ready to write. */
export interface LoanRow {
  index: number;
  contractNo: string;
  expectedVersion: number | null;
  data: {
    contractNo: string;
    lenderId: number;
    borrowerId: number;
    amount: Prisma.Decimal;
    balance: Prisma.Decimal;
    interestRate: Prisma.Decimal;
    startDate: Date;
    maturityDate: Date;
    purpose: string;
    classification: LoanClassification;
    collateralType: CollateralType | null;
    isGreenCredit: boolean;
    isKeyIndustry: boolean;
  };
}

const rowOf = (path: (string | number)[]) => (path.find((p) => typeof p === "number") as number | undefined) ?? -1;

/** The lenders and borrowers the inputs name, looked up once (two statements) for any number of rows. */
export interface LoanReferences {
  lenders: Map<string, InstitutionRef>;
  borrowers: Map<string, EnterpriseRef>;
}

export async function loanReferences(tx: Tx, inputs: readonly LoanInputShape[]): Promise<LoanReferences> {
  const [lenders, borrowers] = await Promise.all([institutionsByCode(tx, inputs.map((r) => r.lender)), enterprisesByUscc(tx, inputs.map((r) => r.borrower))]);
  return { lenders, borrowers };
}

/**
 * Checks loan inputs a slice at a time against references read once: a file of 100,000 rows is
 * validated and written slice by slice, so only one slice's parsed rows are alive at a time (the
 * rows before it are already written, in the same transaction). Its issues and the contract
 * numbers it has seen span every slice, so a number repeated across slices is still caught and
 * every problem of every row is reported together.
 */
export class LoanChecker {
  readonly issues = new IssueCollector();
  readonly #firstRow = new Map<string, number>();

  constructor(
    private readonly refs: LoanReferences,
    private readonly pathOf: (i: number) => (string | number)[],
  ) {}

  /** Rows [start, end) of inputs: the valid ones, ready to write (their index the row's place in inputs). */
  check(inputs: readonly LoanInputShape[], start = 0, end = inputs.length): LoanRow[] {
    const { issues, pathOf } = this;
    const { lenders, borrowers } = this.refs;
    const parsed: (z.output<typeof loanSchema> | null)[] = [];
    for (let i = start; i < end; i++) parsed.push(issues.parse(loanSchema, inputs[i], pathOf(i)));
    for (let i = start; i < end; i++) {
      const input = inputs[i]!;
      const seen = this.#firstRow.get(input.contractNo);
      if (seen === undefined) this.#firstRow.set(input.contractNo, i);
      else issues.add([...pathOf(i), "contractNo"], "unique", "unique.contractInFile", { contract: input.contractNo, row: { key: "at.row", params: { n: seen } } });
    }
    for (let i = start; i < end; i++) {
      const input = inputs[i]!;
      const lender = lenders.get(input.lender);
      if (!lender) issues.add([...pathOf(i), "lender"], "exists", "exists.institution", { code: input.lender });
      else if (!BANK_KINDS.includes(lender.kind)) issues.add([...pathOf(i), "lender"], "bankKind", "bankKind", { code: input.lender, kind: lender.kind });
      // A malformed code is already reported by its format rule; only a well-formed one can be missing.
      if (checkUscc(input.borrower) === null && !borrowers.has(input.borrower)) issues.add([...pathOf(i), "borrower"], "exists", "exists.enterprise", { uscc: input.borrower });
    }
    // Rows with a problem are left out; nothing is written once there is one (the caller checks).
    return parsed.flatMap((row, k) => {
      const lender = row && lenders.get(row.lender);
      const borrower = row && borrowers.get(row.borrower);
      if (!row || !lender || !BANK_KINDS.includes(lender.kind) || !borrower) return [];
      const { expectedVersion: version, lender: _lender, borrower: _borrower, ...fields } = row;
      return [{ index: start + k, contractNo: fields.contractNo, expectedVersion: version ?? null, data: { ...fields, lenderId: lender.id, borrowerId: borrower.id } }];
    });
  }

  /** Every issue of the rows checked so far, row by row (a bank reads its file's problems in file order). */
  throwIfAny(): void {
    // A stable sort: within a row its field rules, then its repeated number, then its references, as they were found.
    this.issues.issues.sort((a, b) => rowOf(a.path) - rowOf(b.path));
    this.issues.throwIfAny();
  }
}

/**
 * Validates loan inputs; `pathOf(i)` is where row i sits in the mutation's input (["input"] for
 * one loan, ["input", "rows", i] for a file). Throws one ValidationError with every problem.
 */
export async function validateLoans(tx: Tx, inputs: readonly LoanInputShape[], pathOf: (i: number) => (string | number)[]): Promise<LoanRow[]> {
  const checker = new LoanChecker(await loanReferences(tx, inputs), pathOf);
  const rows = checker.check(inputs);
  checker.throwIfAny();
  return rows;
}
