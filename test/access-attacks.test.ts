// Attacks on the field-level sharing policy, over HTTP against a real server: every path a denied
// value could take (alias, fragment, interface, union, relation, filter, sort, group, batch,
// introspection, suggestion, error message) is tried, and the value must appear nowhere in the body.
// Tests marked BUG fail on purpose: each names the code at fault.
import { readFileSync } from "node:fs";
import { buildClientSchema, buildSchema, getIntrospectionQuery, validateSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskIdNumber, maskPhone } from "../src/access/masking.ts";
import { onPostgres } from "./helpers/backend.ts";
import { newIdNumber } from "./helpers/factories.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { baselineStatements, expectAbsent, expectForbiddenAt, expectRefusedBeforeSql, expectUnknownField, fieldNames, globalId, grantFor, introspection, loadSecrets, namesOf, postJson } from "./helpers/attack.ts";
import type { Secrets } from "./helpers/attack.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
const YD = "COUNTY:阳东区";
const SDL = buildSchema(readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8"));
const PERSON_FIELDS = namesOf(SDL.getType("Person")!);
const PERSON_WITHOUT_IDENTIFIERS = PERSON_FIELDS.filter((f) => f !== "idNumber" && f !== "phone");

// Values in clear, from the database, that the denied principals must never see; and a clue the
// fundraising office reports with a named informant and a reward.
const reported = { clueNo: `阳处非线〔2018〕${900 + (process.pid % 90)}号`, name: "欧阳测试", idNumber: newIdNumber("441704"), phone: "13900001111", reward: "12345.67" };
let rep: Secrets["rep"], loan: Secrets["loan"], ydLoan: Secrets["ydLoan"], informed: Secrets["informed"], subject: Secrets["subject"], listed: Secrets["listed"];

beforeAll(async () => {
  server = await startTestServer({ scale: 0.2 });
  ({ rep, loan, ydLoan, informed, subject, listed } = await loadSecrets(db()));
  const informant = { name: reported.name, idNumber: reported.idNumber, phone: reported.phone };
  const i = { clueNo: reported.clueNo, amountInvolved: "5000000", county: "441704", description: "攻击测试线索", suspectName: "某投资咨询公司", peopleAffected: 30, receivedOn: "2018-01-10", source: "REPORT", rewardAmount: reported.reward, informant };
  const created = await server.gql(`mutation($i: FundraisingClueInput!) { upsertFundraisingClue(input: $i) { __typename } }`, { i });
  expect(created.body.data?.upsertFundraisingClue?.__typename, JSON.stringify(created.body)).toBe("MutationUpsertFundraisingClueSuccess");
});
afterAll(() => server?.close());

describe(`attacks on the sharing policy (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  describe("aliases, fragments, interfaces and unions", () => {
    it("CREDIT_PLATFORM: the legal representative's ID number under an alias, twice, disguised as `name`, in fragments", async () => {
      const res = await server.gql(`query($u: String!) { enterprise(uscc: $u) { legalRepresentative { realName: name name: idNumber a: idNumber b: idNumber tel: phone } } }`, { u: rep.uscc }, "CREDIT_PLATFORM");
      for (const alias of ["name", "a", "b", "tel"]) expectForbiddenAt(res.body, ["enterprise", "legalRepresentative", alias], "person.identifiers");
      // The field really asked for decides, not its alias: the real name stays readable.
      expect(res.body.data.enterprise.legalRepresentative.realName).toBe(rep.name);
      expectAbsent(res.body, rep.idNumber, maskIdNumber(rep.idNumber), rep.phone, maskPhone(rep.phone));
      // Named and inline fragments on Enterprise and Person.
      const q = `query($u: String!) { enterprise(uscc: $u) { ...E } } fragment E on Enterprise { legalRepresentative { ...P ... on Person { phone } } } fragment P on Person { idNumber }`;
      const frag = await server.gql(q, { u: rep.uscc }, "CREDIT_PLATFORM");
      for (const field of ["idNumber", "phone"]) expectForbiddenAt(frag.body, ["enterprise", "legalRepresentative", field], "person.identifiers");
      expectAbsent(frag.body, rep.idNumber, maskIdNumber(rep.idNumber), rep.phone);
    });

    // PUBLIC_SECURITY reads no loans; a county reads its own county's on request (seed 二(一)2, issue 9).
    it("the Node interface: a loan by global id as PUBLIC_SECURITY and as a county, a legal representative as CREDIT_PLATFORM", async () => {
      const e = await db().enterprise.findUniqueOrThrow({ where: { uscc: rep.uscc } });
      const own = globalId("Enterprise", e.id);
      const q = `query($id: ID!, $own: ID!) { node(id: $id) { __typename id } nodes(ids: [$own, $id]) { __typename id } }`;
      for (const [as, l] of [["PUBLIC_SECURITY", loan], [YD, ydLoan]] as const) {
        // Refused at node and at the loan's item of nodes, before any lookup: an existing id and a
        // missing one look alike, and the other id of nodes is answered.
        const res = await server.gql(q, { id: globalId("Loan", l.id), own }, as);
        const missing = await server.gql(q, { id: globalId("Loan", 99_999_999), own }, as);
        for (const body of [res.body, missing.body]) {
          expect(body.data).toEqual({ node: null, nodes: [as === YD && e.countyCode !== "441704" ? null : { __typename: "Enterprise", id: own }, null] });
          expect(body.errors!.map((x) => [x.path, x.extensions!.code, x.extensions!.resource])).toEqual([
            [["node"], "FORBIDDEN", "debt.loans"],
            [["nodes", 1], "FORBIDDEN", "debt.loans"],
          ]);
          expectForbiddenAt(body, ["nodes", 1], "debt.loans");
        }
        expect(res.status).toBe(200);
        expect(res.body.errors!.map((x) => x.message)).toEqual(missing.body.errors!.map((x) => x.message));
        expectAbsent(res.body, l.contractNo);
        // A fragment on Loan is outside the view of a principal denied loans: as a type that does
        // not exist; for the county (loans on request) it is refused as the node is.
        const typed = await server.gql(`query($id: ID!) { node(id: $id) { ... on Loan { contractNo } } }`, { id: globalId("Loan", l.id) }, as);
        if (as === YD) {
          expectForbiddenAt(typed.body, ["node"], "debt.loans");
          expectAbsent(typed.body, l.contractNo);
        } else {
          expect(typed.status).toBe(400);
          expect(typed.body.errors![0]!.message).toBe('Unknown type "Loan".');
        }
      }
      const res = await server.gql(`query($id: ID!) { node(id: $id) { ... on Enterprise { legalRepresentative { idNumber } } } }`, { id: own }, "CREDIT_PLATFORM");
      expectForbiddenAt(res.body, ["node", "legalRepresentative", "idNumber"], "person.identifiers");
      expectAbsent(res.body, rep.idNumber);
    });

    it("a mutation's success union: PUBLIC_SECURITY files a case and cannot read the informant of the clue it gets back", async () => {
      const q = (informant: string) => `mutation($c: String!) { fileFundraisingCase(clueNo: $c, caseNo: "阳公（经）立字〔2018〕901号", filedOn: "2018-02-01") { __typename
        ... on MutationFileFundraisingCaseSuccess { data { status ${informant} } } ... on MutationError { message } } }`;
      // The informant and the reward are outside its view: the write with them is refused as
      // invalid (as a field that does not exist would be), and nothing is written.
      const refused = await server.gql(q("informant { name idNumber phone } rewardAmount"), { c: reported.clueNo }, "PUBLIC_SECURITY");
      expectUnknownField(refused, "informant", "FundraisingClue");
      expectUnknownField(refused, "rewardAmount", "FundraisingClue");
      expect((await db().fundraisingClue.findUniqueOrThrow({ where: { clueNo: reported.clueNo } })).status).not.toBe("CASE_FILED");
      const res = await server.gql(q("clueNo"), { c: reported.clueNo }, "PUBLIC_SECURITY");
      expect(res.body.data.fileFundraisingCase).toMatchObject({ __typename: "MutationFileFundraisingCaseSuccess", data: { status: "CASE_FILED", clueNo: reported.clueNo } });
      expectAbsent([refused.body, res.body], reported.name, reported.idNumber, reported.phone, reported.reward);
    });

    it("a non-writer's write is refused whole (no MutationError, nothing written); a writer's result holds only what it may read", async () => {
      const e = await db().enterprise.findFirstOrThrow({ where: { retiredAt: null, countyCode: "441704", legalRepresentativeId: { not: null }, loans: { some: { retiredAt: null } } }, include: { legalRepresentative: true, loans: true } });
      const q = (data: string) => `mutation($u: String!, $z: Boolean!) { setZombieStatus(uscc: $u, isZombie: $z) { __typename ... on MutationError { message }
        ... on MutationSetZombieStatusSuccess { data { ${data} } } } }`;
      // The county may not call it: outside its view, as a mutation that does not exist.
      const refused = await server.gql(q("isZombie"), { u: e.uscc, z: !e.isZombie }, YD);
      expectUnknownField(refused, "setZombieStatus", "Mutation");
      expect(await db().enterprise.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ isZombie: e.isZombie, version: e.version });
      // INDUSTRY_IT writes it, and reads no legal representatives: selecting them in the result
      // makes the write invalid, and nothing is written.
      const overreach = await server.gql(q("isZombie legalRepresentative { idNumber }"), { u: e.uscc, z: !e.isZombie }, "INDUSTRY_IT");
      expectUnknownField(overreach, "legalRepresentative", "Enterprise");
      expect(await db().enterprise.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ isZombie: e.isZombie, version: e.version });
      // It reads the zombies' loans on request only (seed 二(四)3): without a grant they are denied in the result.
      const written = await server.gql(q("isZombie name loans(first: 50) { nodes { contractNo } }"), { u: e.uscc, z: !e.isZombie }, "INDUSTRY_IT");
      expect(written.body.data.setZombieStatus.data).toEqual({ isZombie: !e.isZombie, name: e.name, loans: null });
      expectForbiddenAt(written.body, ["setZombieStatus", "data", "loans"], "debt.loans");
      expectAbsent([refused.body, overreach.body, written.body], e.legalRepresentative!.idNumber, ...e.loans.map((l) => l.contractNo));
    });
  });

  describe("relations from readable types", () => {
    it("Enterprise.loans and Institution.loans: outside PUBLIC_SECURITY's view (no loans), denied to DEVELOPMENT_REFORM (loans on request)", async () => {
      const q = `query($u: String!, $c: String!) { enterprise(uscc: $u) { name loans(first: 50) { nodes { contractNo } } } institution(code: $c) { name loans(first: 50) { nodes { contractNo amount } } } }`;
      const fiscal = await server.gql(q, { u: loan.borrowerUscc, c: loan.lenderCode }, "PUBLIC_SECURITY");
      expectUnknownField(fiscal, "loans", "Enterprise");
      expectUnknownField(fiscal, "loans", "Institution");
      const res = await server.gql(q, { u: loan.borrowerUscc, c: loan.lenderCode }, "DEVELOPMENT_REFORM");
      expect(res.body.data.enterprise.name).toEqual(expect.any(String));
      expectForbiddenAt(res.body, ["enterprise", "loans"], "debt.loans");
      expectForbiddenAt(res.body, ["institution", "loans"], "debt.loans");
      // A denied relation is not loaded with its parent: the answer costs what it costs without it.
      const without = await server.gql(`query($u: String!, $c: String!) { enterprise(uscc: $u) { name } institution(code: $c) { name } }`, { u: loan.borrowerUscc, c: loan.lenderCode }, "DEVELOPMENT_REFORM");
      expect(res.body.extensions!.statements).toBe(without.body.extensions!.statements);
      expectAbsent([fiscal.body, res.body], loan.contractNo);
    });

    it("a county granted guarantees cannot read the guaranteed loan (Guarantee.loan); the grant needs its stated purpose", async () => {
      const g = await db().guarantee.findFirstOrThrow({ where: { retiredAt: null, loan: { retiredAt: null }, borrower: { countyCode: "441704" }, guarantor: { countyCode: "441704" } }, include: { loan: true }, orderBy: { id: "asc" } });
      const q = `query($c: String!) { guarantee(contractNo: $c) { contractNo } }`;
      const purpose = await grantFor(server, YD, "debt.guarantees", "CBRC");
      const unstated = await server.gql(q, { c: g.contractNo }, YD);
      expectForbiddenAt(unstated.body, ["guarantee"], "debt.guarantees");
      expect(unstated.body.errors![0]!.message).toBe("Forbidden: debt.guarantees is granted for a stated purpose: send it in the X-Purpose header.");
      const res = await server.gql(q, { c: g.contractNo }, YD, purpose);
      expect(res.body.data.guarantee.contractNo).toBe(g.contractNo);
      // The loan is another resource (debt.loans, on request for a county): granted guarantees
      // do not open it.
      const withLoan = await server.gql(`query($c: String!) { guarantee(contractNo: $c) { contractNo loan { contractNo amount } } }`, { c: g.contractNo }, YD, purpose);
      expect(withLoan.body.data.guarantee.contractNo).toBe(g.contractNo);
      for (const field of ["contractNo", "amount"]) expectForbiddenAt(withLoan.body, ["guarantee", "loan", field], "debt.loans");
      expectAbsent([res.body, withLoan.body], g.loan!.contractNo, g.loan!.amount.toFixed());
    });

    it("PBOC reaches a clue's informant neither through the clue, the list of clues nor each county's clues", async () => {
      const paths = [
        `fundraisingClue(clueNo: $c) { clueNo informant { idNumber name phone } }`,
        `fundraisingClue(clueNo: $c) { clueNo rewardAmount }`,
        `fundraisingClues(first: 500) { nodes { informant { idNumber } } }`,
        `counties { fundraisingClues(first: 500) { nodes { informant { phone } } } }`,
      ];
      const bodies = [];
      for (const path of paths) {
        // The informant (and the reward) are outside PBOC's view: as fields that do not exist.
        const res = await server.gql(`query($c: String!) { ${path} }`, { c: informed.clueNo }, "PBOC");
        expectUnknownField(res, path.includes("rewardAmount") ? "rewardAmount" : "informant", "FundraisingClue");
        bodies.push(res.body);
      }
      const clues = await server.gql(`query($c: String!) { fundraisingClue(clueNo: $c) { clueNo } fundraisingClues(first: 500) { nodes { clueNo } } }`, { c: informed.clueNo }, "PBOC");
      expect(clues.body.data.fundraisingClue.clueNo).toBe(informed.clueNo);
      expect(clues.body.data.fundraisingClues.nodes.length).toBeGreaterThan(1);
      expectAbsent([...bodies, clues.body], informed.idNumber, informed.phone, reported.idNumber, reported.phone, reported.name);
    });

    it("CREDIT_PLATFORM: an ID number follows the link that reached the person, whatever the aliases", async () => {
      const q = `query($p: String!, $e: String!) { subject: dishonestyRecord(documentNo: $p) { person { idNumber } } listed: dishonestyRecord(documentNo: $e) { person: enterprise { legalRepresentative { idNumber } } } }`;
      const res = await server.gql(q, { p: subject.documentNo, e: listed.documentNo }, "CREDIT_PLATFORM");
      // A dishonest person's ID number is the credit platform's to read (credit.subjectIdNumber = R),
      // a listed enterprise's legal representative's is not (person.identifiers = –).
      expect(res.body.data.subject.person.idNumber).toBe(subject.idNumber);
      expectForbiddenAt(res.body, ["listed", "person", "legalRepresentative", "idNumber"], "person.identifiers");
      expectAbsent(res.body, listed.repIdNumber, maskIdNumber(listed.repIdNumber));
    });

    // BUG (src/access/shield.ts historyRule + src/writes/history.type.ts ChangeRecord.changes/fields):
    // a clue's history is open to PUBLIC_SECURITY (an owner of fundraising.clues), and each change
    // lists every column, rewardAmount and informantId included, which fundraising.informant denies it.
    it("PUBLIC_SECURITY cannot read the informant's reward or id through the clue's change history", async () => {
      expectUnknownField(await server.gql(`query($c: String!) { fundraisingClue(clueNo: $c) { rewardAmount } }`, { c: reported.clueNo }, "PUBLIC_SECURITY"), "rewardAmount", "FundraisingClue");
      const res = await server.gql(`query($c: String!) { fundraisingClue(clueNo: $c) { history(first: 10) { nodes { action changes } } } }`, { c: reported.clueNo }, "PUBLIC_SECURITY");
      const history = res.body.data.fundraisingClue.history.nodes as { action: string; changes: string }[];
      expect(history.map((n) => n.action)).toContain("CREATE");
      expectAbsent(res.body, reported.reward);
      expect(history.flatMap((n) => Object.keys(JSON.parse(n.changes)))).not.toContain("informantId");
    });
  });

  describe("filters, sorts and groups on data that cannot be read are refused before any SQL", () => {
    it("DEVELOPMENT_REFORM (loans on request, no grant) filtering and sorting loans, inline and through variables", async () => {
      const base = await baselineStatements(server, "DEVELOPMENT_REFORM");
      const cases = [
        [`{ loans(first: 5, filter: { classification: [LOSS] }) { nodes { contractNo } } }`, {}, "LoanFilter.classification"],
        [`query($f: LoanFilter) { loans(first: 5, filter: $f) { nodes { contractNo } } }`, { f: { balance: { min: "987654321" } } }, "LoanFilter.balance"],
        [`query($o: [LoanOrder!]) { loans(first: 5, orderBy: $o) { nodes { contractNo } } }`, { o: [{ field: "BALANCE", direction: "DESC" }] }, /^LoanOrder/],
      ] as const;
      for (const [query, variables, input] of cases) {
        const res = await server.gql(query, variables, "DEVELOPMENT_REFORM");
        expectRefusedBeforeSql(res.body, ["loans"], { resource: "debt.loans", input: typeof input === "string" ? input : expect.stringMatching(input) }, base);
        // The message names the input and the resource, never the value given.
        expect(res.body.errors![0]!.message).toBe(`Forbidden: filtering, ordering or grouping on ${res.body.errors![0]!.extensions!.input} needs clear read access to debt.loans.`);
        expectAbsent(res.body, "987654321");
      }
    });

    it("DEVELOPMENT_REFORM grouping loan balances, filtering institutions' loans, sorting guarantees: each field denied alone, its siblings answered; sorting enterprises is fine", async () => {
      const base = await baselineStatements(server, "DEVELOPMENT_REFORM");
      const institutions = `institutions(first: 3) { nodes { name } }`;
      const alone = await server.gql(`{ ${institutions} }`, {}, "DEVELOPMENT_REFORM");
      const siblingStatements = alone.body.extensions!.statements as number;
      const refused = [
        [`{ loanBalances(groupBy: [COUNTY]) { countyCode totalBalance } }`, ["loanBalances"], "debt.loans", "LoanGroupKey.COUNTY", 0],
        [`{ guarantees(first: 5, orderBy: [{ field: AMOUNT }]) { nodes { contractNo } } }`, ["guarantees"], "debt.guarantees", expect.stringMatching(/^GuaranteeOrder/), 0],
        // Each institution's loans are denied, the institutions are read (and nothing more).
        [`{ institutions(first: 3) { nodes { name loans(first: 5, filter: { amount: { min: "1" } }) { nodes { contractNo } } } } }`, ["institutions", "nodes", 2, "loans"], "debt.loans", "LoanFilter.amount", siblingStatements],
        [`{ loanBalances(groupBy: [LENDER]) { totalBalance } ${institutions} }`, ["loanBalances"], "debt.loans", "LoanGroupKey.LENDER", siblingStatements],
      ] as const;
      for (const [query, path, resource, input, statements] of refused) {
        const res = await server.gql(query, {}, "DEVELOPMENT_REFORM");
        expect(res.status).toBe(200);
        expectRefusedBeforeSql(res.body, path, { resource, input }, base, statements);
        if (query.includes("institutions")) expect(res.body.data.institutions.nodes.map((n: { name: string }) => n.name)).toEqual(alone.body.data.institutions.nodes.map((n: { name: string }) => n.name));
      }
      const nested = await server.gql(refused[2][0], {}, "DEVELOPMENT_REFORM");
      // One error for the three places, each listed in extensions.access.
      expect(nested.body.errors).toHaveLength(1);
      expect(nested.body.errors![0]!.extensions).toMatchObject({ coordinate: "Institution.loans", count: 3 });
      for (const i of [0, 1, 2]) expectForbiddenAt(nested.body, ["institutions", "nodes", i, "loans"], "debt.loans");
      const ok = await server.gql(`{ enterprises(first: 3, orderBy: [{ field: REGISTERED_CAPITAL, direction: DESC }, { field: USCC }]) { nodes { uscc } } }`, {}, "FISCAL");
      const top = await db().enterprise.findMany({ where: { retiredAt: null }, orderBy: [{ registeredCapital: "desc" }, { uscc: "asc" }], take: 3 });
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.enterprises.nodes.map((n: { uscc: string }) => n.uscc)).toEqual(top.map((e) => e.uscc));
    });

    it("PBOC grouping government debt (shared on request) is refused; with no group key the field itself is denied and its SQL never runs; the dishonesty counts CREDIT_PLATFORM may read add up", async () => {
      const base = await baselineStatements(server, "PBOC");
      expectRefusedBeforeSql((await server.gql(`{ governmentDebtTotals(groupBy: [COUNTY]) { balance } }`, {}, "PBOC")).body, ["governmentDebtTotals"], { resource: "government.debt", input: "GovernmentDebtGroupKey.COUNTY" }, base);
      // No group key to refuse: the field itself is denied, and its resolver (the SQL) never runs.
      const total = await server.gql(`{ governmentDebtTotals(groupBy: []) { balance } }`, {}, "PBOC");
      expectForbiddenAt(total.body, ["governmentDebtTotals"], "government.debt");
      expect(total.body.extensions!.statements).toBe(0);
      // Outside CREDIT_PLATFORM's view altogether: as fields that do not exist.
      expectUnknownField(await server.gql(`{ fundraisingClueCounts(groupBy: [STATUS]) { count } }`, {}, "CREDIT_PLATFORM"), "fundraisingClueCounts", "Query");
      expectUnknownField(await server.gql(`{ governmentDebtTotals(groupBy: [COUNTY]) { balance } }`, {}, "CREDIT_PLATFORM"), "governmentDebtTotals", "Query");
      const counts = await server.gql(`{ dishonestyRecordCounts(groupBy: [SUBJECT_TYPE]) { count } }`, {}, "CREDIT_PLATFORM");
      const sum = counts.body.data.dishonestyRecordCounts.reduce((s: number, c: { count: number }) => s + c.count, 0);
      expect(sum).toBe(await db().dishonestyRecord.count({ where: { deletedAt: null } }));
    });

    it("a refused filter denies its field as any partial denial does (HTTP 200); mixed introspection is a client error (400)", async () => {
      expect((await server.gql(`{ loanBalances(groupBy: [COUNTY]) { totalBalance } }`, {}, "DEVELOPMENT_REFORM")).status).toBe(200);
      expect((await server.gql(`{ __schema { queryType { name } } enterprises(first: 1) { totalCount } }`, {}, YD)).status).toBe(400);
    });
  });

  describe("batched requests", () => {
    it("20 operations in one POST: each with its own permissions, statement count and audit entry", async () => {
      const base = await baselineStatements(server, "DEVELOPMENT_REFORM");
      const QUERIES = {
        Ok: `{ enterprises(first: 1) { totalCount } }`,
        Denied: `($c: String!) { loan(contractNo: $c) { contractNo amount } }`,
        Refused: `{ loanBalances(groupBy: [LENDER]) { totalBalance } }`,
        Masked: `($u: String!) { enterprise(uscc: $u) { legalRepresentative { idNumber } } }`,
        Hidden: `{ fundraisingClues(first: 1) { totalCount } }`,
      };
      const kinds = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
      const ops = Array.from({ length: 20 }, (_, i) => ({ kind: kinds[i % kinds.length]!, name: `${kinds[i % kinds.length]}${i}` }));
      const lastAudit = (await db().auditEntry.findFirst({ orderBy: { id: "desc" } }))?.id ?? -1n;
      const variables = (kind: string) => (kind === "Denied" ? { c: loan.contractNo } : kind === "Masked" ? { u: rep.uscc } : {});
      const res = await postJson(server, ops.map((o) => ({ query: `query ${o.name}${QUERIES[o.kind]}`, operationName: o.name, variables: variables(o.kind) })), "DEVELOPMENT_REFORM");
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(20);
      const enterprises = await db().enterprise.count({ where: { retiredAt: null } });
      ops.forEach((op, i) => {
        const body = res.body[i];
        if (op.kind === "Ok") expect(body).toMatchObject({ data: { enterprises: { totalCount: enterprises } }, extensions: { statements: 1 } });
        if (op.kind === "Denied") expectForbiddenAt(body, ["loan"], "debt.loans");
        if (op.kind === "Refused") expectRefusedBeforeSql(body, ["loanBalances"], { resource: "debt.loans", input: "LoanGroupKey.LENDER" }, base);
        if (op.kind === "Masked") expect(body.data.enterprise.legalRepresentative.idNumber).toBe(maskIdNumber(rep.idNumber));
        if (op.kind === "Hidden") expectUnknownField({ status: 400, body }, "fundraisingClues", "Query");
      });
      expectAbsent(res.body, loan.contractNo, loan.amount, rep.idNumber);
      // One audit entry per operation that returned data (one outside the view returns none), each its own.
      const entries = await db().auditEntry.findMany({ where: { id: { gt: lastAudit } }, orderBy: { id: "asc" } });
      expect(entries.map((e) => e.operationName).sort()).toEqual(ops.filter((o) => o.kind !== "Hidden").map((o) => o.name).sort());
      for (const e of entries) {
        const kind = e.operationName!.replace(/\d+$/, "");
        expect(e).toMatchObject({ agency: "DEVELOPMENT_REFORM", deniedFields: kind === "Denied" || kind === "Refused" ? 1 : 0, maskedFields: kind === "Masked" ? 1 : 0 });
      }
    });

    it("a batch over the limit (20) is refused whole, before any operation runs", async () => {
      const before = await db().auditEntry.count();
      const res = await postJson(server, Array.from({ length: 21 }, () => ({ query: `{ enterprises(first: 1) { totalCount } }` })), "FISCAL");
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: "BATCH_LIMIT", max: 20 });
      expect(await db().auditEntry.count()).toBe(before);
    });
  });

  describe("introspection", () => {
    const introspect = (as: string, query: string) => introspection(server, as, query);
    const fieldsOf = (as: string, type: string) => fieldNames(server, as, type);

    // BUG (src/access/schema-view.ts schemaViewFor): filterSchema drops the `id` of Node types whose
    // resource is denied, pruneSchema keeps those types (they implement Node), and the view is an
    // invalid schema: introspection answers 500 to every principal but FINANCE_BUREAU, PBOC and CBRC.
    it("a county, the credit platform and PUBLIC_SECURITY see only what they may read or request", async () => {
      expect(await fieldsOf(YD, "Person")).toEqual(PERSON_WITHOUT_IDENTIFIERS);
      // The credit platform reads a dishonest person's ID number and phone (credit.subjectIdNumber).
      expect(await fieldsOf("CREDIT_PLATFORM", "Person")).toEqual(PERSON_FIELDS);
      expect(await fieldsOf("CREDIT_PLATFORM", "FundraisingClue")).toBeNull();
      expect(await fieldsOf("PBOC", "FundraisingClue")).not.toContain("informant");
      const hidden = { [YD]: ["InformantInput", "ApiKey", "AuditChainVerdict"], CREDIT_PLATFORM: ["Loan", "FundraisingClue", "GovernmentDebt"], PUBLIC_SECURITY: ["Loan", "LoanBalance"] };
      for (const [as, types] of Object.entries(hidden)) {
        const names = (await introspect(as, `{ __schema { types { name } } }`)).__schema.types.map((t: { name: string }) => t.name);
        // Conditional resources stay visible, so that they can be requested.
        expect(names).toEqual(expect.arrayContaining(as === YD ? ["Enterprise", "Guarantee", "Loan"] : ["Enterprise"]));
        for (const name of types) expect(names, `${as} sees ${name}`).not.toContain(name);
      }
      // A view is a schema a client can build and validate.
      expect(validateSchema(buildClientSchema(await introspect(YD, getIntrospectionQuery())))).toEqual([]);
    });

    it("FINANCE_BUREAU sees the whole schema of schema/schema.graphql", async () => {
      const data = await introspect("FINANCE_BUREAU", `{ __schema { types { name fields(includeDeprecated: true) { name } inputFields(includeDeprecated: true) { name } enumValues(includeDeprecated: true) { name } } } }`);
      type T = { name: string; fields?: { name: string }[]; inputFields?: { name: string }[]; enumValues?: { name: string }[] };
      const got = (data.__schema.types as T[]).filter((t) => !t.name.startsWith("__")).map((t) => [t.name, (t.fields ?? t.inputFields ?? t.enumValues ?? []).map((f) => f.name).sort()]);
      const expected = Object.values(SDL.getTypeMap()).filter((t) => !t.name.startsWith("__")).map((t) => [t.name, namesOf(t)]);
      expect(got.sort()).toEqual(expected.sort());
    });

    it("introspection mixed with data in one operation is refused", async () => {
      const res = await server.gql(`{ __schema { queryType { name } } enterprises(first: 1) { totalCount } }`, {}, YD);
      expect(res.body).not.toHaveProperty("data");
      expect(res.body.errors).toMatchObject([{ message: "Send introspection (__schema, __type) in an operation of its own.", extensions: { code: "BAD_USER_INPUT" } }]);
    });

    // BUG (src/access/access.plugin.ts introspectionKind): only the operation's top-level fields are
    // looked at, so __type/__schema inside a fragment runs on the full schema, even beside data.
    it("introspection inside a fragment is answered from the principal's view, and refused when mixed", async () => {
      const inline = await server.gql(`{ ... on Query { __type(name: "Person") { fields { name } } } }`, {}, YD);
      expect(inline.body.data?.__type?.fields.map((f: { name: string }) => f.name).sort()).toEqual(PERSON_WITHOUT_IDENTIFIERS);
      const named = await server.gql(`query { ...F } fragment F on Query { __type(name: "FundraisingClue") { fields { name } } }`, {}, "PBOC");
      expect(JSON.stringify(named.body)).not.toContain("informant");
      const mixed = await server.gql(`{ ... on Query { __type(name: "Person") { name } enterprises(first: 1) { totalCount } } }`, {}, YD);
      expect(mixed.body).not.toHaveProperty("data");
      expect(mixed.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    });
  });

  describe("suggestions", () => {
    const PROBES = [
      ["PBOC", `{ fundraisingClue(clueNo: "x") { informnt { name } } }`, {}, "informant"],
      [YD, `{ enterprise(uscc: "x") { legalRepresentative { idNumbr } } }`, {}, "idNumber"],
      ["CREDIT_PLATFORM", `{ fundraisingClues(filter: { amountInvolve: { min: "1" } }) { totalCount } }`, {}, "amountInvolved"],
      [YD, `{ loans(filtr: {}) { totalCount } }`, {}, '"filter"'],
      [YD, `query($o: [EnterpriseOrder!]) { enterprises(first: 1, orderBy: $o) { totalCount } }`, { o: [{ field: "NAM" }] }, "NAME"],
    ] as const;

    it("a misspelled field, argument or enum value (variables included) gets no suggestion, except for FINANCE_BUREAU", async () => {
      for (const [as, query, variables, real] of PROBES) {
        const res = await server.gql(query, variables, as);
        expect(res.status).toBe(400);
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors![0]!.message).not.toMatch(/Did you mean/);
        expectAbsent(res.body.errors![0]!.message, real);
        expect((await server.gql(query, variables, "FINANCE_BUREAU")).body.errors![0]!.message).toContain("Did you mean");
      }
    });

    // BUG (src/access/access.plugin.ts stripSuggestions): outside production each error carries
    // extensions.stacktrace, whose first line is the original message, suggestion included.
    it("the suggestion is nowhere else in the response either (stack traces)", async () => {
      for (const [as, query, variables, real] of PROBES) {
        const res = await server.gql(query, variables, as);
        expect(JSON.stringify(res.body)).not.toContain("Did you mean");
        expectAbsent(res.body, real);
      }
    });
  });

  it("a denial names the resource and the rule, never the value; a conditional one says how to request access", async () => {
    const denied = await server.gql(`query($u: String!) { enterprise(uscc: $u) { legalRepresentative { idNumber } } }`, { u: rep.uscc }, "CREDIT_PLATFORM");
    expect(denied.body.errors).toMatchObject([{ message: "Forbidden: person.identifiers is not shared with CREDIT_PLATFORM.", extensions: { code: "FORBIDDEN", resource: "person.identifiers", sharing: "DENY" } }]);
    const conditional = await server.gql(`query($c: String!) { loan(contractNo: $c) { contractNo amount } }`, { c: loan.contractNo }, "DEVELOPMENT_REFORM");
    const howTo = "Forbidden: debt.loans is shared on request only: request access with requestAccess and wait for the owner's approval.";
    expect(conditional.body.errors).toMatchObject([{ message: howTo, extensions: { code: "FORBIDDEN", resource: "debt.loans", sharing: "CONDITIONAL" } }]);
    expectAbsent(denied.body, rep.idNumber);
    expectAbsent(conditional.body, loan.contractNo, loan.amount);
  });
});
