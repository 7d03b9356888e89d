// The records one write transaction changed, noted as their history rows are built (history.ts,
// and the bulk history of a loan file), so that the write's audit entry, appended in the same
// transaction, lists them.
import type { Prisma } from "../generated/prisma/client.ts";

export interface WrittenRecord {
  entityType: string;
  entityId: number;
  /** the columns the change touched */
  fields: string[];
}

// Keyed by the transaction client Prisma hands to one write (runWrite opens the log): a log lives
// as long as that transaction's client, and two writes, even of one request, never share one.
const logs = new WeakMap<Prisma.TransactionClient, WrittenRecord[]>();

export function openWriteLog(tx: Prisma.TransactionClient): WrittenRecord[] {
  const log: WrittenRecord[] = [];
  logs.set(tx, log);
  return log;
}

export function noteWritten(tx: Prisma.TransactionClient, rows: readonly { entityType: string; entityId: number; changes: unknown }[]): void {
  logs.get(tx)?.push(...rows.map((r) => ({ entityType: r.entityType, entityId: r.entityId, fields: Object.keys(r.changes as object) })));
}
