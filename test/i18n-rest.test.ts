// The last English-only messages in the catalogue (issue 11, item 1): a write's own conflict, a zod
// refinement's entry, the `owner` and `required` rule texts, the storable-text refusal, the
// WebSocket close reasons (within 123 bytes of UTF-8) and a command-line usage line, each in
// Chinese by default and in English on request, the machine-readable parts unchanged.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../src/i18n/catalogue.ts";
import { t } from "../src/i18n/index.ts";
import { onPostgres } from "./helpers/backend.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import { send } from "./helpers/http.ts";
import { sheetRequest } from "./helpers/sheets.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { bearer, subscriber, type Subscriber } from "./helpers/subscriptions.ts";

let server: TestServer;
const open: Subscriber[] = [];
beforeAll(async () => {
  // The deployment's own default language (Chinese), as in test/i18n.test.ts.
  server = await startTestServer({ scale: 0.02, language: "default" });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.dispose()));
  await server?.close();
});

const EN = { "accept-language": "en" };
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe(`the rest of the catalogue (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("writes a write's own conflict (a measure already applied) in Chinese, in English on request", async () => {
    const record = await server.running.db.prisma.dishonestyRecord.findFirstOrThrow({ where: { status: "ACTIVE", deletedAt: null }, select: { documentNo: true, listedOn: true } });
    const mutation = `mutation($d: String!, $on: Date!) {
      addPunishmentMeasure(documentNo: $d, agency: PBOC, measure: RESTRICT_OFFICE, appliedOn: $on) { __typename ... on MutationError { message } }
    }`;
    const vars = { d: record.documentNo, on: record.listedOn.toISOString().slice(0, 10) };
    // The first applies it (unless the seed already did); the next ones are conflicts.
    await server.gql(mutation, vars, "DEVELOPMENT_REFORM");
    const zh = await server.gql(mutation, vars, "DEVELOPMENT_REFORM");
    const en = await server.gql(mutation, vars, "DEVELOPMENT_REFORM", EN);
    const params = { agency: "PBOC", measure: "RESTRICT_OFFICE", document: record.documentNo };
    expect(zh.body.data!.addPunishmentMeasure).toEqual({ __typename: "ConflictError", message: `PBOC 已对失信记录 ${record.documentNo} 实施 RESTRICT_OFFICE 措施` });
    expect(zh.body.data!.addPunishmentMeasure.message).toBe(t("zh", "conflict.dishonesty.measureApplied", params));
    expect(en.body.data!.addPunishmentMeasure).toEqual({ __typename: "ConflictError", message: `PBOC already applies RESTRICT_OFFICE to DishonestyRecord ${record.documentNo}` });
  });

  it("writes a zod refinement's own entry and the owner/required rule texts in Chinese, rules and paths unchanged", async () => {
    const upsert = `mutation($input: EnterpriseInput!) { upsertEnterprise(input: $input) { __typename ... on ValidationError { issues { field rule message } } } }`;
    const input = enterpriseInput({ listingStatus: "NEEQ", listedOn: null });
    const listed = async (headers: Record<string, string>) =>
      ((await server.gql(upsert, { input }, "MARKET_REGULATION", headers)).body.data!.upsertEnterprise.issues as { field: string; rule: string; message: string }[]).find((i) => i.field === "input.listedOn");
    expect(await listed({})).toEqual({ field: "input.listedOn", rule: "required", message: "企业已上市或挂牌（listingStatus 不为 NONE）时必须填写" });
    expect(await listed(EN)).toEqual({ field: "input.listedOn", rule: "required", message: "is required when the enterprise is listed" });

    // An owner of debt.loans (CBRC) always reads them, and a change needs its reason: two rule texts.
    const cell = `mutation { setPolicyCell(resource: "debt.loans", principal: "CBRC", sharing: READ, reason: "x") { __typename ... on ValidationError { message issues { field rule message } } } }`;
    const zh = (await server.gql(cell, {}, "FINANCE_BUREAU")).body.data!.setPolicyCell;
    const en = (await server.gql(cell, {}, "FINANCE_BUREAU", EN)).body.data!.setPolicyCell;
    expect(zh.issues).toEqual([
      { field: "reason", rule: "required", message: "请说明修改共享规则的理由" },
      { field: "principal", rule: "owner", message: "数据所有方始终可以读取自己的资源，无需设置" },
    ]);
    expect(en.issues).toEqual([
      { field: "reason", rule: "required", message: "give the reason for the change" },
      { field: "principal", rule: "owner", message: "an owner always reads its own resource" },
    ]);
    expect(zh.message).toBe("输入无效：共 2 处问题（见 issues）");
  });

  it("writes a write's own issues in Chinese (a quarter's last day, a version), English unchanged", async () => {
    const submit = `mutation { submitProgressReport(quarterEnd: "2018-12-30", summary: "进展", expectedVersion: 0) { __typename ... on ValidationError { issues { field rule message } } } }`;
    const zh = (await server.gql(submit, {}, "PBOC")).body.data!.submitProgressReport;
    const en = (await server.gql(submit, {}, "PBOC", EN)).body.data!.submitProgressReport;
    expect(zh.issues).toEqual([
      { field: "quarterEnd", rule: "quarterEnd", message: "必须是季度的最后一天（03-31、06-30、09-30 或 12-31）" },
      { field: "expectedVersion", rule: "min", message: "必须大于或等于 1" },
    ]);
    expect(en.issues).toEqual([
      { field: "quarterEnd", rule: "quarterEnd", message: "must be the last day of a quarter (03-31, 06-30, 09-30 or 12-31)" },
      { field: "expectedVersion", rule: "min", message: "must be 1 or more" },
    ]);
  });

  it("names an unknown county in Chinese, in English on request, field and rule unchanged", async () => {
    const upsert = `mutation($input: EnterpriseInput!) { upsertEnterprise(input: $input) { __typename ... on ValidationError { issues { field rule message } } } }`;
    const input = enterpriseInput({ county: "不存在县" });
    const county = async (headers: Record<string, string>) =>
      ((await server.gql(upsert, { input }, "MARKET_REGULATION", headers)).body.data!.upsertEnterprise.issues as { field: string; rule: string; message: string }[]).find((i) => i.field === "input.county");
    expect(await county({})).toEqual({ field: "input.county", rule: "exists", message: "没有代码或名称为“不存在县”的县区：请填写县区的行政区划代码（如 441704）或名称（如 阳东区）" });
    expect(await county(EN)).toEqual({ field: "input.county", rule: "exists", message: 'unknown county "不存在县": use a county\'s division code such as 441704 or name such as 阳东区' });
  });

  it("lists a spreadsheet's duplicate row in Chinese, naming the file's line, in English on request", async () => {
    const { uscc } = await server.running.db.prisma.enterprise.findFirstOrThrow({ orderBy: { id: "asc" }, select: { uscc: true } });
    const row = [uscc, "1989-12-31", "ANNUAL", 5_000_000, 2_000_000, 3_000_000, 1_500_000, 500_000, 800_000, 0, 9_000_000, 120_000];
    const csv = ["uscc,periodEnd,periodType,totalAssets,currentAssets,totalLiabilities,currentLiabilities,shortTermBorrowings,longTermBorrowings,privateLending,revenue,netProfit", row.join(","), row.join(",")].join("\r\n") + "\r\n";
    const problems = async (headers: Record<string, string>) => {
      const res = await sheetRequest(server, "/sheets/statements?dryRun=1&problems=json", { as: "PBOC", body: csv, contentType: "text/csv", headers });
      expect(res.status).toBe(422);
      return (res.json as { errors: { extensions: { problems: { rule: string }[] } }[] }).errors[0]!.extensions.problems.filter((p) => p.rule === "unique");
    };
    // Line 1 is the header: the second data row is line 3, and names line 2, the file's, not the write's row 0.
    expect(await problems({})).toEqual([{ line: 3, field: "periodEnd", rule: "unique", message: `报告期末（periodEnd）：${uscc} 的 1989-12-31 ANNUAL 报表在文件第 2 行也出现了 [unique]` }]);
    expect(await problems(EN)).toEqual([{ line: 3, field: "periodEnd", rule: "unique", message: `报告期末（periodEnd）：the ANNUAL statement of ${uscc} for 1989-12-31 also appears in line 2 [unique]` }]);
  });

  it("says in Chinese why a spreadsheet cell is not a number (the scalar's own message, recognised as in a GraphQL response)", async () => {
    const { uscc } = await server.running.db.prisma.enterprise.findFirstOrThrow({ orderBy: { id: "asc" }, select: { uscc: true } });
    const row = [uscc, "1988-12-31", "ANNUAL", "五百万", 2_000_000, 3_000_000, 1_500_000, 500_000, 800_000, 0, 9_000_000, 120_000];
    const csv = ["uscc,periodEnd,periodType,totalAssets,currentAssets,totalLiabilities,currentLiabilities,shortTermBorrowings,longTermBorrowings,privateLending,revenue,netProfit", row.join(",")].join("\r\n") + "\r\n";
    const problem = async (headers: Record<string, string>) => {
      const res = await sheetRequest(server, "/sheets/statements?dryRun=1&problems=json", { as: "PBOC", body: csv, contentType: "text/csv", headers });
      expect(res.status).toBe(422);
      return (res.json as { errors: { extensions: { problems: { field: string; rule: string; message: string }[] } }[] }).errors[0]!.extensions.problems.find((p) => p.field === "totalAssets")!;
    };
    const zh = await problem({});
    const en = await problem(EN);
    expect(zh.rule).toBe("type");
    expect(en.rule).toBe("type");
    expect(en.message).toMatch(/Decimal/);
    expect(zh.message).toMatch(/Decimal 必须/);
    expect(zh.message).not.toMatch(/must/);
  });

  it("refuses text that cannot be stored in Chinese, naming the place; fields and rule as in English", async () => {
    const query = `query($n: String, $m: String) { enterprises(first: 1, after: $m, filter: { nameContains: $n }) { totalCount } }`;
    const ask = async (headers: Record<string, string>) => (await send(server, { body: { query, variables: { n: "阳\u0000", m: "x\ud800" } }, as: "PBOC", headers })).body.errors![0] as { message: string; extensions: Record<string, unknown> };
    const zh = await ask({});
    const en = await ask(EN);
    expect(zh.message).toBe("变量 $n 含有空字符（U+0000），无法保存：请删除后重新发送（另有 1 处，见 extensions.fields）");
    expect(en.message).toBe("Variable $n contains a NUL character (U+0000), which cannot be stored: remove it and send again (and 1 more place, see extensions.fields)");
    expect(zh.extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "storableText", field: "variable $n", fields: ["variable $n", "variable $m"] });
    expect(en.extensions.fields).toEqual(zh.extensions.fields);
  });

  it("closes a WebSocket without a key, or with a bad one, with its reason in the connection's language, within 123 bytes", async () => {
    const query = `subscription { alertRaised { alertId } }`;
    const cases = [
      { params: undefined, reason: catalogue["ws.close.missingKey"].zh },
      { params: { "accept-language": "en" }, reason: catalogue["ws.close.missingKey"].en },
      { params: bearer("dlg_notakey_0000000000000000"), reason: catalogue["auth.invalidCredential"].zh },
      { params: { ...bearer("dlg_notakey_0000000000000000"), "accept-language": "en-US" }, reason: catalogue["auth.invalidCredential"].en },
    ];
    const subscribers = cases.map((c) => subscriber(server.url, c.params, query));
    open.push(...subscribers);
    const closed = await Promise.all(subscribers.map((s) => s.closed));
    expect(closed).toEqual(cases.map((c) => ({ code: 4401, reason: c.reason })));
    expect(closed[0]!.reason).toMatch(/^缺少 API 密钥/);
    for (const { reason } of closed) expect(bytes(reason)).toBeLessThanOrEqual(123);
  });

  it("keeps every close reason within the 123 bytes a close frame holds, in both languages (a Chinese character is 3)", () => {
    // What onConnect and connectionError (src/events/graphql-ws.ts) may send as a reason, untruncated.
    const reasons = ["ws.close.missingKey", "ws.close.uncheckable", "auth.invalidCredential", "limit.rate", "limit.daily", "limit.rateUnavailable"] as const;
    for (const key of reasons) expect(bytes(catalogue[key].zh), key).toBeLessThanOrEqual(123);
    expect(bytes(catalogue["ws.close.missingKey"].en)).toBeLessThanOrEqual(123);
  });

  it("writes a command-line usage line in Chinese under a Chinese locale", () => {
    const out = spawnSync(process.execPath, ["--import", "tsx", "src/cli/keys.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent", DEFAULT_LANGUAGE: "", LC_ALL: "", LC_MESSAGES: "", LANG: "zh_CN.UTF-8" },
      encoding: "utf8",
    });
    expect(out.status).toBe(2);
    expect(out.stderr.trim()).toBe("缺少命令；用法：npm run keys -- create|list|rotate|revoke [options]（--help 查看更多）");
    // One process loading the tool with tsx: slow on a busy machine.
  }, 120_000);
});
