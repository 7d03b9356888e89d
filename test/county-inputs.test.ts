// Every write input that takes a county takes it as filters do: division code or name (the
// city, for a government level, as 441700 or 阳江市). The record stores the code; an unknown
// county is a ValidationError naming the field.
import { getNamedType, isInputObjectType, type GraphQLInputType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { mutationCases, mutationDocument, mutationFields, type MutationCase } from "./helpers/mutations.ts";
import { newIdNumber } from "./helpers/factories.ts";
import { expandRecords } from "../src/access/audit/chain.ts";

let server: TestServer;
let cases: Record<string, MutationCase>;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  cases = mutationCases(server);
});
afterAll(() => server?.close());

/** Paths from a mutation's arguments to every input field named `county`. */
function countyPaths(type: GraphQLInputType, path: string[], seen = new Set<string>()): string[][] {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  return Object.values(named.getFields()).flatMap((f) => (f.name === "county" ? [[...path, f.name]] : countyPaths(f.type, [...path, f.name], new Set([...seen, named.name]))));
}
const takingCounty = mutationFields().flatMap((f) => f.args.flatMap((a) => countyPaths(a.type, [a.name])).map((path) => ({ name: f.name, path })));

const NAMES: Record<string, string> = { "441700": "阳江市", "441702": "江城区", "441704": "阳东区", "441721": "阳西县", "441781": "阳春市" };

/** A dishonest person needs a county only when new and with an ID number issued outside the city. */
async function argsFor(name: string): Promise<Record<string, unknown>> {
  const args = await cases[name]!.prepare();
  if (name === "upsertDishonestyRecord") {
    const { enterprise: _listedEnterprise, ...input } = args.input as Record<string, unknown>;
    return { input: { ...input, person: { name: "周外地", idNumber: newIdNumber("440106"), county: "441704" } } };
  }
  if (name === "createApiKey") return { input: { ...(args.input as object), agency: "COUNTY", county: "441721" } };
  return args;
}

const at = (value: any, path: string[]) => path.reduce((v, k) => v?.[k], value);
const withAt = (value: any, path: string[], given: unknown): any =>
  path.length ? { ...value, [path[0]!]: withAt(value[path[0]!], path.slice(1), given) } : given;

/** The county code stored by the write whose audit entry is the newest for this mutation. */
async function storedCounty(name: string): Promise<string | null> {
  const entry = await db().auditEntry.findFirstOrThrow({ where: { operationName: `Mutation.${name}` }, orderBy: { id: "desc" } });
  if (name === "createApiKey") return (await db().apiKey.findFirstOrThrow({ where: { name: String((entry.variables as { name: string }).name) } })).countyCode;
  const record = expandRecords(entry.records).find((r) => r.entityType !== "Person")!;
  const model = (db() as any)[record.entityType[0]!.toLowerCase() + record.entityType.slice(1)];
  return (await model.findUniqueOrThrow({ where: { id: record.entityId } })).countyCode;
}

describe("counties in write inputs", () => {
  it("finds every input that takes a county", () => {
    expect(takingCounty.map((t) => `${t.name}(${t.path.join(".")})`).sort()).toEqual([
      "createApiKey(input.county)",
      "upsertBondOnLending(input.county)",
      "upsertComplaint(input.county)",
      "upsertDishonestyRecord(input.person.county)",
      "upsertEnterprise(input.county)",
      "upsertFinancingPlatform(input.county)",
      "upsertFundraisingClue(input.county)",
      "upsertGovernmentDebt(input.county)",
      "upsertPilotLoan(input.county)",
      "upsertPppProject(input.county)",
      "upsertTradingVenue(input.county)",
    ]);
  });

  for (const { name, path } of takingCounty) {
    it(`${name}: ${path.join(".")} by name is stored as its code; an unknown one is named`, { timeout: 60_000 }, async () => {
      const c = cases[name]!;
      const args = await argsFor(name);
      const code = at(args, path) as string;
      const document = mutationDocument(name, Object.keys(args), "__typename ... on MutationError { message } ... on ValidationError { issues { field rule message } }");

      const byName = await server.gql(document, withAt(args, path, NAMES[code]), c.as);
      expect(byName.body.data?.[name].__typename, JSON.stringify(byName.body)).toMatch(/Success$/);
      expect(await storedCounty(name)).toBe(code);

      const unknown = await server.gql(document, withAt(await argsFor(name), path, "不存在县"), c.as);
      expect(unknown.body.data?.[name], JSON.stringify(unknown.body)).toMatchObject({
        __typename: "ValidationError",
        issues: [{ field: path.slice(1).join(".") === "" ? path[0] : `${path[0]}.${path.slice(1).join(".")}`, rule: "exists", message: expect.stringMatching(/不存在县.*441704.*阳东区/) }],
      });
    });
  }
});
