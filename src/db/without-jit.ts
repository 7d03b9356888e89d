// A read whose plan PostgreSQL overestimates, run with JIT compilation off.
//
// The planner cannot estimate a recursive walk (guarantee circles) and prices it far above
// jit_above_cost, so PostgreSQL compiles the statement with LLVM first: measured on the risk
// filters at seed scale 1, 440 ms of JIT for 40 ms of execution. SET LOCAL keeps the setting to
// this statement's transaction (a pooled connection is not changed for the next request); PGlite
// has no JIT and accepts the setting. Costs a BEGIN, a SET and a COMMIT, whatever the rows.
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export async function queryWithoutJit<T>(prisma: PrismaClient, sql: Prisma.Sql): Promise<T[]> {
  const [, rows] = await prisma.$transaction([prisma.$executeRawUnsafe("SET LOCAL jit = off"), prisma.$queryRaw<T[]>(sql)]);
  return rows;
}
