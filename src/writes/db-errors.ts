// The database's expected refusals of a write, recognised in one place whatever issued the
// statement: Prisma's query builder (P2002, P2025) or raw SQL through the driver adapter (P2010,
// which carries the adapter's error and PostgreSQL's SQLSTATE).
import { Prisma } from "../generated/prisma/client.ts";

interface AdapterCause {
  kind?: string;
  originalCode?: string;
  constraint?: { fields?: string[]; index?: string };
}

/** The driver adapter's description of the failure, when there is one. */
function adapterCause(error: unknown): AdapterCause | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as { driverAdapterError?: { cause?: AdapterCause }; code?: string } | undefined;
    return meta?.driverAdapterError?.cause ?? (meta?.code ? { originalCode: meta.code } : null);
  }
  // An adapter error that escaped Prisma's wrapping (e.g. thrown while committing).
  if (error instanceof Error && error.name === "DriverAdapterError") return ((error as { cause?: AdapterCause }).cause ?? null);
  return null;
}

/** A unique constraint refused the row (SQLSTATE 23505): another writer stored the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  const cause = adapterCause(error);
  return cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505";
}

/** Which key collided, as far as the error says (for the ConflictError's message). */
export function uniqueTarget(error: unknown): string {
  const cause = adapterCause(error);
  const target = (error as { meta?: { target?: unknown } }).meta?.target;
  return String(target ?? cause?.constraint?.fields?.join(", ") ?? cause?.constraint?.index ?? "a unique key");
}

/** An update or delete matched no row (P2025): with the version in its WHERE, a concurrent writer got in first. */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
