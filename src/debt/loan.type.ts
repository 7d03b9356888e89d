import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scoped, scopedNode } from "../access/row-scope.ts";
import { LoanClassificationEnum, isNonPerforming } from "./loan.enums.ts";
import { connectionDocs } from "./graph-docs.ts";

export const LoanNode = builder.prismaNode("Loan", {
  id: { field: "id" },
  ...scopedNode("Loan"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A bank loan to an enterprise (企业贷款), reported through the banking regulator (owner: CBRC).",
  fields: (t) => ({
    contractNo: t.exposeString("contractNo", { description: "Loan contract number (借款合同编号), unique." }),
    lender: t.relation("lender", { description: "The lending bank (贷款银行)." }),
    borrower: t.relation("borrower", { description: "The borrowing enterprise (借款企业)." }),
    amount: t.expose("amount", { type: "Decimal", description: "Contract amount in yuan (贷款金额)." }),
    balance: t.expose("balance", { type: "Decimal", description: "Outstanding balance in yuan (贷款余额)." }),
    interestRate: t.expose("interestRate", { type: "Decimal", description: "Annual interest rate as a fraction (年利率), e.g. 0.0435." }),
    startDate: t.expose("startDate", { type: "Date", description: "Drawdown date (发放日期)." }),
    maturityDate: t.expose("maturityDate", { type: "Date", description: "Maturity date (到期日期)." }),
    purpose: t.exposeString("purpose", { description: "Stated purpose (贷款用途)." }),
    classification: t.expose("classification", { type: LoanClassificationEnum, description: "Five-category classification (五级分类)." }),
    isNonPerforming: t.boolean({
      description: "Non-performing loan (不良贷款): classified substandard, doubtful or loss; computed.",
      select: { classification: true },
      resolve: (loan) => isNonPerforming(loan.classification),
    }),
    guarantees: t.relatedConnection("guarantees", {
      cursor: "id",
      description: "Guarantees backing this loan (担保), oldest first.",
      args: { includeRetired: t.arg.boolean({ defaultValue: false, description: "Include guarantees the owner retired (default false)." }) },
      query: (args, ctx) => ({ where: scoped(ctx, "Guarantee", args.includeRetired ? {} : { retiredAt: null }), orderBy: { id: "asc" } }),
    }, ...connectionDocs("the guarantees of a loan")),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "Loan"),
    ...provenanceFields(t),
  }),
});
