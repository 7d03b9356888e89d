// The change history: every write records who changed which fields of which record, old → new.
import type { Agency, ChangeAction, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { plainValue } from "./snapshot.ts";
import { noteWritten } from "./write-log.ts";
import { noticeChanges, type ExtraRecipients } from "../notices/notify.ts";

/** Bookkeeping columns every write touches; they say nothing about what changed. */
const IGNORED = new Set(["updatedAt", "createdAt", "reportedAt", "version"]);

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

/** The fields that differ between two versions of a row (before = null for a creation). */
export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, value] of Object.entries(after)) {
    if (IGNORED.has(field)) continue;
    const oldValue = before ? plainValue(before[field]) : null;
    const newValue = plainValue(value);
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) changes[field] = { old: oldValue, new: newValue };
  }
  return changes;
}

export interface ChangeInput {
  /** the GraphQL type name, e.g. "Loan" */
  entityType: string;
  entityId: number;
  entityKey: string;
  action: ChangeAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> & { version: number };
}

/** Builds the history row for a change; null when nothing but bookkeeping changed. */
export function changeRow(ctx: GraphContext, change: ChangeInput): Prisma.ChangeRecordCreateManyInput | null {
  const changes = diffRows(change.before, change.after);
  if (change.action === "UPDATE" && Object.keys(changes).length === 0) return null;
  return {
    entityType: change.entityType,
    entityId: change.entityId,
    entityKey: change.entityKey,
    action: change.action,
    version: change.after.version,
    agency: ctx.principal.agency as Agency,
    actor: ctx.principal.name,
    keyPrefix: ctx.principal.keyPrefix,
    requestId: ctx.requestId,
    changes: changes as Prisma.InputJsonValue,
    changedAt: ctx.now,
  };
}

/**
 * Writes the history rows of changes and, in the same transaction, the correction notices to the
 * agencies that received the changed fields (src/notices/notify.ts). `extra`: agencies to tell
 * whether or not they read the record (those acting on punishment cases the change ended).
 */
export async function recordChanges(tx: Prisma.TransactionClient, ctx: GraphContext, changes: ChangeInput[], extra?: ExtraRecipients): Promise<void> {
  const rows = changes.map((c) => changeRow(ctx, c)).filter((r): r is Prisma.ChangeRecordCreateManyInput => r !== null);
  if (!rows.length) return;
  const committed = await tx.changeRecord.createManyAndReturn({ data: rows, select: { id: true, entityType: true, entityId: true, entityKey: true, action: true, changes: true } });
  noteWritten(tx, rows);
  await noticeChanges(tx, ctx, committed, extra);
}
