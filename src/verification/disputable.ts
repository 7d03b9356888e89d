// The records a recipient may dispute, and how each is found: its owner, its policy resource, its
// key, its fields and the mutation that corrects it. Loans and dishonesty records first (issue 10).
import { Prisma, type Agency } from "../generated/prisma/client.ts";
import type { Tx } from "../writes/write.ts";
import type { ResourceName } from "../access/policy/matrix.ts";

export interface Disputable {
  owners: readonly Agency[];
  resource: ResourceName;
  /** the columns of the model (a relation's field is its column without "Id") */
  columns: readonly string[];
  correctWith: string;
  find(tx: Tx, id: number): Promise<{ key: string; owner: Agency } | null>;
}

const BOOKKEEPING = new Set(["id", "version", "reportedAt", "createdAt", "updatedAt", "changeSeq"]);
const columnsOf = (e: Record<string, string>) => Object.keys(e).filter((c) => !BOOKKEEPING.has(c));

export const DISPUTABLE: Record<string, Disputable> = {
  Loan: {
    owners: ["CBRC"],
    resource: "debt.loans",
    columns: columnsOf(Prisma.LoanScalarFieldEnum),
    correctWith: "upsertLoan",
    find: async (tx, id) => {
      const row = await tx.loan.findUnique({ where: { id }, select: { contractNo: true } });
      return row ? { key: row.contractNo, owner: "CBRC" } : null;
    },
  },
  DishonestyRecord: {
    owners: ["DEVELOPMENT_REFORM"],
    resource: "credit.dishonesty",
    columns: columnsOf(Prisma.DishonestyRecordScalarFieldEnum),
    correctWith: "upsertDishonestyRecord or changeDishonestyStatus",
    find: async (tx, id) => {
      const row = await tx.dishonestyRecord.findUnique({ where: { id }, select: { documentNo: true, deletedAt: true, ownerAgency: true } });
      return row && !row.deletedAt ? { key: row.documentNo, owner: row.ownerAgency } : null;
    },
  },
};

/** Is `field` (a graph field name) a field of the record type? */
export const isFieldOf = (d: Disputable, field: string) => d.columns.includes(field) || d.columns.includes(`${field}Id`);
