// Operation timeout (OPERATION_TIMEOUT_MS): a query still executing at its deadline starts no
// further SQL and answers 504 OPERATION_TIMEOUT without partial data; a mutation is never cut
// half-way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let hurried: TestServer;
let patient: TestServer;
beforeAll(async () => {
  [hurried, patient] = await Promise.all([startTestServer({ scale: 0.02, env: { OPERATION_TIMEOUT_MS: "1" } }), startTestServer({ scale: 0.02 })]);
});
afterAll(async () => {
  await hurried?.close();
  await patient?.close();
});

// Four levels of SQL, one after the other: banks, their loans, the borrowers, their guarantees.
// (Through Prisma's loading, a statement per level: the roots compiled into one statement,
// src/db/json-query/, leave no "further SQL" to stop.)
const HEAVY = `{ institutions(first: 50) { nodes { code loans(first: 20) { nodes { amount borrower { name guaranteesGiven(first: 5) { nodes { amount } } } } } } } }`;
const REFUSAL = {
  message: "The operation took too long and was stopped: ask for less (smaller pages, fewer nested connections) or try again later.",
  extensions: { code: "OPERATION_TIMEOUT", limit: "timeout" },
};

describe(`operation timeout (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 30 seconds", () => {
    expect(loadConfig({}).limits.operationTimeoutMs).toBe(30_000);
    expect(loadConfig({ OPERATION_TIMEOUT_MS: "0" }).limits.operationTimeoutMs).toBe(0);
    expect(() => loadConfig({ OPERATION_TIMEOUT_MS: "30s" })).toThrow('invalid environment variable OPERATION_TIMEOUT_MS="30s": must be an integer between 0 and 3600000');
  });

  it("answers a query within its time in full", async () => {
    const res = await send(patient, { body: { query: HEAVY } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions.statements).toBeGreaterThanOrEqual(4);
  });

  it("stops a query past its deadline: 504, no partial data, no audit entry, fewer statements than the whole", async () => {
    const full = (await send(patient, { body: { query: HEAVY } })).body.extensions.statements;
    const audits = await hurried.running.db.prisma.auditEntry.count();
    const res = await send(hurried, { body: { query: HEAVY } });
    expect(refusedWith(res, 504)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
    expect(res.body).not.toHaveProperty("data");
    expect(res.body.extensions.statements).toBeLessThan(full);
    expect(res.text).not.toMatch(/institutions|borrower|stacktrace/);
    expect(await hurried.running.db.prisma.auditEntry.count()).toBe(audits);
  });

  it("never interrupts a mutation: the write completes and answers", async () => {
    const e = await hurried.running.db.prisma.enterprise.findFirstOrThrow({ where: { retiredAt: null } });
    const res = await send(hurried, {
      body: { query: `mutation($u: String!, $z: Boolean!) { setZombieStatus(uscc: $u, isZombie: $z) { __typename ... on MutationSetZombieStatusSuccess { data { isZombie version } } } }`, variables: { u: e.uscc, z: !e.isZombie } },
      as: "INDUSTRY_IT",
    });
    expect(res.status).toBe(200);
    expect(res.body.data.setZombieStatus).toEqual({ __typename: "MutationSetZombieStatusSuccess", data: { isZombie: !e.isZombie, version: e.version + 1 } });
    expect((await hurried.running.db.prisma.enterprise.findUniqueOrThrow({ where: { id: e.id } })).isZombie).toBe(!e.isZombie);
  });
});
