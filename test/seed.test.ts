import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { applyPendingMigrations } from "../src/db/migrations.ts";
import { domainFingerprint, generateDemoData, seedDemo } from "../src/seed/index.ts";
import { isValidUscc } from "../src/enterprise/uscc.ts";
import { createTestDatabase } from "./helpers/backend.ts";

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function seededDatabase(seed: number, scale: number): Promise<Database> {
  const testDb = await createTestDatabase();
  const db = await openDatabase(loadConfig({ NODE_ENV: "test", ...testDb.env }).database);
  cleanup.push(async () => {
    await db.close();
    await testDb.drop();
  });
  await applyPendingMigrations(db);
  await seedDemo(db.prisma, { seed, scale });
  return db;
}

describe("demo dataset", () => {
  // Determinism does not depend on the size: three loaded databases at a small scale prove it,
  // in a few seconds on an idle machine; a busy one gets the time it needs.
  it("is byte-identical for the same seed number and differs for another", { timeout: 300_000 }, async () => {
    const [a, b, c] = await Promise.all([seededDatabase(7, 0.02), seededDatabase(7, 0.02), seededDatabase(8, 0.02)]);
    const [fa, fb, fc] = await Promise.all([domainFingerprint(a.prisma), domainFingerprint(b.prisma), domainFingerprint(c.prisma)]);
    expect(fa).toMatch(/^[0-9a-f]{64}$/);
    expect(fb).toBe(fa);
    expect(fc).not.toBe(fa);
  });

  it("is shaped like Yangjiang at scale 1", () => {
    const data = generateDemoData({ seed: 20161231, scale: 1 }) as unknown as Record<string, Array<Record<string, unknown>>>;
    const enterprises = data.enterprise ?? data.enterprises!;
    expect(enterprises.length).toBeGreaterThanOrEqual(1900);
    expect(enterprises.length).toBeLessThanOrEqual(2200);
    const usccs = enterprises.map((e) => e.uscc as string);
    expect(new Set(usccs).size).toBe(usccs.length);
    expect(usccs.every(isValidUscc)).toBe(true);
    expect(new Set(enterprises.map((e) => e.countyCode))).toEqual(new Set(["441702", "441704", "441721", "441781"]));
    for (const e of enterprises) expect((e.uscc as string).slice(2, 8)).toBe(e.countyCode);

    const loans = data.loan ?? data.loans!;
    expect(loans.length).toBeGreaterThanOrEqual(9000);
    const npl = loans.filter((l) => ["SUBSTANDARD", "DOUBTFUL", "LOSS"].includes(l.classification as string)).length / loans.length;
    expect(npl).toBeGreaterThan(0.02);
    expect(npl).toBeLessThan(0.08);
    expect(new Set(loans.map((l) => l.lenderId)).size).toBeGreaterThanOrEqual(12);
  });

  it("scales the counts with --scale", () => {
    const one = generateDemoData({ seed: 1, scale: 0.1 }) as unknown as Record<string, unknown[]>;
    const two = generateDemoData({ seed: 1, scale: 0.2 }) as unknown as Record<string, unknown[]>;
    const key = "enterprise" in one ? "enterprise" : "enterprises";
    expect(two[key]!.length).toBeGreaterThan(one[key]!.length * 1.8);
  });
});
