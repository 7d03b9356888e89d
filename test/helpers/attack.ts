// Helpers for the access-attack and county-scope tests: a denied value looked for anywhere in a
// response, denied places (one FORBIDDEN error per coordinate, every place in extensions.access),
// refusals proven to happen before any SQL, fields outside a view, raw POSTs (batches), global ids
// and sharing grants.
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLNamedType } from "graphql";
import { expect } from "vitest";
import type { PrismaClient } from "../../src/generated/prisma/client.ts";
import type { GraphQLResponse, TestServer } from "./server.ts";

export type Body = GraphQLResponse["body"];
export type Path = readonly (string | number)[];

export function at(data: unknown, path: Path): unknown {
  let v = data as Record<string | number, unknown> | null | undefined;
  for (const k of path) {
    if (v === null || v === undefined) return v;
    v = v[k] as never;
  }
  return v;
}

/** None of `secrets` occurs anywhere in the body: data, errors (stack traces included), extensions. */
export function expectAbsent(body: unknown, ...secrets: unknown[]): void {
  const text = JSON.stringify(body);
  for (const secret of secrets) {
    // A secret that is empty or missing would make the check pass vacuously.
    if (typeof secret !== "string" || secret.length < 4) throw new Error(`not a usable secret: ${JSON.stringify(secret)}`);
    expect(text, `the response carries ${secret}`).not.toContain(secret);
  }
}

export interface DeniedEntry {
  coordinate?: string;
  resource: string;
  sharing?: string;
  input?: string;
  count: number;
  paths: string[];
}

/** A compacted path of extensions.access (`a.0-4.b`: one list index given as a range) as the places it stands for. */
export function expandPath(compact: string): string[] {
  const segments = compact.split(".");
  const at = segments.findIndex((s) => /^\d+-\d+$/.test(s));
  if (at < 0) return [compact];
  const [from, to] = segments[at]!.split("-").map(Number) as [number, number];
  expect(to, compact).toBeGreaterThan(from);
  return Array.from({ length: to - from + 1 }, (_, i) => [...segments.slice(0, at), String(from + i), ...segments.slice(at + 1)].join("."));
}

/** Every denied place of a response (extensions.access.denied, expanded), with the entry reporting it. */
export function deniedPlaces(body: Body): { path: string; entry: DeniedEntry }[] {
  const entries = ((body.extensions?.access as { denied?: DeniedEntry[] } | undefined)?.denied ?? []) as DeniedEntry[];
  return entries.flatMap((entry) => {
    const places = entry.paths.flatMap(expandPath);
    // The count is the number of places listed.
    expect(places.length, JSON.stringify(entry)).toBe(entry.count);
    return places.map((path) => ({ path, entry }));
  });
}

/**
 * The field at `path` came back null, denied for `resource`: extensions.access lists that place,
 * and the response's one FORBIDDEN error of that coordinate and resource reports all its places.
 */
export function expectForbiddenAt(body: Body, path: Path, resource: string): void {
  expect(at(body.data, path) ?? null).toBeNull();
  const place = deniedPlaces(body).find((p) => p.path === path.join(".") && p.entry.resource === resource);
  expect(place, `${path.join(".")} is not reported denied: ${JSON.stringify(body.extensions?.access)}`).toBeDefined();
  const { entry } = place!;
  const errors = body.errors?.filter((e) => e.extensions?.code === "FORBIDDEN" && e.extensions.coordinate === entry.coordinate && e.extensions.resource === resource) ?? [];
  expect(errors, `one error for ${entry.coordinate}: ${JSON.stringify(body.errors)}`).toHaveLength(1);
  expect(errors[0]!.extensions).toMatchObject({ code: "FORBIDDEN", resource, count: entry.count });
  // The error stands at the first place.
  expect(expandPath(entry.paths[0]!)[0]).toBe(errors[0]!.path!.join("."));
}

/**
 * SQL statements a request costs when its operation runs none (key lookup and policy state):
 * none once the principal's key and grants are cached (src/access/directory.ts), so the first
 * request, which loads them, is not the baseline.
 */
export async function baselineStatements(server: TestServer, as: string): Promise<number> {
  await server.gql(`{ __typename }`, {}, as);
  const res = await server.gql(`{ __typename }`, {}, as);
  return res.body.extensions!.requestStatements as number;
}

/**
 * A field refused for its filter, order or group key: denied alone (null, FORBIDDEN naming the
 * input), before any SQL of it runs: the operation costs `statements`, what it costs without that
 * field (0 when the field is the operation's only one), on top of the request's own `baseline`.
 */
export function expectRefusedBeforeSql(body: Body, path: Path, expected: { resource: string; input?: unknown }, baseline: number, statements = 0): void {
  expectForbiddenAt(body, path, expected.resource);
  const error = body.errors!.find((e) => e.extensions?.code === "FORBIDDEN" && e.extensions.input !== undefined && e.extensions.resource === expected.resource);
  expect(error?.extensions, JSON.stringify(body.errors)).toMatchObject({ code: "FORBIDDEN", ...expected });
  expect(body.extensions?.statements).toBe(statements);
  expect(body.extensions?.requestStatements).toBe(baseline + statements);
}

/** Outside the principal's view: answered as a field that does not exist (test/access-validation.test.ts), with no data. */
export function expectUnknownField(res: { status: number; body: Body }, field: string, type: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body).not.toHaveProperty("data");
  expect(res.body.errors?.map((e) => [e.message, e.extensions?.code])).toContainEqual([`Cannot query field "${field}" on type "${type}".`, "GRAPHQL_VALIDATION_FAILED"]);
}

/** POSTs any JSON body (a batch, say) with a demo key; returns the status and the parsed body. */
export async function postJson(server: TestServer, payload: unknown, as: string): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.keys[as]}` },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

/** The field names of a type, as introspection lists them. */
export const namesOf = (t: GraphQLNamedType): string[] =>
  isObjectType(t) || isInterfaceType(t) || isInputObjectType(t) ? Object.keys(t.getFields()).sort() : isEnumType(t) ? t.getValues().map((v) => v.name).sort() : [];

/** The data of an introspection query, which must answer 200. */
export async function introspection(server: TestServer, as: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await server.gql(query, variables, as);
  expect(res.status, JSON.stringify(res.body.errors)).toBe(200);
  return res.body.data;
}

/** The field names of a type in a principal's view (null when the type is not in it). */
export async function fieldNames(server: TestServer, as: string, type: string): Promise<string[] | null> {
  const data = await introspection(server, as, `query($t: String!) { __type(name: $t) { fields { name } } }`, { t: type });
  return data.__type?.fields.map((f: { name: string }) => f.name).sort() ?? null;
}

/** The Relay global id of a record, as `node(id:)` takes it. */
export const globalId = (type: string, id: number): string => Buffer.from(`${type}:${id}`).toString("base64");

/** `as` asks for a conditional resource and its owner approves; returns the header stating the purpose. */
export async function grantFor(server: TestServer, as: string, resource: string, owner: string): Promise<Record<string, string>> {
  const purpose = `攻击测试 ${resource}`;
  const requested = await server.gql(
    `mutation($r: String!, $p: String!, $u: DateTime!) { requestAccess(resource: $r, purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
    { r: resource, p: purpose, u: new Date(Date.now() + 3600_000).toISOString() },
    as,
  );
  const id = requested.body.data?.requestAccess?.data?.id;
  if (!id) throw new Error(`requestAccess failed: ${JSON.stringify(requested.body)}`);
  const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { __typename } }`, { id }, owner);
  if (approved.body.data?.approveAccessRequest?.__typename !== "MutationApproveAccessRequestSuccess") throw new Error(`approval failed: ${JSON.stringify(approved.body)}`);
  return { "x-purpose": encodeURIComponent(purpose) };
}

/** Values in clear that denied principals must never see, from known records of the demo data. */
export async function loadSecrets(db: PrismaClient) {
  const e = await db.enterprise.findFirstOrThrow({ where: { retiredAt: null, legalRepresentative: { phone: { not: null } } }, include: { legalRepresentative: true }, orderBy: { id: "asc" } });
  const l = await db.loan.findFirstOrThrow({ where: { retiredAt: null }, include: { borrower: true, lender: true }, orderBy: { id: "asc" } });
  const ydLoan = await db.loan.findFirstOrThrow({ where: { retiredAt: null, borrower: { countyCode: "441704" } }, select: { id: true, contractNo: true }, orderBy: { id: "asc" } });
  const c = await db.fundraisingClue.findFirstOrThrow({ where: { retiredAt: null, informant: { phone: { not: null } } }, include: { informant: true }, orderBy: { id: "asc" } });
  const p = await db.dishonestyRecord.findFirstOrThrow({ where: { deletedAt: null, subjectType: "PERSON" }, include: { person: true }, orderBy: { id: "asc" } });
  // A listed enterprise whose legal representative is not the listed person above.
  const r = await db.dishonestyRecord.findFirstOrThrow({
    where: { deletedAt: null, enterprise: { legalRepresentative: { idNumber: { not: p.person!.idNumber } } } },
    include: { enterprise: { include: { legalRepresentative: true } } },
    orderBy: { id: "asc" },
  });
  return {
    /** an enterprise's legal representative (person.identifiers) */
    rep: { uscc: e.uscc, name: e.legalRepresentative!.name, idNumber: e.legalRepresentative!.idNumber, phone: e.legalRepresentative!.phone! },
    /** a loan, its borrower and its lender (debt.loans) */
    loan: { id: l.id, contractNo: l.contractNo, amount: l.amount.toFixed(), borrowerUscc: l.borrower.uscc, lenderCode: l.lender.code },
    /** a loan to an enterprise of 阳东区 */
    ydLoan,
    /** a clue's informant (fundraising.informant) */
    informed: { clueNo: c.clueNo, idNumber: c.informant!.idNumber, phone: c.informant!.phone! },
    /** a dishonest person (credit.subjectIdNumber) */
    subject: { documentNo: p.documentNo, idNumber: p.person!.idNumber },
    /** a listed enterprise's legal representative (person.identifiers) */
    listed: { documentNo: r.documentNo, repIdNumber: r.enterprise!.legalRepresentative!.idNumber },
  };
}
export type Secrets = Awaited<ReturnType<typeof loadSecrets>>;

/** A mutation the principal may not call is outside its view: its write is answered as one naming a mutation that does not exist. */
export const expectNotCallable = (res: { status: number; body: Body }, mutation: string): void => expectUnknownField(res, mutation, "Mutation");
