// The deterministic demo dataset: generate in memory, insert, and fingerprint what was stored.
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { DemoOptions } from "./types.ts";
import { generateDemoData } from "./generate.ts";
import { insertDemoData } from "./insert.ts";

export type { DemoData, DemoOptions, Row } from "./types.ts";
export { generateDemoData } from "./generate.ts";
export { insertDemoData } from "./insert.ts";
export { domainFingerprint } from "./fingerprint.ts";
export { AS_OF } from "./calendar.ts";

/** Generates the dataset for `seed` and `scale` and loads it into an empty schema. */
export async function seedDemo(prisma: PrismaClient, options: DemoOptions): Promise<Record<string, number>> {
  return insertDemoData(prisma, generateDemoData(options));
}
