// Idempotency keys: a retried write answers with the first result instead of writing again.
//
// The key is claimed by the first statement of the write's transaction: an INSERT on the unique
// (scope, key). A concurrent twin's INSERT on PostgreSQL waits on that row until the first
// transaction ends; once it commits, the twin finds the key taken and reads the stored result
// (READ COMMITTED: each statement sees what committed before it), and if it rolled back, the twin
// claims the key itself. So one key means one write, and every twin gets the first result.
// A record older than the window is replaced by the same statement (ON CONFLICT ... WHERE), so
// two late retries cannot both take an expired key.
import { createHash } from "node:crypto";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Principal } from "../access/principal.ts";
import { ConflictError, keyedIssue, ValidationError } from "./errors.ts";
import { fromJsonValue, toJsonValue } from "./snapshot.ts";

/** How long a stored result answers retries. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function checkIdempotencyKey(key: string | null): void {
  if (key !== null && !KEY_PATTERN.test(key)) {
    throw new ValidationError([keyedIssue(["idempotencyKey"], "format", "format.idempotencyKey")]);
  }
}

/**
 * Keys belong to the whole principal: agency, county, kind and name. Two county governments may
 * name their keys alike, and a rotated API key keeps its principal's keys.
 */
export function idempotencyScope(principal: Principal): string {
  return JSON.stringify([principal.agency, principal.countyCode, principal.kind, principal.name]);
}

/** SHA-256 of the operation and its input: the same key with other input is a conflict. */
export function requestHash(operation: string, input: unknown): string {
  return createHash("sha256").update(operation).update("\0").update(JSON.stringify(toJsonValue(input))).digest("hex");
}

export interface KeyClaim {
  scope: string;
  key: string;
  operation: string;
  hash: string;
}

/** Claims the key for this write: its record's id, or the stored first result of a twin. */
export async function claimKey<T>(tx: Prisma.TransactionClient, ctx: GraphContext, claim: KeyClaim): Promise<{ claimed: number } | { replay: T }> {
  const now = ctx.now.toISOString().replace("Z", "");
  const cutoff = new Date(ctx.now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString().replace("Z", "");
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO idempotency_record (scope, key, operation, request_hash, result_type, result, created_at)
    VALUES (${claim.scope}, ${claim.key}, ${claim.operation}, ${claim.hash}, ${claim.operation}, 'null'::jsonb, ${now}::timestamp(3))
    ON CONFLICT (scope, key) DO UPDATE
      SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, result_type = EXCLUDED.result_type,
          result = EXCLUDED.result, created_at = EXCLUDED.created_at
      WHERE idempotency_record.created_at < ${cutoff}::timestamp(3)
    RETURNING id`;
  if (row) return { claimed: row.id };
  const stored = await tx.idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope: claim.scope, key: claim.key } } });
  if (stored.requestHash !== claim.hash) {
    throw new ConflictError({ key: "conflict.idempotencyReused", params: { key: claim.key, operation: stored.operation } });
  }
  return { replay: fromJsonValue(stored.result) as T };
}

/** Stores the write's result under the claimed key, in the write's transaction. */
export async function storeResult(tx: Prisma.TransactionClient, id: number, result: unknown): Promise<void> {
  await tx.idempotencyRecord.update({ where: { id }, data: { result: toJsonValue(result) as Prisma.InputJsonValue } });
}
