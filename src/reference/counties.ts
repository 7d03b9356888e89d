// The county-level divisions a COUNTY principal may belong to, read from the reference data (the
// `county` table, filled by the reference-data migration): the city itself (441700) is not one.
import type { PrismaClient } from "../generated/prisma/client.ts";

export async function countyCodes(prisma: PrismaClient): Promise<ReadonlySet<string>> {
  const rows = await prisma.county.findMany({ where: { isCity: false }, select: { code: true } });
  return new Set(rows.map((r) => r.code));
}
