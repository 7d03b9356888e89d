// The change history in the graph: `history` on every record type, newest change first.
import { encodeGlobalID, resolveArrayConnection } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { ChangeRecord } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { groupBy, loaderFor } from "../graph/loaders.ts";
import { readableColumns } from "../access/history-filter.ts";
import type { GraphContext } from "../context.ts";
import { cursorExtensions } from "../graph/cursors.ts";

const ChangeActionEnum = builder.enumType("ChangeAction", {
  description: "What a change did to a record.",
  values: {
    CREATE: { description: "The record was created (新增)." },
    UPDATE: { description: "Fields of the record changed (变更)." },
    RETIRE: { description: "The owner withdrew the record (撤回/注销)." },
    DISPUTED: { description: "A recipient disputed the record (校核异议); no field changed. `dispute` names it." },
    DISPUTE_ANSWERED: { description: "The owner answered a dispute (accepted with a correction, or rejected); `dispute` names it." },
  } as const,
});

export const ChangeRecordType = builder.objectRef<ChangeRecord>("ChangeRecord").implement({
  description: "One change to a record, written through the graph (变更记录).",
  fields: (t) => ({
    action: t.field({ type: ChangeActionEnum, resolve: (c) => c.action, description: "What the change did." }),
    version: t.exposeInt("version", { description: "The record's version after the change." }),
    agency: t.field({ type: AgencyEnum, resolve: (c) => c.agency, description: "The agency that made the change." }),
    actor: t.exposeString("actor", { description: "The system or user name that made the change." }),
    requestId: t.exposeString("requestId", { nullable: true, description: "The request that made it, for tracing." }),
    reason: t.exposeString("reason", { nullable: true, description: "Why, where the write asks for one (e.g. a risk rule's change, a dispute's reason or answer)." }),
    dispute: t.id({ nullable: true, description: "The dispute this change opened or answered (校核), as a global id.", resolve: (c) => (c.disputeId ? encodeGlobalID("RecordDispute", c.disputeId) : null) }),
    changedAt: t.field({ type: "DateTime", resolve: (c) => c.changedAt, description: "When the change was committed." }),
    fields: t.stringList({
      description: "The names of the fields that changed (those you may read).",
      resolve: (c, _a, ctx) => [...readableColumns(ctx, c.entityType, Object.keys(c.changes as object))],
    }),
    changes: t.string({
      description: 'The changed fields you may read, as JSON: {"field": {"old": …, "new": …}}.',
      resolve: (c, _a, ctx) => {
        const changes = c.changes as Record<string, unknown>;
        const keep = readableColumns(ctx, c.entityType, Object.keys(changes));
        return JSON.stringify(Object.fromEntries(Object.entries(changes).filter(([k]) => keep.has(k))));
      },
    }),
  }),
});

function historyLoader(ctx: GraphContext, entityType: string) {
  return loaderFor<number, ChangeRecord[]>(ctx, `history:${entityType}`, async (ids) => {
    const rows = await ctx.prisma.changeRecord.findMany({
      where: { entityType, entityId: { in: [...ids] } },
      orderBy: { id: "desc" },
    });
    return groupBy(ids, rows, (r) => r.entityId);
  });
}

/** The `history` connection for a record type: `history: historyField(t, "Loan")`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the field builder's type depends on the model
export function historyField(t: any, entityType: string) {
  return t.connection({
    type: ChangeRecordType,
    description: "Changes made to this record through the graph, newest first (变更历史).",
    // Paged in memory: offset cursors, not Prisma's id cursors (src/graph/cursors.ts).
    extensions: cursorExtensions("offset"),
    resolve: async (parent: { id: number }, args: object, ctx: GraphContext) =>
      resolveArrayConnection({ args }, await historyLoader(ctx, entityType).load(parent.id)),
  });
}
