// Create / update / retire one record by its natural key, with optimistic concurrency and history.
// Works on any model with `id`, `version` (and `retiredAt` for retire) through its Prisma delegate.
import type { GraphContext } from "../context.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { isRecordNotFound } from "./db-errors.ts";
import { diffRows, recordChanges } from "./history.ts";
import type { Tx } from "./write.ts";

export interface VersionedRow {
  id: number;
  version: number;
  [field: string]: unknown;
}

/** The few delegate methods used here; every Prisma model delegate has them. */
export interface Delegate<Row> {
  findUnique(args: { where: object }): Promise<Row | null>;
  create(args: { data: object }): Promise<Row>;
  update(args: { where: object; data: object }): Promise<Row>;
}

function staleVersion(entityType: string, key: string, current: number, expected: number): ConflictError {
  return new ConflictError({ key: "conflict.staleVersion", params: { entity: entityType, key, current, expected } }, current);
}

/**
 * Creates the record if `where` finds none, else updates it. `expectedVersion`, when given, must
 * match the stored version (else ConflictError, nothing written); on a create it must be absent or 0.
 * A no-op update writes nothing and leaves the version alone.
 */
export async function upsertByKey<Row extends VersionedRow>(
  tx: Tx,
  ctx: GraphContext,
  spec: {
    delegate: Delegate<Row>;
    entityType: string;
    key: string;
    where: object;
    data: Record<string, unknown>;
    expectedVersion?: number | null;
    /** the stored record (null: none) when the caller read it already, as a batch reads all its keys at once; else read here */
    current?: Row | null;
  },
): Promise<{ row: Row; action: "CREATE" | "UPDATE" | "NONE" }> {
  const { delegate, entityType, key, where, expectedVersion } = spec;
  const current = spec.current !== undefined ? spec.current : await delegate.findUnique({ where });
  if (!current) {
    if (expectedVersion) throw new NotFoundError(entityType, key);
    const row = await delegate.create({ data: { reportedAt: ctx.now, ...spec.data } });
    await recordChanges(tx, ctx, [{ entityType, entityId: row.id, entityKey: key, action: "CREATE", before: null, after: row }]);
    return { row, action: "CREATE" };
  }
  if (expectedVersion != null && expectedVersion !== current.version) throw staleVersion(entityType, key, current.version, expectedVersion);
  const data = { reportedAt: ctx.now, ...spec.data };
  const changed = diffRows(current, { ...current, ...data, reportedAt: current.reportedAt });
  if (Object.keys(changed).length === 0) return { row: current, action: "NONE" };
  let row: Row;
  try {
    // The version in the WHERE makes a concurrent writer that got in first turn this into a conflict.
    row = await delegate.update({ where: { id: current.id, version: current.version }, data: { ...data, version: { increment: 1 } } });
  } catch (error) {
    if (isRecordNotFound(error)) throw staleVersion(entityType, key, current.version + 1, current.version);
    throw error;
  }
  await recordChanges(tx, ctx, [{ entityType, entityId: row.id, entityKey: key, action: "UPDATE", before: current, after: row }]);
  return { row, action: "UPDATE" };
}

/** Marks a record retired (withdrawn by its owner); it stays readable with `retiredAt` set. */
export async function retireByKey<Row extends VersionedRow>(
  tx: Tx,
  ctx: GraphContext,
  spec: { delegate: Delegate<Row>; entityType: string; key: string; where: object; expectedVersion?: number | null },
): Promise<Row> {
  const { delegate, entityType, key, where, expectedVersion } = spec;
  const current = await delegate.findUnique({ where });
  if (!current) throw new NotFoundError(entityType, key);
  if (expectedVersion != null && expectedVersion !== current.version) throw staleVersion(entityType, key, current.version, expectedVersion);
  if (current.retiredAt) throw new ConflictError({ key: "conflict.alreadyRetired", params: { entity: entityType, key } }, current.version);
  let row: Row;
  try {
    row = await delegate.update({ where: { id: current.id, version: current.version }, data: { retiredAt: ctx.now, version: { increment: 1 } } });
  } catch (error) {
    if (isRecordNotFound(error)) throw staleVersion(entityType, key, current.version + 1, current.version);
    throw error;
  }
  await recordChanges(tx, ctx, [{ entityType, entityId: row.id, entityKey: key, action: "RETIRE", before: current, after: row }]);
  return row;
}
