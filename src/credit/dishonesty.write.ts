// The one path by which a dishonesty record changes: version check, the change sequence, the
// record, its history and its change-log row, all in the caller's transaction.
import type { ChangeAction, DishonestyRecord, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { ConflictError, NotFoundError } from "../writes/errors.ts";
import { recordChanges } from "../writes/history.ts";
import { isRecordNotFound } from "../writes/db-errors.ts";
import { nextDishonestyChangeSeq } from "./change-sequence.ts";
import { endOpenCases } from "../punishment/end-cases.ts";

const ENTITY = "DishonestyRecord";

export const stale = (key: string, current: number, expected: number) =>
  new ConflictError({ key: "conflict.staleVersion", params: { entity: ENTITY, key, current, expected } }, current);

/** The live record to change; a deleted record is not found. A given expectedVersion must match. */
export async function recordForChange(tx: Tx, documentNo: string, expectedVersion: number | null | undefined): Promise<DishonestyRecord> {
  const current = await tx.dishonestyRecord.findUnique({ where: { documentNo } });
  if (!current || current.deletedAt) throw new NotFoundError(ENTITY, documentNo);
  if (expectedVersion != null && expectedVersion !== current.version) throw stale(documentNo, current.version, expectedVersion);
  return current;
}

/** The sequence number is bookkeeping for the sync feed, not a change a reader of the history needs. */
function withoutSeq(row: DishonestyRecord): Record<string, unknown> {
  const { changeSeq: _seq, ...rest } = row;
  return rest;
}

export interface DishonestyChange {
  /** null to create */
  current: DishonestyRecord | null;
  documentNo: string;
  data: Partial<Prisma.DishonestyRecordUncheckedCreateInput>;
  action: ChangeAction;
  /** extra values for the history entry, for changes outside the record's own columns (measures) */
  history?: { before: Record<string, unknown>; after: Record<string, unknown> };
}

/**
 * Writes one change: takes the next change sequence number (see change-sequence.ts), stamps it on
 * the record, bumps the version, records the history and appends the change-log row: UPSERT
 * while the record is active, TOMBSTONE once it is repaired, expired, revoked or deleted.
 */
export async function commitDishonestyChange(tx: Tx, ctx: GraphContext, change: DishonestyChange): Promise<DishonestyRecord> {
  const { current, documentNo } = change;
  const changeSeq = await nextDishonestyChangeSeq(tx);
  let row: DishonestyRecord;
  if (!current) {
    row = await tx.dishonestyRecord.create({ data: { reportedAt: ctx.now, ...change.data, changeSeq } as Prisma.DishonestyRecordUncheckedCreateInput });
  } else {
    try {
      // The version in the WHERE turns a concurrent writer that got in first into a conflict.
      row = await tx.dishonestyRecord.update({
        where: { id: current.id, version: current.version },
        data: { reportedAt: ctx.now, ...change.data, changeSeq, version: { increment: 1 } },
      });
    } catch (error) {
      if (isRecordNotFound(error)) throw stale(documentNo, current.version + 1, current.version);
      throw error;
    }
  }
  // Taken off its list (repaired, revoked, expired) or deleted: its open punishment cases end,
  // and the agencies acting on them are told with the change's notice.
  const leaves = current !== null && current.status === "ACTIVE" && !current.deletedAt && (row.status !== "ACTIVE" || row.deletedAt !== null);
  const acting = leaves ? await endOpenCases(tx, row.id, row.deletedAt ? "the record was deleted" : `the record was ${row.status}`, ctx.now) : undefined;
  await recordChanges(tx, ctx, [
    {
      entityType: ENTITY,
      entityId: row.id,
      entityKey: documentNo,
      action: change.action,
      before: current ? { ...withoutSeq(current), ...change.history?.before } : null,
      after: { ...withoutSeq(row), ...change.history?.after, version: row.version },
    },
  ], acting);
  await tx.dishonestyRecordChange.create({
    data: {
      seq: changeSeq,
      recordId: row.id,
      documentNo: row.documentNo,
      kind: row.deletedAt || row.status !== "ACTIVE" ? "TOMBSTONE" : "UPSERT",
      status: row.status,
      changedAt: ctx.now,
      changedBy: ctx.principal.name,
    },
  });
  return row;
}
