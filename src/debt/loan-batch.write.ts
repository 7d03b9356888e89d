// Writing a bank's monthly loan file (upsertLoans): validate every row, then create and update in
// one transaction with a fixed number of statements a slice of rows (SLICE_ROWS): one look-up per
// kind of reference for the file, then per slice one look-up of the stored loans, one INSERT for
// new loans, one UPDATE for changed ones, one history INSERT.
import type { Loan } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { ConflictError, keyedIssue, ValidationError } from "../writes/errors.ts";
import type { Localized } from "../i18n/index.ts";
import { diffRows, type ChangeInput } from "../writes/history.ts";
import { LoanChecker, loanReferences, type LoanInputShape, type LoanRow } from "./loan.validation.ts";
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

/** The stale rows among `rows` (expected versions are all checked before anything commits; every stale row is named). */
function staleRows(rows: readonly LoanRow[], existing: ReadonlyMap<string, Loan>): Localized[] {
  return rows.flatMap((r): Localized[] => {
    if (r.expectedVersion == null) return [];
    const current = existing.get(r.contractNo);
    if (!current) return [{ key: "conflict.loanBatch.rowMissing", params: { row: r.index, contract: r.contractNo, expected: r.expectedVersion } }];
    return current.version === r.expectedVersion ? [] : [{ key: "conflict.loanBatch.rowStale", params: { row: r.index, contract: r.contractNo, current: current.version, expected: r.expectedVersion } }];
  });
}

/**
 * Rows validated and written at a time, in the caller's one transaction: only one slice's parsed
 * rows, created loans, history rows and statement parameters are alive at once, so a spreadsheet
 * of 100,000 rows needs the memory of a slice, not of the file. Small on purpose: Prisma's client
 * keeps its last hundred debug messages whether debugging is on or not, and the message of a raw
 * statement holds its serialized parameters, so the last twenty-odd statements' parameters stay
 * in memory (bench/results/sheets-latest.md). A GraphQL file of up to this many rows is one
 * slice: its statements are the same few whatever its length.
 */
export const SLICE_ROWS = 1000;

/** One slice's loans written: created, updated (the stored version matched) and their history; the ids by contract number. */
async function writeSlice(ctx: GraphContext, tx: Tx, rows: readonly LoanRow[], existing: ReadonlyMap<string, Loan>, actions: Map<string, BatchAction>, ids: Map<string, number>): Promise<{ created: number; updates: number; changed: number }> {
  const creates: LoanRow[] = [];
  const updates: { before: Loan; row: LoanRow }[] = [];
  for (const row of rows) {
    const before = existing.get(row.contractNo);
    if (!before) creates.push(row);
    else if (Object.keys(diffRows(before, { ...before, ...row.data })).length) updates.push({ before, row });
    else actions.set(row.contractNo, "UNCHANGED");
  }

  const created = await insertLoans(tx, ctx, creates);
  const changed = await updateLoans(tx, ctx, updates);
  // Short: another writer changed some meanwhile; the caller refuses the file (nothing commits).
  if (changed !== updates.length) return { created: created.length, updates: updates.length, changed };

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

  for (const l of existing.values()) ids.set(l.contractNo, l.id);
  for (const l of created) {
    ids.set(l.contractNo, l.id);
    actions.set(l.contractNo, "CREATED");
  }
  for (const u of updates) actions.set(u.row.contractNo, "UPDATED");
  return { created: created.length, updates: updates.length, changed };
}

/**
 * `maxRows`: a spreadsheet upload (src/sheets/) sends larger files in one transaction than the
 * GraphQL request body allows. The file is validated and written slice by slice (SLICE_ROWS) in
 * the caller's one transaction; once any row has a problem nothing more is written, but every
 * remaining row is still checked, and the file's answer is what it was when everything was
 * checked before anything was written: every validation problem of the file, else every stale
 * row, else the rows another writer changed meanwhile. Each of those throws, so the transaction
 * rolls back whatever the earlier slices wrote.
 */
export async function upsertLoanFile(ctx: GraphContext, tx: Tx, input: { rows: readonly LoanInputShape[] }, maxRows = MAX_FILE_ROWS): Promise<LoanFileResult> {
  checkSize(input.rows, maxRows);
  const checker = new LoanChecker(await loanReferences(tx, input.rows), (i) => ["input", "rows", i]);
  const stale: Localized[] = [];
  let raced = 0;
  let created = 0;
  let updated = 0;
  const actions = new Map<string, BatchAction>();
  const ids = new Map<string, number>();
  for (let start = 0; start < input.rows.length; start += SLICE_ROWS) {
    const rows = checker.check(input.rows, start, Math.min(start + SLICE_ROWS, input.rows.length));
    // A problem anywhere: the rest is only checked (versions too, while no row is invalid, so every stale row is named).
    if (checker.issues.issues.length) continue;
    const existing = new Map((await tx.loan.findMany({ where: { contractNo: { in: rows.map((r) => r.contractNo) } } })).map((l) => [l.contractNo, l]));
    stale.push(...staleRows(rows, existing));
    if (stale.length || raced) continue;
    const slice = await writeSlice(ctx, tx, rows, existing, actions, ids);
    raced += slice.updates - slice.changed;
    created += slice.created;
    updated += slice.updates;
  }
  checker.throwIfAny();
  if (stale.length) throw new ConflictError({ key: "conflict.loanBatch.stale", params: { count: stale.length, rows: stale.slice(0, 20), more: stale.length > 20 ? "; …" : "" } });
  if (raced) throw new ConflictError({ key: "conflict.loanBatch.changedMeanwhile", params: { count: raced } });
  return {
    created,
    updated,
    unchanged: input.rows.length - created - updated,
    rows: input.rows.map((r, index) => ({ index, contractNo: r.contractNo, action: actions.get(r.contractNo)! })),
    loanIds: input.rows.map((r) => ids.get(r.contractNo)!),
  };
}
