// An entry's content hash is recomputed when the log is verified (verify.ts, offline.ts), so the
// hash of every entry stored must stay what it was: the record fast paths in chain.ts (one
// JSON.stringify a record, and the collator confirming a code-point sort instead of sorting) must
// give the bytes of the generic writer and the order of the collator's own sort. The reference
// below is the hashing as it was before those fast paths, kept here verbatim.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, type AuditInput, type AuditRecordInput } from "../src/access/audit/chain.ts";

function referenceCanonical(value: unknown, inArray = false): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value ?? null) as string | undefined;
    return text ?? (inArray ? "" : "undefined");
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i) out += ",";
      if (i in value) out += referenceCanonical(value[i], true);
    }
    return `${out}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonical(v)}`).join(",")}}`;
}

const collator = new Intl.Collator();
const referenceSort = (records: AuditRecordInput[]) =>
  records
    .map((r) => ({ record: { ...r, fields: [...r.fields].sort() }, key: r.entityType + "\0" + String(r.entityId).padStart(12, "0") + "\0" + r.resource }))
    .sort((a, b) => collator.compare(a.key, b.key))
    .map((k) => k.record);

const referenceHash = (entry: AuditInput) =>
  createHash("sha256").update(referenceCanonical({ ...entry, at: entry.at.toISOString(), records: referenceSort(entry.records) })).digest("hex");

const entryWith = (records: AuditRecordInput[], variables: unknown = { first: 50 }): AuditInput => ({
  at: new Date("2026-12-02T08:00:00.123Z"),
  requestId: "req-1",
  agency: "FINANCE_BUREAU",
  countyCode: null,
  principalName: "分析员",
  keyPrefix: "dlg_abc",
  operationName: "Nested",
  documentHash: "a".repeat(64),
  variables,
  purpose: null,
  resources: ["credit.enterprise", "debt.loans"],
  deniedFields: 0,
  maskedFields: 2,
  records,
});

/** A deterministic pseudo-random sequence (the test must fail the same way every time). */
function* lcg(seed: number) {
  for (;;) yield (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("audit content hash", () => {
  it("gives the reference's hash for the platform's records, in any arrival order", () => {
    const r = lcg(7);
    const types = [["Enterprise", "credit.enterprise"], ["Loan", "debt.loans"], ["Guarantee", "debt.guarantees"], ["Bond", "bonds.bonds"], ["BondScheduleItem", "bonds.schedule"], ["BondPayment", "bonds.payments"], ["DishonestyRecord", "credit.dishonesty"]] as const;
    const records: AuditRecordInput[] = [];
    for (let i = 0; i < 600; i++) {
      const [entityType, resource] = types[Math.floor(r.next().value! * types.length)]!;
      records.push({ entityType, entityId: 1 + Math.floor(r.next().value! * 5_000_000), resource, fields: ["name", "amount", "uscc", "balance"].filter(() => r.next().value! < 0.7) });
    }
    const entry = entryWith(records);
    expect(contentHash(entry)).toBe(referenceHash(entry));
    expect(contentHash(entryWith([...records].reverse()))).toBe(contentHash(entry));
  });

  it("follows the collator where code points order differently (case, accents, ties), and the generic writer for any other shape", () => {
    // Code point order puts "Zeta" before "alpha" and "Émile" after "zulu"; the collator does not.
    const awkward: AuditRecordInput[] = [
      { entityType: "alpha", entityId: 3, resource: "r", fields: ["b", "a"] },
      { entityType: "Zeta", entityId: 1, resource: "r", fields: [] },
      { entityType: "Émile", entityId: 2, resource: "r.é", fields: ["名称", "金额"] },
      { entityType: "zulu", entityId: 2, resource: "r", fields: ['quote"d', "back\\slash", "\u2028"] },
      { entityType: "Alpha", entityId: 3, resource: "r", fields: ["x"] },
      // Keys the collator holds equal (an ignorable character) keep their arrival order.
      { entityType: "Loan", entityId: 9, resource: "debt.loans", fields: ["a"] },
      { entityType: "Lo\u0000an", entityId: 9, resource: "debt.loans", fields: ["b"] },
    ];
    const entry = entryWith(awkward);
    expect(contentHash(entry)).toBe(referenceHash(entry));
    expect(contentHash(entryWith([...awkward].reverse()))).toBe(referenceHash(entryWith([...awkward].reverse())));

    // Objects shaped almost like a record go through the generic writer, as before.
    const lookalikes: unknown[] = [
      { entityId: 1, entityType: "T", fields: ["a"], resource: "r" },
      { resource: "r", fields: ["a"], entityType: "T", entityId: 1 },
      { entityId: 1, entityType: "T", fields: ["a"], resource: "r", extra: true },
      { entityId: 1, entityType: "T", fields: ["a"], resource: undefined },
      { entityId: "1", entityType: "T", fields: ["a"], resource: "r" },
      { entityId: 1, entityType: "T", fields: ["a", 2, null], resource: "r" },
      // eslint-disable-next-line no-sparse-arrays
      { entityId: 1, entityType: "T", fields: ["a", , "c"], resource: "r" },
      { entityId: Number.NaN, entityType: "T", fields: [], resource: "r" },
      { entityId: 1, entityType: "T", fields: ["a"], other: "r" },
    ];
    for (const value of lookalikes) expect(canonicalJson(value)).toBe(referenceCanonical(value));
    const withLookalikes = entryWith(awkward, { filters: lookalikes });
    expect(contentHash(withLookalikes)).toBe(referenceHash(withLookalikes));
  });
});
