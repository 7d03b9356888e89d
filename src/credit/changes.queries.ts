// dishonestyRecordChanges(after, first): the incremental feed of the dishonesty change log.
//
// Why a reader can trust "seq > after": a writer takes its seq under the change_counter row lock
// and holds the lock until it commits (change-sequence.ts), and PostgreSQL makes a commit visible
// before it releases the transaction's locks. So seq N+1 is only handed out once N is committed
// and visible; a statement that sees N+1 also sees every lower seq. A writer that rolls back gives
// its number back with the lock (and a gap would be harmless: nothing here assumes seqs are
// contiguous). On PGlite transactions run one at a time, which gives the same guarantee.
import { queryFromInfo } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { badInput } from "../reference/places.ts";
import { cursorExtensions, isCursor } from "../graph/cursors.ts";
import { pageSizeArgument } from "../graph/page-size.ts";
import { rowScope } from "../access/row-scope.ts";
import { DishonestyRecordChangePageType } from "./changes.type.ts";

export const DEFAULT_CHANGES_PAGE = 100;
export const MAX_CHANGES_PAGE = 1000;
/** The `after` argument as a seq: absent means from the beginning. */
export function parseSeqCursor(after: string | null | undefined, argumentPath = "after"): bigint {
  if (after === null || after === undefined) return 0n;
  if (!isCursor("seq", after)) {
    throw badInput({ key: "argument.at", params: { field: argumentPath, problem: { key: "argument.cursorHow.seq" } } }, argumentPath, "cursor");
  }
  return BigInt(after);
}

builder.queryField("dishonestyRecordChanges", (t) =>
  t.field({
    type: DishonestyRecordChangePageType,
    // Checked before execution (src/graph/arguments.plugin.ts): the seq cursor and the page size.
    extensions: cursorExtensions("seq"),
    description:
      "The dishonesty change log after a cursor, in commit order: every change exactly once, deletions and status changes included (for the credit platform's incremental sync). Start from the `cursor` line of GET /export/dishonesty-records.ndjson, or without `after` to read the whole log.",
    args: {
      after: t.arg.string({ description: "The `cursor` of the previous page (a change `seq`); omit to start from the first change." }),
      first: t.arg.int({ defaultValue: DEFAULT_CHANGES_PAGE, description: `Page size: default ${DEFAULT_CHANGES_PAGE}, at most ${MAX_CHANGES_PAGE}.`, extensions: pageSizeArgument(1, MAX_CHANGES_PAGE) }),
    },
    resolve: async (_root, args, ctx, info) => {
      const after = parseSeqCursor(args.after);
      const first = args.first ?? DEFAULT_CHANGES_PAGE;
      // County principals see the changes of their county's records (a deleted record keeps its
      // county, so its tombstone is scoped too).
      const scope = rowScope(ctx, "DishonestyRecord");
      const where: Prisma.DishonestyRecordChangeWhereInput = { seq: { gt: after }, ...(Object.keys(scope).length ? { record: scope } : {}) };
      // The client's selection under `items` (and `record` below it) in the same statements.
      const query = queryFromInfo({ context: ctx, info, typeName: "DishonestyRecordChange", path: ["items"] });
      const rows = await ctx.prisma.dishonestyRecordChange.findMany({ ...query, where, orderBy: { seq: "asc" }, take: first + 1 });
      const items = rows.slice(0, first);
      return { items, cursor: items.length ? items.at(-1)!.seq.toString() : after.toString(), hasMore: rows.length > first };
    },
  }),
);
