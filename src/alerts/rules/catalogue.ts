// PLACEHOLDER until branch h12-rules is merged: the catalogue's contract (notes/contracts.md).
import type { PrismaClient } from "../../generated/prisma/client.ts";

export const SHIPPED_RULES: { code: string; watches: string[] }[] = [];

export function watchedTables(): string[] {
  return [...new Set(SHIPPED_RULES.flatMap((r) => r.watches))].sort();
}

export async function ensureShippedRules(_prisma: PrismaClient): Promise<void> {}
