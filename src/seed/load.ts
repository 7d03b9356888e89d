// Loads the demo dataset and the demo API keys in one transaction: a load that fails half-way
// leaves the database empty, so the next start tries again instead of serving half the data.
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createDemoKeys } from "../access/demo-keys.ts";
import { generateDemoData } from "./generate.ts";
import { insertDemoData } from "./insert.ts";
import { ensureShippedRules } from "../alerts/rules/catalogue.ts";
import type { DemoOptions } from "./types.ts";

export async function loadDemo(prisma: PrismaClient, options: DemoOptions): Promise<{ counts: Record<string, number>; keys: Record<string, string> }> {
  const data = generateDemoData(options);
  return prisma.$transaction(
    async (tx) => {
      const counts = await insertDemoData(tx, data);
      const keys = await createDemoKeys(tx);
      // `npm run seed -- --reset` emptied risk_rule too: the shipped rules come back with the data.
      await ensureShippedRules(tx);
      // Fresh statistics: until autovacuum gets round to it, the planner would think the tables
      // empty and pick sequential plans for nested lookups (measured: 870 ms instead of 40 ms).
      await tx.$executeRawUnsafe("ANALYZE");
      return { counts, keys };
    },
    // Scale 10 takes tens of seconds; a stuck load is still stopped eventually.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}
