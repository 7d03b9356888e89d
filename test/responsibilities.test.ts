// The seed's responsibility lists (src/access/policy/responsibilities.ts) against the seed's own
// text and the shipped policy: every unit a clause names has a path to every resource of the
// clause; every resource named exists in the matrix or is explicitly awaited; every cell the seed
// opened cites a clause that names the unit and needs the resource; and the count of data
// clauses served is the one docs/responsibilities.md states.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COLUMNS, MATRIX, RESOURCE_NAMES, shippedCell, type Column, type ResourceName } from "../src/access/policy/matrix.ts";
import { AWAITING, CLAUSES, UNIT_COLUMNS, columnsOf, unitsOf } from "../src/access/policy/responsibilities.ts";
import { LEGAL_BASIS } from "../src/access/policy/legal-basis.ts";
import { inMatrix, missingPaths, pathOf, responsibilitiesDocument, servedCounts, servedOf } from "../src/access/policy/responsibilities-document.ts";

const SEED_DIR = fileURLToPath(new URL("../../shared/seed/", import.meta.url));
const seedText = existsSync(SEED_DIR)
  ? readdirSync(SEED_DIR).filter((f) => f.endsWith(".txt")).map((f) => readFileSync(SEED_DIR + f, "utf8")).join("").replace(/\s+/g, "")
  : null;

describe("the seed's clauses as data", () => {
  it("numbers the plan's 37 clauses once each, 35 of them data clauses", () => {
    expect(new Set(CLAUSES.map((c) => c.id)).size).toBe(CLAUSES.length);
    expect(CLAUSES.length).toBe(37);
    expect(CLAUSES.filter((c) => c.data).length).toBe(35);
    expect(CLAUSES.filter((c) => !c.data).map((c) => c.id)).toEqual(["三(一)", "三(三)"]);
  });

  it.skipIf(seedText === null)("quotes the seed verbatim: each title, excerpt and bracket is in its text, each bracket in the order of the clauses", () => {
    // Each clause's title (as "N.title。" or "（N）title。"), in order; a title may recur in earlier prose.
    const starts: number[] = [];
    for (const c of CLAUSES) {
      const at = seedText!.indexOf(`${c.title}。`, (starts.at(-1) ?? -1) + 1);
      expect(at, `${c.id}: title after ${starts.length ? CLAUSES[starts.length - 1]!.id : "the start"}`).toBeGreaterThan(starts.at(-1) ?? -1);
      starts.push(at);
    }
    CLAUSES.forEach((c, i) => {
      // The excerpt and the bracket stand within the clause: after its title, before the next clause's.
      const end = i + 1 < CLAUSES.length ? starts[i + 1]! : seedText!.length;
      const at = seedText!.indexOf(c.excerpt, starts[i]);
      expect(at, `${c.id}: excerpt`).toBeGreaterThan(starts[i]!);
      expect(at, `${c.id}: excerpt`).toBeLessThan(end);
      if (c.bracket) {
        const bracketAt = seedText!.indexOf(c.bracket, at);
        expect(bracketAt, `${c.id}: bracket`).toBeGreaterThan(at);
        expect(bracketAt + c.bracket.length, `${c.id}: bracket`).toBeLessThanOrEqual(end);
      }
    });
  });

  it("maps every unit it names; only 市农业局 and 市科技局 have no principal", () => {
    for (const c of CLAUSES) for (const u of unitsOf(c)) expect(UNIT_COLUMNS, `${c.id}: ${u}`).toHaveProperty([u]);
    expect(Object.entries(UNIT_COLUMNS).filter(([, cs]) => !cs.length).map(([u]) => u)).toEqual(["市农业局", "市科技局"]);
    for (const cs of Object.values(UNIT_COLUMNS)) for (const c of cs) expect(COLUMNS).toContain(c);
  });

  it("names only resources of the matrix, or ones explicitly awaited that are not in the matrix yet (this fails when they land: reconcile AWAITING)", () => {
    for (const c of CLAUSES) for (const r of c.resources) expect(inMatrix(r) || (AWAITING as readonly string[]).includes(r), `${c.id}: ${r}`).toBe(true);
    for (const a of AWAITING) expect(RESOURCE_NAMES as readonly string[], `${a} is in the matrix now: drop it from AWAITING`).not.toContain(a);
    for (const a of AWAITING) expect(CLAUSES.some((c) => c.resources.includes(a)), a).toBe(true);
  });

  it("covers every data resource of the matrix with some clause (the platform's own plumbing aside: keys, audit, webhook endpoints, rate-limit budgets)", () => {
    const plumbing = ["graph.structure", "records.history", "access.sharing", "access.audit", "access.auditChain", "access.auditLog", "access.keys", "alerts.webhooks", "limits.budget"];
    const needed = new Set(CLAUSES.flatMap((c) => c.resources));
    const uncovered = RESOURCE_NAMES.filter((r) => !plumbing.includes(r) && !needed.has(r));
    // Personal identifiers and the informant are data no clause needs in clear: they stay as DOMAIN.md has them.
    expect(uncovered.sort()).toEqual(["credit.subjectIdNumber", "fundraising.informant", "person.identifiers", "person.identity"]);
  });
});

describe("the reference policy follows the seed", () => {
  const pairs = CLAUSES.flatMap((c) => columnsOf(c).flatMap((column) => c.resources.filter(inMatrix).map((resource) => ({ clause: c.id, column, resource }))));

  it("gives every unit a clause names a path (owner, R, M, C; counties their own rows) to every resource of the clause", () => {
    expect(pairs.length).toBeGreaterThan(150);
    const missing = pairs.filter((p) => pathOf(p.resource, p.column) === "-").map((p) => `${p.clause}: ${p.column} → ${p.resource}`);
    expect(missing).toEqual([]);
    for (const c of CLAUSES) expect(missingPaths(c)).toEqual([]);
  });

  it("the check itself fails when a named unit loses its path (as FINANCE_BUREAU could close a cell)", () => {
    // The county of 二(一)2 reads the top-10 lists: with its cell closed the same rule finds it.
    const closed = (r: ResourceName, c: Column) => (r === "debt.monitoring" && c === "COUNTY" ? "-" : pathOf(r, c));
    expect(pairs.filter((p) => closed(p.resource, p.column) === "-").map((p) => `${p.clause}: ${p.column} → ${p.resource}`)).toEqual([
      "二(一)2: COUNTY → debt.monitoring",
      "二(三)1: COUNTY → debt.monitoring",
    ]);
  });

  it("names the known gaps of the old matrix as opened: counties' top-10 lists and plans, COMMERCE's venues and local organisations, INDUSTRY_IT's zombie loans, INSURANCE_ASSOC's indicators", () => {
    expect(pathOf("debt.monitoring", "COUNTY")).toBe("R");
    expect(["R", "C"]).toContain(pathOf("venues.supervision", "COMMERCE"));
    expect(["R", "C"]).toContain(pathOf("institutions.localOrgIndicators", "COMMERCE"));
    expect(pathOf("debt.loans", "INDUSTRY_IT")).toBe("C");
    expect(pathOf("institutions.marketIndicators", "INSURANCE_ASSOC")).toBe("owner");
  });

  it("cites for every cell it opened a clause that names the unit and needs the resource, and the cell is open", () => {
    let cited = 0;
    for (const [resource, byColumn] of Object.entries(LEGAL_BASIS)) {
      expect(inMatrix(resource), resource).toBe(true);
      for (const [column, clauses] of Object.entries(byColumn ?? {})) {
        expect(COLUMNS as readonly string[]).toContain(column);
        expect(shippedCell(resource as ResourceName, column as Column), `${resource} × ${column}`).not.toBe("DENY");
        expect((MATRIX[resource as ResourceName].owners as readonly string[]), `${resource} × ${column}: an owner needs no basis`).not.toContain(column);
        for (const id of clauses ?? []) {
          const clause = CLAUSES.find((c) => c.id === id);
          expect(clause, id).toBeDefined();
          expect(columnsOf(clause!), `${id} names ${column}`).toContain(column);
          expect(clause!.resources, `${id} needs ${resource}`).toContain(resource);
          cited++;
        }
      }
    }
    expect(cited).toBeGreaterThan(20);
  });

  it("cites every clause that needs an opened cell (no pair of the responsibility lists relies on a cell without its basis, beyond DOMAIN.md's table)", () => {
    // Each pair served by a cell with a legal basis lists that pair's clause among the basis.
    for (const p of pairs) {
      const basis = LEGAL_BASIS[p.resource as ResourceName]?.[p.column];
      if (basis) expect(basis, `${p.clause}: ${p.column} → ${p.resource}`).toContain(p.clause);
    }
  });
});

describe("how many of the seed's data clauses the platform serves", () => {
  it("serves 25 fully, 9 partly and 1 not at all (of 35), and docs/responsibilities.md says so (run `npm run policy:doc`)", async () => {
    expect(servedCounts()).toEqual({ FULLY: 25, PARTLY: 9, NOT: 1 });
    expect(CLAUSES.filter((c) => c.data && servedOf(c) === "NOT").map((c) => c.id)).toEqual(["二(六)4"]);
    const doc = await readFile(new URL("../docs/responsibilities.md", import.meta.url), "utf8");
    expect(doc).toBe(responsibilitiesDocument());
    expect(doc).toContain("Served: **25 fully, 9 partly, 1 not at all.**");
  });
});
