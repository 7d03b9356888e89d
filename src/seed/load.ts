// Loads the demo dataset and the demo API keys in one transaction: a load that fails half-way
// leaves the database empty, so the next start tries again instead of serving half the data.
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createDemoKeys } from "../access/demo-keys.ts";
import { generateDemoData } from "./generate.ts";
import { insertDemoData } from "./insert.ts";
import { ensureShippedRules } from "../alerts/rules/catalogue.ts";
import type { DemoOptions } from "./types.ts";
import { runSweep } from "../alerts/sweep.ts";

export async function loadDemo(prisma: PrismaClient, options: DemoOptions): Promise<{ counts: Record<string, number>; keys: Record<string, string> }> {
  const data = generateDemoData(options);
  const loaded = await prisma.$transaction(
    async (tx) => {
      // No dirty marks for the bulk load (migration 12_runner_dirty_marks): one per loaded row of
      // every table a rule reads, hundreds of thousands at scale 10, would keep each new server's
      // worker busy re-evaluating, subject by subject, what the one sweep below evaluates at once.
      // Local to this transaction: later writes are marked as always.
      await tx.$executeRawUnsafe("SELECT set_config('dlg.dirty_marks', 'off', true)");
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
  // The alerts the demo data holds, as of its date: one sweep of every rule (src/alerts/sweep.ts).
  // After the load's commit, in a transaction of its own: should it fail, the data stands and the
  // first server's scheduler sweeps at start (no sweep has run since its last slot).
  const asOf = new Date(data.demoDataset[0]!.asOf as Date | string).toISOString().slice(0, 10);
  await runSweep(prisma, { slot: "seed", businessDate: asOf, digest: null });
  return loaded;
}
