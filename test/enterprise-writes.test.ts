import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { enterpriseInput, newIdNumber } from "./helpers/factories.ts";
import { EnterpriseHistoryDocument, RetireEnterpriseDocument, SetZombieStatusDocument, UpsertEnterpriseDocument } from "./generated/graphql.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const AS_OWNER = "MARKET_REGULATION";

describe("enterprise registration writes", () => {
  it("creates, then updates with the right version, and records both changes", async () => {
    const input = enterpriseInput({ legalRepresentative: { name: "陈测试", idNumber: newIdNumber(), phone: "13800138000" } });
    const created = await server.gql(UpsertEnterpriseDocument, { input }, AS_OWNER);
    expect(created.body.errors).toBeUndefined();
    const data = created.body.data!.upsertEnterprise;
    expect(data).toMatchObject({ __typename: "MutationUpsertEnterpriseSuccess", data: { uscc: input.uscc, version: 1, county: { code: "441704" }, legalRepresentative: { name: "陈测试" } } });

    const updated = await server.gql(UpsertEnterpriseDocument, { input: { ...input, name: "改名后有限公司", expectedVersion: 1 } }, AS_OWNER);
    expect(updated.body.data!.upsertEnterprise).toMatchObject({ data: { name: "改名后有限公司", version: 2 } });

    const history = await server.gql(EnterpriseHistoryDocument, { uscc: input.uscc });
    const entries = history.body.data!.enterprise!.history!.nodes!;
    expect(entries.map((e) => [e!.action, e!.version, e!.agency])).toEqual([
      ["UPDATE", 2, "MARKET_REGULATION"],
      ["CREATE", 1, "MARKET_REGULATION"],
    ]);
    expect(JSON.parse(entries[0]!.changes!)).toEqual({ name: { old: input.name, new: "改名后有限公司" } });
  });

  it("reports every bad field of one input with its path and rule, and writes nothing", async () => {
    const input = enterpriseInput({ uscc: "91441704MA00000019", registeredCapital: "-5", establishedOn: "2012-01-01", listingStatus: "NEEQ", listedOn: "2011-06-30" });
    const res = await server.gql(UpsertEnterpriseDocument, { input }, AS_OWNER);
    const result = res.body.data!.upsertEnterprise!;
    expect(result.__typename).toBe("ValidationError");
    const issues = (result as { issues: Array<{ field: string; rule: string; path: string[] }> }).issues;
    expect(issues.map((i) => [i.field, i.rule])).toEqual(
      expect.arrayContaining([
        ["input.uscc", "uscc.checksum"],
        ["input.registeredCapital", "nonNegative"],
        ["input.listedOn", "dateOrder"],
      ]),
    );
    expect(issues.find((i) => i.field === "input.uscc")!.path).toEqual(["input", "uscc"]);
    expect(await server.running.db.prisma.enterprise.count({ where: { uscc: input.uscc } })).toBe(0);
  });

  it("reports references that do not exist", async () => {
    const res = await server.gql(UpsertEnterpriseDocument, { input: enterpriseInput({ county: "999999", industry: "Z99" }) }, AS_OWNER);
    const issues = (res.body.data!.upsertEnterprise as { issues: Array<{ field: string; rule: string }> }).issues;
    expect(issues).toEqual([
      expect.objectContaining({ field: "input.county", rule: "exists" }),
      expect.objectContaining({ field: "input.industry", rule: "exists" }),
    ]);
  });

  it("refuses a stale version with a ConflictError and writes nothing", async () => {
    const input = enterpriseInput();
    await server.gql(UpsertEnterpriseDocument, { input }, AS_OWNER);
    await server.gql(UpsertEnterpriseDocument, { input: { ...input, name: "第二版有限公司", expectedVersion: 1 } }, AS_OWNER);
    const stale = await server.gql(UpsertEnterpriseDocument, { input: { ...input, name: "过期写入有限公司", expectedVersion: 1 } }, AS_OWNER);
    expect(stale.body.data!.upsertEnterprise).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const row = await server.running.db.prisma.enterprise.findUniqueOrThrow({ where: { uscc: input.uscc } });
    expect([row.name, row.version]).toEqual(["第二版有限公司", 2]);
    expect(await server.running.db.prisma.changeRecord.count({ where: { entityType: "Enterprise", entityId: row.id } })).toBe(2);
  });

  it("returns the first result to a retry with the same idempotency key, and refuses the key for other input", async () => {
    const input = enterpriseInput();
    const first = await server.gql(UpsertEnterpriseDocument, { input, key: `create-${input.uscc}` }, AS_OWNER);
    const retry = await server.gql(UpsertEnterpriseDocument, { input, key: `create-${input.uscc}` }, AS_OWNER);
    expect(retry.body.data).toEqual(first.body.data);
    const row = await server.running.db.prisma.enterprise.findUniqueOrThrow({ where: { uscc: input.uscc } });
    expect(row.version).toBe(1);
    expect(await server.running.db.prisma.changeRecord.count({ where: { entityType: "Enterprise", entityId: row.id } })).toBe(1);

    const reused = await server.gql(UpsertEnterpriseDocument, { input: { ...input, name: "别的输入有限公司" }, key: `create-${input.uscc}` }, AS_OWNER);
    expect(reused.body.data!.upsertEnterprise).toMatchObject({ __typename: "ConflictError" });
  });

  it("refuses a write from an agency that does not own the data", async () => {
    const input = enterpriseInput();
    const res = await server.gql(UpsertEnterpriseDocument, { input }, "PBOC");
    expectNotCallable(res, "upsertEnterprise");
    expect(await server.running.db.prisma.enterprise.count({ where: { uscc: input.uscc } })).toBe(0);
  });

  it("lets the Economy and IT Bureau, and only it, keep the zombie registry", async () => {
    const input = enterpriseInput();
    await server.gql(UpsertEnterpriseDocument, { input }, AS_OWNER);
    const set = await server.gql(SetZombieStatusDocument, { uscc: input.uscc, isZombie: true }, "INDUSTRY_IT");
    expect(set.body.data!.setZombieStatus).toMatchObject({ data: { isZombie: true, version: 2 } });
    const denied = await server.gql(SetZombieStatusDocument, { uscc: input.uscc, isZombie: false }, AS_OWNER);
    expectNotCallable(denied, "setZombieStatus");
    const missing = await server.gql(SetZombieStatusDocument, { uscc: "91440300708461136T", isZombie: true }, "INDUSTRY_IT");
    expect(missing.body.data!.setZombieStatus!.__typename).toBe("NotFoundError");
  });

  it("retires a registration, which stays readable with retiredAt and leaves default lists", async () => {
    const input = enterpriseInput();
    await server.gql(UpsertEnterpriseDocument, { input }, AS_OWNER);
    const retired = await server.gql(RetireEnterpriseDocument, { uscc: input.uscc, expectedVersion: 1 }, AS_OWNER);
    expect(retired.body.data!.retireEnterprise).toMatchObject({ data: { uscc: input.uscc, version: 2 } });
    const again = await server.gql(RetireEnterpriseDocument, { uscc: input.uscc }, AS_OWNER);
    expect(again.body.data!.retireEnterprise!.__typename).toBe("ConflictError");
    const list = await server.gql(`{ enterprises(first: 500, filter: { nameContains: "${input.name}" }) { nodes { uscc } } }`);
    expect(list.body.data.enterprises.nodes).toEqual([]);
  });
});
