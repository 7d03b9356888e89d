// A deleted record (tombstone) cannot be loaded through node lookups, which hide it, so the
// result of a write that left one is read again with the selection's own query. Other results
// are returned as written (an idempotent replay then answers with the first result).
import type { DishonestyRecord } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { rereadQuery } from "../writes/reread.ts";

export async function reloadRecord(ctx: GraphContext, query: object, row: DishonestyRecord): Promise<DishonestyRecord> {
  if (!row.deletedAt || Object.keys(query).length === 0) return row;
  return ctx.prisma.dishonestyRecord.findUniqueOrThrow({ ...rereadQuery(query), where: { id: row.id } });
}
