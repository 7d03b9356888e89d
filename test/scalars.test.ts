// The DateTime and Date scalars over HTTP: a DateTime is an instant, so it must say its time zone
// (a timestamp without one would be read in the server's own zone); a Date is a calendar day
// YYYY-MM-DD. Anything else is refused with HTTP 400 before anything runs, in variables and in
// literals alike, and the message says what is expected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { send } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const ZONE_REQUIRED = /DateTime must be an ISO-8601 timestamp with a time zone/;

const BAD_DATE_TIMES = [
  "2016-12-31T00:00:00", // no zone: the case that used to pass as server-local time
  "2016-12-31T00:00",
  "2016-12-31T00:00:00.000",
  "2016-12-31T08:00:00 +08:00",
  "2016-12-31",
  "2016-02-30T00:00:00Z", // no such day (JavaScript's Date would roll it over to 1 March)
  "2016-12-31T24:00:00Z",
  "2016-12-31T23:60:00Z",
  "2016-12-31T00:00:00+0800",
  "2016-12-31T00:00:00+24:00",
  "20161231T000000Z",
  "yesterday",
];
const GOOD_DATE_TIMES = ["2016-12-31T00:00:00Z", "2016-12-31T08:00:00+08:00", "2016-12-31T00:00:00.000Z", "2016-12-30T19:00:00.5-05:00", "2016-12-31T08:00+08:00"];

describe(`DateTime and Date inputs (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it.each(BAD_DATE_TIMES)("refuses the DateTime %j in a variable with 400 BAD_USER_INPUT naming the variable", async (value) => {
    const res = await send(server, { body: { query: `query($f: DateTime) { auditEntries(first: 1, filter: { from: $f }) { id } }`, variables: { f: value } }, as: "PBOC" });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(res.body.errors[0].message).toContain('Variable "$f"');
    expect(res.body.errors[0].message).toMatch(ZONE_REQUIRED);
  });

  it.each(BAD_DATE_TIMES)("refuses the DateTime %j as a literal with 400", async (value) => {
    const res = await send(server, { body: { query: `{ auditEntries(first: 1, filter: { from: ${JSON.stringify(value)} }) { id } }` }, as: "PBOC" });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].message).toMatch(ZONE_REQUIRED);
  });

  it("writes nothing when a mutation's DateTime has no zone", async () => {
    const before = await server.running.db.prisma.accessRequest.count();
    const res = await send(server, {
      body: { query: `mutation($u: DateTime!) { requestAccess(resource: "debt.loans", purpose: "去杠杆专项监测", until: $u) { __typename } }`, variables: { u: "2099-12-31T00:00:00" } },
      as: "DEVELOPMENT_REFORM",
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(await server.running.db.prisma.accessRequest.count()).toBe(before);
  });

  it.each(GOOD_DATE_TIMES)("accepts the DateTime %j as the instant it names", async (value) => {
    const res = await send(server, { body: { query: `query($f: DateTime) { auditEntries(first: 1, filter: { from: $f }) { id } }`, variables: { f: value } }, as: "PBOC" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it("reads an offset as the instant it names, whatever the server's own zone", async () => {
    const q = `mutation($u: DateTime!) { requestAccess(resource: "debt.loans", purpose: "去杠杆专项监测", until: $u) { ... on MutationRequestAccessSuccess { data { requestedUntil } } } }`;
    const a = await server.gql(q, { u: "2099-06-30T08:00:00+08:00" }, "DEVELOPMENT_REFORM");
    expect(a.body.data.requestAccess.data.requestedUntil).toBe("2099-06-30T00:00:00.000Z");
  });

  it.each(["2016-12-31T00:00:00", "2016-12-31T00:00:00Z", "2016-02-30", "2016-1-5", "20161231"])("refuses the Date %j with 400", async (value) => {
    const res = await send(server, { body: { query: `query($d: Date) { enterprises(first: 1, filter: { establishedOn: { from: $d } }) { totalCount } }`, variables: { d: value } }, as: "PBOC" });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(res.body.errors[0].message).toMatch(/Date must be a calendar date written YYYY-MM-DD/);
  });

  it("accepts a calendar Date", async () => {
    const res = await send(server, { body: { query: `{ enterprises(first: 1, filter: { establishedOn: { from: "2016-02-29" } }) { totalCount } }` }, as: "PBOC" });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});
