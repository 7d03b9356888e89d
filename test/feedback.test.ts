// Issue 10 items 2–4 over HTTP (and WebSocket, and webhooks) against a real server and database:
// correction notices downstream (one per change per recipient, from the read audit, no value the
// recipient may no longer read), 校核 disputes (received or readable, answered within the deadline,
// linked in the record's history, overdue ones escalated), and joint punishment 发起→响应→反馈
// (three agencies, one overdue; credit repair ends open cases and tells every acting agency).
//
// The server runs on the business clock 2019-01-08; deadlines are swept as the alert runner's
// sweep does it (sweepFeedbackDeadlines with a business date), as test/alerts-api.test.ts does.
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { mutationDocument } from "./helpers/mutations.ts";
import { bearer, subscriber, type Subscriber } from "./helpers/subscriptions.ts";
import { Receiver, until } from "./helpers/webhooks.ts";
import { insertNotices } from "../src/notices/notify.ts";
import { sweepFeedbackDeadlines } from "../src/notices/deadlines.ts";
import { COLUMNS, MATRIX, shippedCell } from "../src/access/policy/matrix.ts";

let server: TestServer;
let db: PrismaClient;
const subscribers: Subscriber[] = [];
const receivers: Receiver[] = [];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { CLOCK: "2019-01-08", WEBHOOK_POLL_MS: "200" } });
  db = server.running.db.prisma;
});
afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.dispose().catch(() => {})));
  await Promise.all(receivers.map((r) => r.stop()));
  await server?.close();
});

const RESULT = `__typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } ... on ConflictError { currentVersion } ... on NotFoundError { message }`;
/** Runs a mutation; returns its result (a Success with data, or a typed error). */
async function act(name: string, args: Record<string, unknown>, as: string, selection = "id"): Promise<any> {
  const success = `Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success`;
  const res = await server.gql(mutationDocument(name, Object.keys(args), `${RESULT} ... on ${success} { data { ${selection} } }`), args, as);
  if (res.body.errors) return { errors: res.body.errors };
  return res.body.data![name];
}
async function ok(name: string, args: Record<string, unknown>, as: string, selection = "id"): Promise<any> {
  const result = await act(name, args, as, selection);
  if (!result?.__typename?.endsWith("Success")) throw new Error(`${name} as ${as}: ${JSON.stringify(result)}`);
  return result.data;
}

let seq = 0;
const BANK = "B0001H244170001";
async function newLoan(): Promise<{ id: string; dbId: number; contractNo: string }> {
  const borrower = (await db.enterprise.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } })).uscc;
  const contractNo = `FEEDBACK${process.pid}L${String(++seq).padStart(4, "0")}`;
  const input = { contractNo, lender: BANK, borrower, amount: "5000000.00", balance: "4000000.00", interestRate: "0.0435", startDate: "2017-03-01", maturityDate: "2019-03-01", purpose: "流动资金周转", classification: "NORMAL" };
  const data = await ok("upsertLoan", { input }, "CBRC", "id");
  const row = await db.loan.findUniqueOrThrow({ where: { contractNo } });
  return { id: data.id, dbId: row.id, contractNo };
}
const loanInputOf = async (contractNo: string, change: Record<string, unknown>) => {
  const l = await db.loan.findUniqueOrThrow({ where: { contractNo }, include: { lender: true, borrower: true } });
  return {
    contractNo, lender: l.lender.code, borrower: l.borrower.uscc, amount: l.amount.toFixed(2), balance: l.balance.toFixed(2), interestRate: l.interestRate.toString(),
    startDate: l.startDate.toISOString().slice(0, 10), maturityDate: l.maturityDate.toISOString().slice(0, 10), purpose: l.purpose, classification: l.classification,
    expectedVersion: l.version, ...change,
  };
};
const readLoan = (id: string, as: string, selection: string) => server.gql(`query($id: ID!) { node(id: $id) { ... on Loan { ${selection} } } }`, { id }, as);

const NOTICE = `id kind recordType record recordKey fields acknowledged endedCases dispute punishmentCase`;
const noticesOf = async (as: string, record: string) => {
  const res = await server.gql(`query { notices(first: 500) { ${NOTICE} } }`, {}, as);
  expect(res.body.errors, JSON.stringify(res.body)).toBeUndefined();
  return (res.body.data!.notices as any[]).filter((n) => n.record === record);
};

/** A SYSTEM key of an agency (webhooks are an agency system's). */
async function systemKey(agency: string): Promise<string> {
  const data = await ok("createApiKey", { input: { agency, name: `feedback-${agency.toLowerCase()}-${++seq}`, kind: "SYSTEM" } }, "FINANCE_BUREAU", "key");
  server.keys[`system:${data.key}`] = data.key;
  return data.key;
}

/** Subscribes to noticeReceived and waits until a notice written for it arrives: then it is listening. */
async function listening(label: string, agency: "PBOC" | "FINANCE_BUREAU" | "CBRC" | "DEVELOPMENT_REFORM"): Promise<Subscriber> {
  const s = subscriber(server.url, bearer(server.keys[label]!), `subscription { noticeReceived { ${NOTICE} } }`);
  subscribers.push(s);
  const deadline = Date.now() + 30_000;
  while (!s.received.some((r) => r.data?.noticeReceived?.recordType === "WarmUp")) {
    if (Date.now() > deadline || s.error) throw new Error(`${label} did not start listening: ${JSON.stringify({ received: s.received, error: s.error })}`);
    await db.$transaction((tx) => insertNotices(tx, [{ agency, countyCode: null, kind: "CORRECTED", entityType: "WarmUp", entityId: 0, entityKey: "warm-up", fields: [] }]), { maxWait: 15_000 });
    await new Promise((r) => setTimeout(r, 200));
  }
  return s;
}

describe(`correction notices downstream, on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("a loan read earlier by two agencies, then corrected: each gets exactly one notice, by inbox, subscription and webhook, with no value it may no longer read", { timeout: 120_000 }, async () => {
    const loan = await newLoan();
    const [pbocSub, finSub] = [await listening("PBOC", "PBOC"), await listening("FINANCE_BUREAU", "FINANCE_BUREAU")];
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    const pbocSystem = await systemKey("PBOC");
    await ok("registerWebhookEndpoint", { input: { url: receiver.url, topics: ["NOTICE_CORRECTION"] } }, `system:${pbocSystem}`, "endpoint { id }");

    // FINANCE_BUREAU reads contract number, balance and classification; PBOC reads twice, never the classification.
    expect((await readLoan(loan.id, "FINANCE_BUREAU", "contractNo balance classification")).body.data!.node).toEqual({ contractNo: loan.contractNo, balance: "4000000", classification: "NORMAL" });
    expect((await readLoan(loan.id, "PBOC", "contractNo balance")).body.data!.node.balance).toBe("4000000");
    expect((await readLoan(loan.id, "PBOC", "purpose")).body.data!.node.purpose).toBe("流动资金周转");
    // Then the policy closes loans to PBOC: it may no longer read them.
    await ok("setPolicyCell", { resource: "debt.loans", principal: "PBOC", sharing: "DENY", reason: "测试：收回人行对贷款的读取权限" }, "FINANCE_BUREAU", "name");
    const closed = await readLoan(loan.id, "PBOC", "balance");
    expect(["FORBIDDEN", "GRAPHQL_VALIDATION_FAILED"]).toContain(closed.body.errors?.[0]?.extensions?.code);
    expect(closed.body.data?.node?.balance).toBeUndefined();

    // The owner corrects the balance and the classification.
    await ok("upsertLoan", { input: await loanInputOf(loan.contractNo, { balance: "3500000.00", classification: "SPECIAL_MENTION" }) }, "CBRC");

    const fin = await noticesOf("FINANCE_BUREAU", loan.id);
    const pboc = await noticesOf("PBOC", loan.id);
    expect(fin).toEqual([{ id: expect.any(String), kind: "CORRECTED", recordType: "Loan", record: loan.id, recordKey: loan.contractNo, fields: ["balance", "classification"], acknowledged: false, endedCases: [], dispute: null, punishmentCase: null }]);
    // PBOC received balance (not the classification) and may no longer read loans: no key, no value.
    expect(pboc).toEqual([{ id: expect.any(String), kind: "CORRECTED", recordType: "Loan", record: loan.id, recordKey: null, fields: ["balance"], acknowledged: false, endedCases: [], dispute: null, punishmentCase: null }]);
    expect(await noticesOf("CBRC", loan.id)).toEqual([]);
    expect(await db.notice.count({ where: { entityType: "Loan", entityId: loan.dbId } })).toBe(2);

    // The same notice by subscription, once each, as the recipient may see it now.
    const pbocEvent = await pbocSub.until((r) => r.data?.noticeReceived?.record === loan.id);
    expect(pbocEvent.data!.noticeReceived).toEqual(pboc[0]);
    expect((await finSub.until((r) => r.data?.noticeReceived?.record === loan.id)).data!.noticeReceived).toEqual(fin[0]);
    // And by webhook to PBOC's system: field names, no key, no value (old or new).
    const delivery = await until("the notice's webhook", () => receiver.requests.find((r) => JSON.parse(r.body).data?.record === loan.id));
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ topic: "notice.correction", kind: "CORRECTED", data: { kind: "CORRECTED", recordType: "Loan", record: loan.id, recordKey: null, fields: ["balance"] } });
    for (const value of [loan.contractNo, "3500000", "4000000", "SPECIAL_MENTION", "流动资金"]) expect(delivery.body).not.toContain(value);

    // A correction of a field nobody received tells nobody.
    await ok("upsertLoan", { input: await loanInputOf(loan.contractNo, { interestRate: "0.0500" }) }, "CBRC");
    expect(await db.notice.count({ where: { entityType: "Loan", entityId: loan.dbId } })).toBe(2);
    expect(pbocSub.received.filter((r) => r.data?.noticeReceived?.record === loan.id)).toHaveLength(1);
    expect(finSub.received.filter((r) => r.data?.noticeReceived?.record === loan.id)).toHaveLength(1);

    // Acknowledging: once, and only one's own.
    expect(await act("acknowledgeNotice", { id: pboc[0].id }, "FINANCE_BUREAU")).toMatchObject({ __typename: "NotFoundError" });
    expect(await ok("acknowledgeNotice", { id: pboc[0].id }, "PBOC", "acknowledged acknowledgedBy")).toEqual({ acknowledged: true, acknowledgedBy: expect.stringMatching(/pboc/i) });
    expect(await act("acknowledgeNotice", { id: pboc[0].id }, "PBOC")).toMatchObject({ __typename: "ConflictError" });
    const open = await server.gql(`query { notices(acknowledged: false, first: 500) { id } }`, {}, "PBOC");
    expect((open.body.data!.notices as { id: string }[]).map((n) => n.id)).not.toContain(pboc[0].id);
    const bad = await server.gql(`mutation { acknowledgeNotice(id: "not-an-id") { __typename } }`, {}, "PBOC");
    expect(bad.body.errors?.[0]).toMatchObject({ message: 'id: "not-an-id" is not a notice\'s global id', extensions: { code: "BAD_USER_INPUT" } });

    await ok("setPolicyCell", { resource: "debt.loans", principal: "PBOC", sharing: "READ", reason: "测试结束：恢复" }, "FINANCE_BUREAU", "name");
  });

  it("a retirement tells every agency that received the record, whatever fields it read", async () => {
    const loan = await newLoan();
    await readLoan(loan.id, "FINANCE_BUREAU", "purpose");
    await ok("retireLoan", { contractNo: loan.contractNo }, "CBRC");
    expect(await noticesOf("FINANCE_BUREAU", loan.id)).toMatchObject([{ kind: "RETIRED", fields: [] }]);
    expect(await noticesOf("PBOC", loan.id)).toEqual([]);
  });
});

describe("校核: disputes and their answers", () => {
  it("a recipient disputes a field it received; the owner corrects and accepts; all of it in the record's history", async () => {
    const loan = await newLoan();
    await readLoan(loan.id, "PBOC", "balance");
    const args = { record: loan.id, fields: ["balance"], reason: "与本行征信系统报送余额不一致", evidence: "征信系统2018-12-31报送余额为380万元" };
    // Bad input names the field and the rule; a record one may not read is not found (no probe).
    const unknown = await act("disputeRecord", { ...args, fields: ["balanceX"], reason: " " }, "PBOC");
    expect(unknown.issues).toEqual([
      { path: ["reason"], rule: "required", message: "must not be empty" },
      { path: ["fields", "0"], rule: "field", message: 'Loan has no field "balanceX"' },
    ]);
    expect(await act("disputeRecord", args, "DEVELOPMENT_REFORM")).toMatchObject({ __typename: "NotFoundError" });
    expect(await act("disputeRecord", args, "CBRC")).toMatchObject({ __typename: "ValidationError", issues: [{ path: ["record"], rule: "ownRecord" }] });

    const dispute = await ok("disputeRecord", args, "PBOC", "id status fields ownerAgency agency openedOn dueOn overdue");
    // 2019-01-08 is a Tuesday: five working days on is the next Tuesday.
    expect(dispute).toMatchObject({ status: "OPEN", fields: ["balance"], ownerAgency: "CBRC", agency: "PBOC", openedOn: "2019-01-08", dueOn: "2019-01-15", overdue: false });
    expect(await act("disputeRecord", args, "PBOC")).toMatchObject({ __typename: "ConflictError" });
    // Accepting needs the correction first, through the normal write.
    expect(await act("answerDispute", { id: dispute.id, accept: true, answer: "已更正" }, "CBRC")).toMatchObject({ issues: [{ path: ["accept"], rule: "correctFirst" }] });
    expect(await act("answerDispute", { id: dispute.id, accept: false, answer: "不予更正" }, "PBOC")).toMatchObject({ issues: [{ path: ["id"], rule: "owner" }] });
    await ok("upsertLoan", { input: await loanInputOf(loan.contractNo, { balance: "3800000.00" }) }, "CBRC");
    const answered = await ok("answerDispute", { id: dispute.id, accept: true, answer: "经核实，余额已更正为380万元" }, "CBRC", "status answer correctionVersion answeredBy");
    expect(answered).toEqual({ status: "ACCEPTED", answer: "经核实，余额已更正为380万元", correctionVersion: 2, answeredBy: "demo-cbrc" });
    expect(await act("answerDispute", { id: dispute.id, accept: false, answer: "again" }, "CBRC")).toMatchObject({ __typename: "ConflictError" });

    // PBOC was told of the correction and of the answer, one notice each.
    expect((await noticesOf("PBOC", loan.id)).map((n) => [n.kind, n.fields, n.dispute])).toEqual([
      ["DISPUTE_ANSWERED", ["balance"], dispute.id],
      ["CORRECTED", ["balance"], null],
    ]);
    const history = await server.gql(`query($id: ID!) { node(id: $id) { ... on Loan { history { edges { node { action version dispute fields } } } } } }`, { id: loan.id }, "CBRC");
    expect(history.body.data!.node.history.edges.map((e: any) => e.node)).toEqual([
      { action: "DISPUTE_ANSWERED", version: 2, dispute: dispute.id, fields: [] },
      { action: "UPDATE", version: 2, dispute: null, fields: ["balance"] },
      { action: "DISPUTED", version: 1, dispute: dispute.id, fields: [] },
      { action: "CREATE", version: 1, dispute: null, fields: expect.any(Array) },
    ]);
    // The disputer, the owner and FINANCE_BUREAU see it; another agency does not.
    for (const [as, seen] of [["PBOC", true], ["CBRC", true], ["FINANCE_BUREAU", true], ["FISCAL", false]] as const) {
      const res = await server.gql(`query { disputes(first: 500) { id } }`, {}, as);
      expect((res.body.data!.disputes as { id: string }[]).some((d) => d.id === dispute.id), as).toBe(seen);
    }
  });

  it("an unanswered dispute past its deadline escalates to FINANCE_BUREAU, once", async () => {
    const loan = await newLoan();
    await readLoan(loan.id, "PBOC", "classification");
    const dispute = await ok("disputeRecord", { record: loan.id, fields: ["classification"], reason: "该笔贷款已逾期90天以上", evidence: "人行征信逾期记录" }, "PBOC", "id dueOn");
    const number = Number(decodeGlobalID(dispute.id).id);
    expect(await db.$transaction((tx) => sweepFeedbackDeadlines(tx, "2019-01-15"))).toMatchObject({ disputes: 0 });
    expect((await db.$transaction((tx) => sweepFeedbackDeadlines(tx, "2019-01-16"))).disputes).toBeGreaterThanOrEqual(1);
    expect(await db.$transaction((tx) => sweepFeedbackDeadlines(tx, "2019-01-16"))).toMatchObject({ disputes: 0 });
    expect((await db.recordDispute.findUniqueOrThrow({ where: { id: number } })).escalatedAt).not.toBeNull();
    expect((await noticesOf("FINANCE_BUREAU", loan.id)).map((n) => [n.kind, n.dispute])).toEqual([["DISPUTE_OVERDUE", dispute.id]]);
    expect((await noticesOf("CBRC", loan.id)).map((n) => [n.kind, n.dispute])).toEqual([["DISPUTE_OVERDUE", dispute.id]]);
    const shown = await server.gql(`query { disputes(status: [OPEN], first: 500) { id escalated } }`, {}, "FINANCE_BUREAU");
    expect((shown.body.data!.disputes as any[]).find((d) => d.id === dispute.id)).toEqual({ id: dispute.id, escalated: true });
  });
});

const CASE = `id record initiator status measures openedOn feedbackDueOn overdueAgencies tasks { agency status declineReason measure actedOn feedback overdue }`;
async function activeRecord(skip: number) {
  return db.dishonestyRecord.findFirstOrThrow({ where: { status: "ACTIVE", deletedAt: null, listedOn: { lte: new Date("2018-12-01") } }, orderBy: { id: "asc" }, skip });
}

describe("joint punishment 发起→响应→反馈", () => {
  it("a case from initiation to feedback by three agencies, one of them overdue", async () => {
    const record = await activeRecord(0);
    const base = { documentNo: record.documentNo, memorandum: "发改财金〔2016〕141号 失信被执行人联合惩戒合作备忘录", measures: ["RESTRICT_FINANCING", "RESTRICT_SUBSIDIES"], openedOn: "2018-12-24", feedbackWorkingDays: 5 };
    // Not in a non-owner's view of the graph at all.
    expect((await act("initiatePunishmentCase", { ...base, agencies: ["CBRC"] }, "CBRC")).errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await act("initiatePunishmentCase", { ...base, agencies: ["CBRC", "CBRC", "CREDIT_PLATFORM"], feedbackWorkingDays: 0 }, "DEVELOPMENT_REFORM")).issues).toEqual([
      { path: ["agencies", "1"], rule: "unique", message: "names CBRC twice" },
      { path: ["agencies", "2"], rule: "actor", message: "CREDIT_PLATFORM cannot be asked to act (not the initiator itself, not a machine client)" },
      { path: ["feedbackWorkingDays"], rule: "range", message: "must be 1 to 60 working days" },
    ]);
    const initiated = await ok("initiatePunishmentCase", { ...base, agencies: ["CBRC", "FISCAL", "PBOC"] }, "DEVELOPMENT_REFORM", CASE);
    // 2018-12-24 (Monday) plus five working days.
    expect(initiated).toMatchObject({ initiator: "DEVELOPMENT_REFORM", status: "OPEN", openedOn: "2018-12-24", feedbackDueOn: "2018-12-31", record: encodeGlobalID("DishonestyRecord", record.id) });
    const id = initiated.id;

    // 响应 and 反馈: the bank regulator and the fiscal bureau act in time; PBOC accepts and is late.
    expect(await act("feedBackPunishmentCase", { id, measure: "RESTRICT_FINANCING", actedOn: "2018-12-27", feedback: "x" }, "CBRC")).toMatchObject({ __typename: "ConflictError" });
    await ok("respondToPunishmentCase", { id, accept: true }, "CBRC");
    expect(await act("respondToPunishmentCase", { id, accept: true }, "CBRC")).toMatchObject({ __typename: "ConflictError" });
    expect((await act("feedBackPunishmentCase", { id, measure: "RESTRICT_BIDDING", actedOn: "2018-12-20", feedback: " " }, "CBRC")).issues.map((i: any) => [i.path, i.rule])).toEqual([
      [["feedback"], "required"],
      [["measure"], "oneOf"],
      [["actedOn"], "dateOrder"],
    ]);
    await ok("feedBackPunishmentCase", { id, measure: "RESTRICT_FINANCING", actedOn: "2018-12-27", feedback: "辖内银行拒绝其新增贷款申请2笔" }, "CBRC");
    await ok("respondToPunishmentCase", { id, accept: true }, "FISCAL");
    await ok("feedBackPunishmentCase", { id, measure: "RESTRICT_SUBSIDIES", actedOn: "2018-12-28", feedback: "暂停拨付2018年度技改财政补贴" }, "FISCAL");
    await ok("respondToPunishmentCase", { id, accept: true }, "PBOC");
    expect(await act("respondToPunishmentCase", { id, accept: true }, "INDUSTRY_IT")).toMatchObject({ __typename: "NotFoundError" });

    // The initiator and FINANCE_BUREAU see every part, and the overdue one (business date 2019-01-08).
    const q = `query($id: ID!) { punishmentCase(id: $id) { ${CASE} } }`;
    for (const as of ["DEVELOPMENT_REFORM", "FINANCE_BUREAU"]) {
      const seen = (await server.gql(q, { id }, as)).body.data!.punishmentCase;
      expect(seen.overdueAgencies, as).toEqual(["PBOC"]);
      expect(seen.tasks.map((t: any) => [t.agency, t.status, t.overdue]), as).toEqual([
        ["CBRC", "FED_BACK", false],
        ["FISCAL", "FED_BACK", false],
        ["PBOC", "ACCEPTED", true],
      ]);
    }
    // An asked agency sees its own part; an agency not asked sees no case.
    expect((await server.gql(q, { id }, "CBRC")).body.data!.punishmentCase.tasks).toEqual([{ agency: "CBRC", status: "FED_BACK", declineReason: null, measure: "RESTRICT_FINANCING", actedOn: "2018-12-27", feedback: "辖内银行拒绝其新增贷款申请2笔", overdue: false }]);
    expect((await server.gql(q, { id }, "INDUSTRY_IT")).body.data!.punishmentCase).toBeNull();

    // The sweep tells the initiator, FINANCE_BUREAU and the late agency, once.
    expect((await db.$transaction((tx) => sweepFeedbackDeadlines(tx, "2019-01-08"))).feedback).toBeGreaterThanOrEqual(1);
    expect(await db.$transaction((tx) => sweepFeedbackDeadlines(tx, "2019-01-08"))).toMatchObject({ feedback: 0 });
    const recordId = encodeGlobalID("DishonestyRecord", record.id);
    for (const as of ["DEVELOPMENT_REFORM", "FINANCE_BUREAU", "PBOC"]) expect((await noticesOf(as, recordId)).map((n) => [n.kind, n.punishmentCase]), as).toEqual([["FEEDBACK_OVERDUE", id]]);
    expect(await noticesOf("CBRC", recordId)).toEqual([]);

    // PBOC feeds back late; the case is complete.
    await ok("feedBackPunishmentCase", { id, measure: "RESTRICT_FINANCING", actedOn: "2019-01-07", feedback: "暂停其债务融资工具注册发行" }, "PBOC");
    const done = (await server.gql(q, { id }, "FINANCE_BUREAU")).body.data!.punishmentCase;
    expect([done.status, done.overdueAgencies]).toEqual(["COMPLETED", []]);
  });

  it("credit repair ends the record's open case and tells every acting agency, once each", async () => {
    const record = await activeRecord(1);
    const recordId = encodeGlobalID("DishonestyRecord", record.id);
    const c = await ok("initiatePunishmentCase", { documentNo: record.documentNo, memorandum: "发改财金〔2016〕141号", measures: ["RESTRICT_FINANCING"], agencies: ["CBRC", "PBOC", "MARKET_REGULATION"] }, "DEVELOPMENT_REFORM", "id feedbackDueOn");
    await ok("respondToPunishmentCase", { id: c.id, accept: true }, "CBRC");
    await ok("feedBackPunishmentCase", { id: c.id, measure: "RESTRICT_FINANCING", actedOn: "2019-01-08", feedback: "拒绝其贷款申请" }, "CBRC");
    await ok("respondToPunishmentCase", { id: c.id, accept: true }, "PBOC");
    expect((await act("respondToPunishmentCase", { id: c.id, accept: false }, "MARKET_REGULATION")).issues).toEqual([{ path: ["reason"], rule: "required", message: "is required when declining" }]);
    await ok("respondToPunishmentCase", { id: c.id, accept: false, reason: "本单位无对应惩戒措施" }, "MARKET_REGULATION");
    // PBOC has also read the record: it is both a reader and an acting agency.
    const read = await server.gql(`query($d: String!) { dishonestyRecord(documentNo: $d) { status reason } }`, { d: record.documentNo }, "PBOC");
    expect(read.body.data!.dishonestyRecord.status).toBe("ACTIVE");

    await ok("changeDishonestyStatus", { documentNo: record.documentNo, status: "REPAIRED", changedOn: "2019-01-08", expectedVersion: record.version }, "DEVELOPMENT_REFORM", "status");

    const ended = (await server.gql(`query($id: ID!) { punishmentCase(id: $id) { status tasks { agency status } } }`, { id: c.id }, "FINANCE_BUREAU")).body.data!.punishmentCase;
    expect(ended).toEqual({ status: "ENDED", tasks: [{ agency: "CBRC", status: "ENDED" }, { agency: "PBOC", status: "ENDED" }, { agency: "MARKET_REGULATION", status: "DECLINED" }] });
    expect((await noticesOf("CBRC", recordId)).map((n) => [n.kind, n.fields, n.endedCases])).toEqual([["REPAIRED", [], [c.id]]]);
    expect((await noticesOf("PBOC", recordId)).map((n) => [n.kind, n.fields, n.endedCases])).toEqual([["REPAIRED", ["status"], [c.id]]]);
    expect(await noticesOf("MARKET_REGULATION", recordId)).toEqual([]);
    expect(await noticesOf("DEVELOPMENT_REFORM", recordId)).toEqual([]);
    expect(await act("feedBackPunishmentCase", { id: c.id, measure: "RESTRICT_FINANCING", actedOn: "2019-01-08", feedback: "x" }, "PBOC")).toMatchObject({ __typename: "ConflictError" });
    expect(await act("initiatePunishmentCase", { documentNo: record.documentNo, memorandum: "m", measures: ["RESTRICT_FINANCING"], agencies: ["CBRC"] }, "DEVELOPMENT_REFORM")).toMatchObject({ __typename: "ConflictError" });
  });
});

const COUNTY_LABEL = "COUNTY:阳东区";
describe("the policy cells of disputes, notices and punishment cases, per principal", () => {
  it.each(COLUMNS)("%s", async (column) => {
    const as = column === "COUNTY" ? COUNTY_LABEL : column;
    for (const [resource, field] of [["feedback.disputes", "disputes"], ["feedback.notices", "notices"], ["feedback.punishment", "punishmentCases"]] as const) {
      const res = await server.gql(`query { ${field}(first: 5) { __typename } }`, {}, as);
      if (shippedCell(resource, column) === "READ") {
        expect(res.body.errors, `${resource} × ${column}`).toBeUndefined();
        expect(Array.isArray(res.body.data![field])).toBe(true);
      } else {
        expect(res.body.errors?.[0], `${resource} × ${column}`).toMatchObject({ message: `Cannot query field "${field}" on type "Query".`, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
      }
    }
  });
});

describe("the policy cells of disputes, notices and punishment cases", () => {
  it("ships the three resources, denies punishment cases to the credit platform and lets it read its notices", async () => {
    expect(MATRIX["feedback.disputes"].cells).toBe("R R R R R R R R R R R R");
    expect(MATRIX["feedback.notices"].cells).toBe("R R R R R R R R R R R R");
    expect(MATRIX["feedback.punishment"].cells).toBe("R R R R R R - R R R R R");
    const denied = await server.gql(`query { punishmentCases { id } }`, {}, "CREDIT_PLATFORM");
    expect(denied.body.errors?.[0]).toMatchObject({ message: expect.stringContaining("punishmentCases"), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const notices = await server.gql(`query { notices { id } }`, {}, "CREDIT_PLATFORM");
    expect(notices.body.errors).toBeUndefined();
    // A county government reads only its own county's notices.
    await db.$transaction((tx) => insertNotices(tx, [{ agency: "COUNTY", countyCode: "441702", kind: "CORRECTED", entityType: "Loan", entityId: 999_999, entityKey: "x", fields: ["balance"] }]));
    const mine = await server.gql(`query { notices { record } }`, {}, "COUNTY:江城区");
    const other = await server.gql(`query { notices { record } }`, {}, "COUNTY:阳东区");
    expect((mine.body.data!.notices as any[]).map((n) => n.record)).toContain(encodeGlobalID("Loan", 999_999));
    expect((other.body.data!.notices as any[]).map((n) => n.record)).not.toContain(encodeGlobalID("Loan", 999_999));
  });
});
