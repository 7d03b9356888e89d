// Writing a bank's monthly loan file (upsertLoans): validate every row, then create and update in
// one transaction with a fixed number of statements whatever the file's length: one look-up per
// kind of reference, one INSERT for new loans, one UPDATE for changed ones, one history INSERT.
import type { Loan } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { ConflictError, keyedIssue, ValidationError } from "../writes/errors.ts";
import type { Localized } from "../i18n/index.ts";
import { diffRows, type ChangeInput } from "../writes/history.ts";
import { validateLoans, type LoanInputShape, type LoanRow } from "./loan.validation.ts";
import { insertHistory, insertLoans, updateLoans } from "./loan-batch.sql.ts";

/** The largest file accepted at once; a bank with more loans sends several files. */
export const MAX_FILE_ROWS = 5000;

export type BatchAction = "CREATED" | "UPDATED" | "UNCHANGED";

export interface LoanFileResult {
  created: number;
  updated: number;
  unchanged: number;
  rows: { index: number; contractNo: string; action: BatchAction }[];
  /** the loans in file order, read again by the result's `loans` field */
  loanIds: number[];
}

function checkSize(rows: readonly unknown[], maxRows: number): void {
  if (rows.length === 0) throw new ValidationError([keyedIssue(["input", "rows"], "minItems", "minItems.loanFile")]);
  if (rows.length > maxRows) {
    throw new ValidationError([keyedIssue(["input", "rows"], "maxItems", "maxItems.loanFile", { max: maxRows, count: rows.length })]);
  }
}

/** Expected versions are all checked before anything is written; every stale row is named. */
function checkVersions(rows: readonly LoanRow[], existing: ReadonlyMap<string, Loan>): void {
  const stale = rows.flatMap((r): Localized[] => {
    if (r.expectedVersion == null) return [];
    const current = existing.get(r.contractNo);
    if (!current) return [{ key: "conflict.loanBatch.rowMissing", params: { row: r.index, contract: r.contractNo, expected: r.expectedVersion } }];
    return current.version === r.expectedVersion ? [] : [{ key: "conflict.loanBatch.rowStale", params: { row: r.index, contract: r.contractNo, current: current.version, expected: r.expectedVersion } }];
  });
  if (stale.length) throw new ConflictError({ key: "conflict.loanBatch.stale", params: { count: stale.length, rows: stale.slice(0, 20), more: stale.length > 20 ? "; …" : "" } });
}

/**
 * `maxRows`: a spreadsheet upload (src/sheets/) sends larger files in one transaction than the
 * GraphQL request body allows; the statements are the same whatever the count.
 */
export async function upsertLoanFile(ctx: GraphContext, tx: Tx, input: { rows: readonly LoanInputShape[] }, maxRows = MAX_FILE_ROWS): Promise<LoanFileResult> {
  checkSize(input.rows, maxRows);
  const rows = await validateLoans(tx, input.rows, (i) => ["input", "rows", i]);
  const existing = new Map((await tx.loan.findMany({ where: { contractNo: { in: rows.map((r) => r.contractNo) } } })).map((l) => [l.contractNo, l]));
  checkVersions(rows, existing);

  const creates: LoanRow[] = [];
  const updates: { before: Loan; row: LoanRow }[] = [];
  const actions = new Map<string, BatchAction>();
  for (const row of rows) {
    const before = existing.get(row.contractNo);
    if (!before) creates.push(row);
    else if (Object.keys(diffRows(before, { ...before, ...row.data })).length) updates.push({ before, row });
    else actions.set(row.contractNo, "UNCHANGED");
  }

  const created = await insertLoans(tx, ctx, creates);
  const changed = await updateLoans(tx, ctx, updates);
  if (changed !== updates.length) {
    throw new ConflictError({ key: "conflict.loanBatch.changedMeanwhile", params: { count: updates.length - changed } });
  }

  const changes: ChangeInput[] = [
    ...created.map((after): ChangeInput => ({ entityType: "Loan", entityId: after.id, entityKey: after.contractNo, action: "CREATE", before: null, after })),
    ...updates.map(({ before, row }): ChangeInput => ({
      entityType: "Loan",
      entityId: before.id,
      entityKey: before.contractNo,
      action: "UPDATE",
      before,
      after: { ...before, ...row.data, version: before.version + 1 },
    })),
  ];
  await insertHistory(tx, ctx, changes);

  const ids = new Map<string, number>([...existing.values(), ...created].map((l) => [l.contractNo, l.id]));
  for (const l of created) actions.set(l.contractNo, "CREATED");
  for (const u of updates) actions.set(u.row.contractNo, "UPDATED");
  return {
    created: created.length,
    updated: updates.length,
    unchanged: rows.length - created.length - updates.length,
    rows: rows.map((r) => ({ index: r.index, contractNo: r.contractNo, action: actions.get(r.contractNo)! })),
    loanIds: rows.map((r) => ids.get(r.contractNo)!),
  };
}
