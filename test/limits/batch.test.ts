// Batch size (MAX_BATCH): a JSON array of operations in one POST holds at most MAX_BATCH of them;
// a larger batch is refused whole, before any of its operations runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_BATCH: "3" } });
});
afterAll(() => server?.close());

const ops = (n: number) => Array.from({ length: n }, (_, i) => ({ query: `query Op${i} { enterprises(first: 1) { totalCount } }`, operationName: `Op${i}` }));

describe(`batch size (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 20", () => {
    expect(loadConfig({}).limits.maxBatch).toBe(20);
  });

  it("runs a batch of exactly the limit, each answer in order", async () => {
    const res = await send(server, { body: ops(3) });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(3);
    for (const answer of res.body) expect(answer.data.enterprises.totalCount).toBeGreaterThan(0);
  });

  it("refuses one more with 400 and runs none of it", async () => {
    const audits = await server.running.db.prisma.auditEntry.count();
    const res = await send(server, { body: ops(4) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toMatchObject({ code: "BATCH_LIMIT", requestId: res.headers.get("x-request-id") });
    expect(res.text).not.toMatch(/Op\d|enterprises/);
    expect(await server.running.db.prisma.auditEntry.count()).toBe(audits);
  });

  it("refuses an empty batch", async () => {
    const res = await send(server, { body: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe("BATCH_LIMIT");
  });
});
