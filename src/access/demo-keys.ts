// One demo key per agency of DOMAIN.md (one per county government), written to demo-keys.json so a
// newcomer can call the API at once. Only created together with the demo data, never in production.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Config } from "../config.ts";
import type { Agency } from "../generated/prisma/client.ts";
import type { DbClient } from "../db/database.ts";
import { createApiKey } from "./api-keys.ts";
import { principalLabel } from "./principal.ts";

const DEMO_CREATED_BY = "demo-seed";

const CITY_AGENCIES: Agency[] = [
  "FINANCE_BUREAU",
  "PBOC",
  "CBRC",
  "DEVELOPMENT_REFORM",
  "FISCAL",
  "INSURANCE_ASSOC",
  "COMMERCE",
  "INDUSTRY_IT",
  "PUBLIC_SECURITY",
  "MARKET_REGULATION",
];

/** Creates the demo keys; returns `{ label: key }`, e.g. `{ "FINANCE_BUREAU": "dlg_…", "COUNTY:阳东区": "dlg_…" }`. */
export async function createDemoKeys(prisma: DbClient): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const agency of CITY_AGENCIES) {
    // Analysts' keys (USER): they may explore the graph with any document.
    keys[principalLabel(agency)] = (await createApiKey(prisma, { agency, name: `demo-${agency.toLowerCase()}`, kind: "USER", createdBy: DEMO_CREATED_BY })).key;
  }
  const counties = await prisma.county.findMany({ where: { isCity: false }, orderBy: { code: "asc" } });
  for (const county of counties) {
    keys[principalLabel("COUNTY", county.name)] = (
      await createApiKey(prisma, { agency: "COUNTY", countyCode: county.code, name: `demo-county-${county.code}`, kind: "USER", createdBy: DEMO_CREATED_BY })
    ).key;
  }
  // The city's public credit system is a machine client (SYSTEM).
  keys[principalLabel("CREDIT_PLATFORM")] = (
    // It syncs (clients/credit-platform/), follows alerts (clients/alert-subscriber/) and manages its webhooks (clients/agency-webhooks/).
    await createApiKey(prisma, { agency: "CREDIT_PLATFORM", name: "credit-platform-sync", kind: "SYSTEM", createdBy: DEMO_CREATED_BY, systems: ["credit-platform", "alert-subscriber", "agency-webhooks"] })
  ).key;
  return keys;
}

/**
 * Beside the embedded database (demo-keys.json); a PostgreSQL database's in a file named for it
 * (demo-keys.postgres-<database>.json), so seeding one never overwrites the embedded database's
 * keys; without a data directory, a file of this process in the temporary directory.
 */
export function demoKeysPath(config: Config): string {
  if (!config.dataDir) return join(tmpdir(), `deleveraging-graph-demo-keys-${process.pid}.json`);
  if (config.database.kind === "postgres") {
    const name = decodeURIComponent(new URL(config.database.url).pathname.slice(1)) || "postgres";
    return join(config.dataDir, `demo-keys.postgres-${name.replace(/[^\w.-]/g, "_")}.json`);
  }
  return join(config.dataDir, "demo-keys.json");
}

export async function writeDemoKeys(path: string, keys: Record<string, string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Live (unrevoked) demo keys: the start log says whether a database still has them. */
export function countLiveDemoKeys(prisma: DbClient): Promise<number> {
  return prisma.apiKey.count({ where: { createdBy: DEMO_CREATED_BY, revokedAt: null } });
}
