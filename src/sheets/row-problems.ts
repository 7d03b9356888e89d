// For a batch whose mutation writes one item per call: the items are written one after another in
// the sheet's one transaction, and each item's expected failure (invalid, stale or missing) is
// kept as issues of the rows the item came from, so every bad row of the file is reported, not only
// the first. Nothing commits while any issue is kept (the last step throws them together).
import type { WriteSummary } from "./batch.ts";
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from "../writes/errors.ts";
import type { BatchAction } from "../debt/loan-batch.write.ts";

type Path = (string | number)[];

/**
 * The rows grouped into one call each (a report, a bond's schedule), in file order: `keyOf` names a
 * row's group, `start` makes a group from its first row, `add` puts a row's item in it; each group
 * keeps the indexes of its rows, so its problems can be marked on them.
 */
export function groupRows<Row, Group>(rows: readonly Row[], keyOf: (row: Row) => string, start: (row: Row) => Group, add: (group: Group, row: Row) => void): { group: Group; rows: number[] }[] {
  const groups = new Map<string, { group: Group; rows: number[] }>();
  rows.forEach((row, i) => {
    const key = keyOf(row);
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { group: start(row), rows: [] }));
    add(entry.group, row);
    entry.rows.push(i);
  });
  return [...groups.values()];
}

export class RowProblems {
  readonly issues: FieldIssue[] = [];
  readonly summary: WriteSummary = { created: 0, updated: 0, unchanged: 0 };

  /**
   * Runs one item's write. `place` turns a path of the item's input (["input", …]) into the paths
   * of the rows it belongs to ([row, …], the row an index into the uploaded rows); `stale` names the
   * rows (and their version field) a version conflict or a missing versioned record is about, and
   * `rule` the rule such a problem is reported under (default "version").
   */
  async attempt<R extends { action: "CREATE" | "UPDATE" | "NONE" }>(write: () => Promise<R[]>, place: (path: Path) => Path[], stale: (error: ConflictError | NotFoundError) => Path[], rule: (error: ConflictError | NotFoundError) => string = () => "version"): Promise<void> {
    try {
      for (const { action } of await write()) this.count(action === "CREATE" ? "CREATED" : action === "UPDATE" ? "UPDATED" : "UNCHANGED");
    } catch (error) {
      if (error instanceof ValidationError) {
        for (const issue of error.issues) for (const path of place(issue.path)) this.issues.push({ ...issue, path });
      } else if (error instanceof ConflictError || error instanceof NotFoundError) {
        // The conflict's catalogue entry goes with it, so the problems table reads in the uploader's language.
        const localized = error.localized;
        for (const path of stale(error)) this.issues.push({ path, rule: rule(error), message: error.message, ...(localized ? { key: localized.key, ...(localized.params ? { params: localized.params } : {}) } : {}) });
      } else throw error;
    }
  }

  private count(action: BatchAction): void {
    if (action === "CREATED") this.summary.created++;
    else if (action === "UPDATED") this.summary.updated++;
    else this.summary.unchanged++;
  }

  /** The summary when every item was written; else every issue, in row order. */
  done(): WriteSummary {
    if (this.issues.length) throw new ValidationError([...this.issues].sort((a, b) => (a.path[0] as number) - (b.path[0] as number)));
    return this.summary;
  }
}
