// One demo key per agency of DOMAIN.md (one per county government), written to demo-keys.json so a
// newcomer can call the API at once. Only created together with the demo data, never in production.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Agency } from "../generated/prisma/client.ts";
import type { DbClient } from "../db/database.ts";
import { createApiKey } from "./api-keys.ts";
import { principalLabel } from "./principal.ts";

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
    keys[principalLabel(agency)] = (await createApiKey(prisma, { agency, name: `demo-${agency.toLowerCase()}`, kind: "USER", createdBy: "demo-seed" })).key;
  }
  const counties = await prisma.county.findMany({ where: { isCity: false }, orderBy: { code: "asc" } });
  for (const county of counties) {
    keys[principalLabel("COUNTY", county.name)] = (
      await createApiKey(prisma, { agency: "COUNTY", countyCode: county.code, name: `demo-county-${county.code}`, kind: "USER", createdBy: "demo-seed" })
    ).key;
  }
  // The city's public credit system is a machine client (SYSTEM).
  keys[principalLabel("CREDIT_PLATFORM")] = (
    await createApiKey(prisma, { agency: "CREDIT_PLATFORM", name: "credit-platform-sync", kind: "SYSTEM", createdBy: "demo-seed" })
  ).key;
  return keys;
}

export async function writeDemoKeys(path: string, keys: Record<string, string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  await chmod(path, 0o600);
}
