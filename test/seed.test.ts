import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { applyPendingMigrations } from "../src/db/migrations.ts";
import { domainFingerprint, generateDemoData, seedDemo } from "../src/seed/index.ts";
import { isValidUscc } from "../src/enterprise/uscc.ts";
import { checkSeededDatabase } from "../src/seed/checks.ts";
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

    // About 5,000 loans once the drafts are held to what borrowers report and to the banks' limits.
    const loans = data.loan ?? data.loans!;
    expect(loans.length).toBeGreaterThanOrEqual(4500);
    const balance = (ls: typeof loans) => ls.reduce((s, l) => s + Number(l.balance), 0);
    const npl = balance(loans.filter((l) => ["SUBSTANDARD", "DOUBTFUL", "LOSS"].includes(l.classification as string))) / balance(loans);
    // the city's book sits below the national 1.83% of end-2018, as the plan asks
    expect(npl).toBeGreaterThan(0.008);
    expect(npl).toBeLessThan(0.0183);
    expect(new Set(loans.map((l) => l.lenderId)).size).toBeGreaterThanOrEqual(12);
    expect(data.demoDataset).toEqual([{ id: 1, seed: 20161231, scale: 1, asOf: new Date("2018-12-31T00:00:00Z") }]);
  });

  it("passes every seed:check rule, the plan-period plausibility rules included", { timeout: 300_000 }, async () => {
    const db = await seededDatabase(20161231, 0.2);
    const results = await checkSeededDatabase(db.prisma, { scale: 0.2 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // the rules are there, each with its figure
    const names = results.map((r) => r.name);
    for (const rule of ["bank borrowings", "NPL indicator", "10% of the bank's net capital", "only from local legal persons", "city totals", "2015", "企业债", "debt evaders"]) {
      expect(names.some((n) => n.includes(rule)), rule).toBe(true);
    }
    // and a rule fails when the data breaks it: one borrower owing more than it reports
    const [borrower] = await db.prisma.$queryRawUnsafe<{ id: number }[]>("SELECT borrower_id AS id FROM loan WHERE balance > 0 ORDER BY id LIMIT 1");
    await db.prisma.$executeRawUnsafe("UPDATE financial_statement SET short_term_borrowings = 0, long_term_borrowings = 0 WHERE enterprise_id = $1", borrower!.id);
    const again = await checkSeededDatabase(db.prisma, { scale: 0.2 });
    expect(again.find((r) => r.name.includes("bank borrowings"))!.ok).toBe(false);
  });

  it("scales the counts with --scale", () => {
    const one = generateDemoData({ seed: 1, scale: 0.1 }) as unknown as Record<string, unknown[]>;
    const two = generateDemoData({ seed: 1, scale: 0.2 }) as unknown as Record<string, unknown[]>;
    const key = "enterprise" in one ? "enterprise" : "enterprises";
    expect(two[key]!.length).toBeGreaterThan(one[key]!.length * 1.8);
  });
});
