// Runs a write: one transaction, optional idempotency, typed errors for the expected failures.
import { createHash } from "node:crypto";
import { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { ConflictError, ValidationError } from "./errors.ts";
import { fromJsonValue, toJsonValue } from "./snapshot.ts";

export type Tx = Prisma.TransactionClient;

export interface WriteRequest {
  /** the mutation's name, e.g. "upsertLoan" */
  operation: string;
  /** the mutation's input as received (its hash tells a retry from a different request) */
  input: unknown;
  idempotencyKey?: string | null;
}

/** How long a stored result answers retries. */
const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

const requestHash = (operation: string, input: unknown) =>
  createHash("sha256").update(operation).update("\0").update(JSON.stringify(toJsonValue(input))).digest("hex");

const isUniqueViolation = (error: unknown): error is Prisma.PrismaClientKnownRequestError =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

async function storedResult<T>(ctx: GraphContext, scope: string, key: string, hash: string): Promise<{ found: false } | { found: true; result: T }> {
  const stored = await ctx.prisma.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
  if (!stored || stored.createdAt.getTime() < ctx.now.getTime() - IDEMPOTENCY_WINDOW_MS) return { found: false };
  if (stored.requestHash !== hash) {
    throw new ConflictError(`idempotency key "${key}" was already used for a different request (${stored.operation})`);
  }
  return { found: true, result: fromJsonValue(stored.result) as T };
}

/**
 * Runs `work` in one transaction: everything it writes (records and their history) commits
 * together or not at all. With an idempotency key, the first result is stored in the same
 * transaction and a retry with the same key and input gets it back without writing again.
 */
export async function runWrite<T>(ctx: GraphContext, request: WriteRequest, work: (tx: Tx) => Promise<T>): Promise<T> {
  const key = request.idempotencyKey ?? null;
  if (key !== null && !KEY_PATTERN.test(key)) {
    throw new ValidationError([{ path: ["idempotencyKey"], rule: "format", message: "must be 1–200 printable ASCII characters without spaces" }]);
  }
  const scope = `${ctx.principal.agency}/${ctx.principal.name}`;
  const hash = key ? requestHash(request.operation, request.input) : "";
  if (key) {
    const replay = await storedResult<T>(ctx, scope, key, hash);
    if (replay.found) return replay.result;
  }
  try {
    return await ctx.prisma.$transaction(
      async (tx) => {
        const result = await work(tx);
        if (key) {
          await tx.idempotencyRecord.deleteMany({ where: { scope, key } });
          await tx.idempotencyRecord.create({
            data: { scope, key, operation: request.operation, requestHash: hash, resultType: request.operation, result: toJsonValue(result) as Prisma.InputJsonValue, createdAt: ctx.now },
          });
        }
        return result;
      },
      { maxWait: 15_000, timeout: 120_000 },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A twin request with the same key committed first: answer with its result.
    if (key) {
      const replay = await storedResult<T>(ctx, scope, key, hash);
      if (replay.found) return replay.result;
    }
    throw new ConflictError(`a record with the same key was written concurrently (${String(error.meta?.target ?? "unique key")}); read it and retry`);
  }
}
