// A bank's monthly loan file (贷款月报) as a sheet: one loan a row, written by upsertLoans's own
// write (validation, statements, history and audit entry), one transaction for the whole file,
// validated and written slice by slice inside it (src/debt/loan-batch.write.ts).
import type { Batch } from "../batch.ts";
import type { LoanInputShape } from "../../debt/loan.validation.ts";
import { upsertLoanFile } from "../../debt/loan-batch.write.ts";
import { assertOwner } from "../../writes/ownership.ts";

export const loansBatch: Batch<LoanInputShape> = {
  name: "loans",
  title: { zh: "贷款月报", en: "Loan file" },
  inputType: "LoanInput",
  columns: [
    { field: "contractNo", zh: "借款合同编号" },
    { field: "lender", zh: "贷款银行机构编码" },
    { field: "borrower", zh: "借款人统一社会信用代码" },
    { field: "amount", zh: "贷款金额（元）" },
    { field: "balance", zh: "贷款余额（元）" },
    { field: "interestRate", zh: "年利率" },
    { field: "startDate", zh: "发放日期" },
    { field: "maturityDate", zh: "到期日期" },
    { field: "purpose", zh: "贷款用途" },
    { field: "classification", zh: "五级分类" },
    { field: "collateralType", zh: "担保方式" },
    { field: "isGreenCredit", zh: "绿色信贷" },
    { field: "isKeyIndustry", zh: "重点产业" },
    { field: "expectedVersion", zh: "版本号" },
  ],
  // A month's file of every bank in the city fits, in one transaction: about four statements per 1,000 rows (upsertLoanFile's slices).
  maxRows: 200_000,
  operation: "upsertLoans",
  authorize: (ctx) => assertOwner(ctx, ["CBRC"], { key: "records.loans" }),
  async write(ctx, tx, rows) {
    const result = await upsertLoanFile(ctx, tx, { rows }, this.maxRows);
    return { created: result.created, updated: result.updated, unchanged: result.unchanged };
  },
};
