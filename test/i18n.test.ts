// Chinese first (issue 11, item 1): messages are Simplified Chinese unless Accept-Language asks for
// English (q-values honoured; a language we do not write falls back to Chinese), through the one
// catalogue in src/i18n/. Only `message` changes with the language: extensions.code, a validation
// issue's rule and path stay as they are, so clients keep working.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../src/i18n/catalogue.ts";
import { langOfEnvironment, resolveLang } from "../src/i18n/lang.ts";
import { onPostgres } from "./helpers/backend.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import { refusedWith, send } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let limited: TestServer;
beforeAll(async () => {
  // The server's own default language (no DEFAULT_LANGUAGE): what an agency's deployment runs.
  [server, limited] = await Promise.all([
    startTestServer({ scale: 0.02, language: "default" }),
    startTestServer({ scale: 0.02, language: "default", env: { RATE_LIMIT_MAX: "1", RATE_LIMIT_WINDOW_MS: "600000" } }),
  ]);
});
afterAll(async () => {
  await server?.close();
  await limited?.close();
});

const MISSING_KEY = catalogue["auth.missingKey"];
const INVALID_KEY = catalogue["auth.invalidCredential"];
const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

const UPSERT = `mutation Upsert($input: EnterpriseInput!) {
  upsertEnterprise(input: $input) {
    __typename
    ... on MutationError { message }
    ... on ValidationError { issues { path field rule message } }
  }
}`;

describe(`messages in the request's language (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("answers a 401 in Chinese by default, in English when Accept-Language asks, with the same code and status", async () => {
    const zh = refusedWith(await send(server, { body: { query: "{ __typename }" }, as: null }), 401);
    expect(zh.message).toBe(MISSING_KEY.zh);
    expect(hasHan(zh.message)).toBe(true);
    expect(zh.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(zh.extensions).not.toHaveProperty("i18n");

    const en = refusedWith(await send(server, { body: { query: "{ __typename }" }, as: null, headers: { "accept-language": "en-US" } }), 401);
    expect(en.message).toBe(MISSING_KEY.en);
    expect(en.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(en.extensions).not.toHaveProperty("i18n");

    const bad = await send(server, { body: { query: "{ __typename }" }, as: null, headers: { authorization: "Bearer dlg_not_a_key", "accept-language": "zh-CN,zh;q=0.9" } });
    expect(refusedWith(bad, 401).message).toBe(INVALID_KEY.zh);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("honours q-values and falls back to Chinese for a language it does not write", async () => {
    const ask = async (header: string) => refusedWith(await send(server, { body: { query: "{ __typename }" }, as: null, headers: { "accept-language": header } }), 401).message;
    expect(await ask("en")).toBe(MISSING_KEY.en);
    expect(await ask("zh;q=0.4, en;q=0.8")).toBe(MISSING_KEY.en);
    expect(await ask("en;q=0.3, zh-CN;q=0.7")).toBe(MISSING_KEY.zh);
    expect(await ask("fr-FR, de;q=0.9")).toBe(MISSING_KEY.zh);
    expect(await ask("fr, en;q=0.5")).toBe(MISSING_KEY.en);
    expect(await ask("en;q=0")).toBe(MISSING_KEY.zh);
    expect(await ask("*")).toBe(MISSING_KEY.zh);
  });

  it("resolves the language as negotiation says, with the deployment's default as the fallback", () => {
    expect(resolveLang(undefined)).toBe("zh");
    expect(resolveLang("")).toBe("zh");
    expect(resolveLang("EN-gb")).toBe("en");
    expect(resolveLang("ja", "en")).toBe("en");
    expect(resolveLang(["fr", "en;q=0.2"])).toBe("en");
  });

  it("answers a 429 in both languages, with the same code, limit and Retry-After", async () => {
    const query = { query: "{ __typename }" };
    // The budget is one operation: the first passes, every later one is refused.
    expect((await send(limited, { body: query, as: "PBOC" })).status).toBe(200);
    const zh = await send(limited, { body: query, as: "PBOC" });
    const en = await send(limited, { body: query, as: "PBOC", headers: { "accept-language": "en" } });
    expect(refusedWith(zh, 429)).toMatchObject({ message: catalogue["limit.rate"].zh, extensions: { code: "RATE_LIMITED", limit: "rate" } });
    expect(refusedWith(en, 429)).toMatchObject({ message: catalogue["limit.rate"].en, extensions: { code: "RATE_LIMITED", limit: "rate" } });
    expect(Number(zh.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refusedWith(zh, 429).extensions).not.toHaveProperty("i18n");
  });

  it("writes a validation error's messages in Chinese, its rules and paths unchanged; English on request", async () => {
    const input = enterpriseInput({ registeredCapital: "-5", establishedOn: "2012-01-01", listingStatus: "NEEQ", listedOn: "2011-06-30" });
    const ask = async (headers: Record<string, string>) => {
      const res = await server.gql(UPSERT, { input }, "MARKET_REGULATION", headers);
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.upsertEnterprise as { __typename: string; message: string; issues: Array<{ path: string[]; field: string; rule: string; message: string }> };
    };
    const zh = await ask({});
    const en = await ask({ "accept-language": "en" });
    expect(zh.__typename).toBe("ValidationError");
    expect(en.__typename).toBe("ValidationError");
    // What clients branch on is the same in both languages.
    const machine = (r: typeof zh) => r.issues.map(({ path, field, rule }) => ({ path, field, rule }));
    expect(machine(zh)).toEqual(machine(en));
    expect(machine(zh)).toEqual(
      expect.arrayContaining([
        { path: ["input", "registeredCapital"], field: "input.registeredCapital", rule: "nonNegative" },
        { path: ["input", "listedOn"], field: "input.listedOn", rule: "dateOrder" },
      ]),
    );
    const message = (r: typeof zh, rule: string) => r.issues.find((i) => i.rule === rule)!.message;
    expect(message(zh, "nonNegative")).toBe(catalogue["rule.nonNegative"].zh);
    expect(message(en, "nonNegative")).toBe("must not be negative");
    expect(message(zh, "dateOrder")).toBe("不能早于 establishedOn");
    expect(message(en, "dateOrder")).toBe("must not be before establishedOn");
    expect(zh.message).toBe(`输入无效：共 ${zh.issues.length} 处问题（见 issues）`);
    expect(en.message).toBe(`Invalid input: ${en.issues.length} problems (see issues)`);
    // Nothing was written, in either language.
    expect(await server.running.db.prisma.enterprise.count({ where: { uscc: input.uscc } })).toBe(0);
  });

  it("writes an `exists` issue in Chinese with its specifics (the unknown code), English unchanged", async () => {
    const input = enterpriseInput({ industry: "Q99" });
    const ask = async (headers: Record<string, string>) => {
      const res = await server.gql(UPSERT, { input }, "MARKET_REGULATION", headers);
      const r = res.body.data!.upsertEnterprise as { issues: Array<{ field: string; rule: string; message: string }> };
      return r.issues.find((i) => i.field === "input.industry")!;
    };
    const zh = await ask({ "accept-language": "zh-CN" });
    const en = await ask({ "accept-language": "en" });
    expect(zh).toMatchObject({ field: "input.industry", rule: "exists", message: "没有 GB/T 4754 门类“Q99”" });
    expect(en).toMatchObject({ field: "input.industry", rule: "exists", message: 'no GB/T 4754 division "Q99"' });
    expect(await server.running.db.prisma.enterprise.count({ where: { uscc: input.uscc } })).toBe(0);
  });

  it("writes graphql-js's own messages and the scalars' in Chinese (unknown field, bad variable, syntax), English as graphql-js writes it", async () => {
    const ask = async (query: string, variables: Record<string, unknown> | undefined, lang: string) => {
      const res = await send(server, { body: { query, variables }, headers: { "accept-language": lang } });
      return res.body.errors![0] as { message: string; extensions: { code: string } };
    };
    const field = "{ enterprize(uscc: \"x\") { name } }";
    expect((await ask(field, undefined, "zh-CN")).message).toMatch(/^类型“Query”上没有可查询的字段“enterprize”。/);
    expect((await ask(field, undefined, "en")).message).toMatch(/^Cannot query field "enterprize" on type "Query"\./);
    expect((await ask(field, undefined, "zh-CN")).extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");

    const input = enterpriseInput({ registeredCapital: "五百万" });
    const zh = await ask(UPSERT, { input }, "zh-CN");
    expect(zh.message).toBe(`变量“$input”在“input.registeredCapital”处的值 "五百万" 无效：${catalogue["scalar.decimal"].zh}`);
    expect((await ask(UPSERT, { input }, "en")).message).toBe(`Variable "$input" got invalid value "五百万" at "input.registeredCapital"; ${catalogue["scalar.decimal"].en}`);
    expect(zh.extensions.code).toBe("BAD_USER_INPUT");
    const { uscc: _u, ...noUscc } = enterpriseInput();
    expect((await ask(UPSERT, { input: noUscc }, "zh-CN")).message).toMatch(/^变量“\$input”的值 .* 无效：必填字段“uscc”（类型 String!）未提供。$/);

    // The USCC's rules with their specifics (rule.uscc.*): a wrong check character.
    const good = enterpriseInput().uscc;
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const checked = await server.gql(UPSERT, { input: enterpriseInput({ uscc: wrong }) }, "MARKET_REGULATION", { "accept-language": "zh-CN" });
    const issue = (checked.body.data!.upsertEnterprise as { issues: { field: string; rule: string; message: string }[] }).issues.find((i) => i.field === "input.uscc")!;
    expect(issue).toEqual({ path: ["input", "uscc"], field: "input.uscc", rule: "uscc.checksum", message: `校验码为“${wrong[17]}”，应为“${good[17]}”` });

    // A stale version (conflict.staleVersion), the commonest ConflictError.
    const stored = await server.running.db.prisma.enterprise.findFirstOrThrow({ select: { uscc: true, version: true } });
    const stale = await server.gql(UPSERT, { input: enterpriseInput({ uscc: stored.uscc, expectedVersion: stored.version + 7 }) }, "MARKET_REGULATION", { "accept-language": "zh-CN" });
    expect(stale.body.data!.upsertEnterprise).toEqual({ __typename: "ConflictError", message: `Enterprise ${stored.uscc} 当前为第 ${stored.version} 版，而不是第 ${stored.version + 7} 版：请重新读取后再修改` });

    expect((await ask("{ enterprise(", undefined, "zh-CN")).message).toMatch(/^语法错误：/);
    expect((await ask("{ enterprise(", undefined, "en")).message).toMatch(/^Syntax Error: /);
    expect(await server.running.db.prisma.enterprise.count({ where: { uscc: input.uscc } })).toBe(0);
  });

  it("refuses a conditional resource in Chinese, with the same code, resource and sharing as in English", async () => {
    const loan = await server.running.db.prisma.loan.findFirstOrThrow({ select: { contractNo: true } });
    const query = `query($c: String!) { loan(contractNo: $c) { contractNo amount } }`;
    const zh = await server.gql(query, { c: loan.contractNo }, "DEVELOPMENT_REFORM");
    const en = await server.gql(query, { c: loan.contractNo }, "DEVELOPMENT_REFORM", { "accept-language": "en" });
    expect(zh.body.errors).toMatchObject([{ message: "禁止访问：debt.loans 仅依申请共享：请用 requestAccess 申请，并等待所有方批准。", extensions: { code: "FORBIDDEN", resource: "debt.loans", sharing: "CONDITIONAL" } }]);
    expect(en.body.errors).toMatchObject([{ message: "Forbidden: debt.loans is shared on request only: request access with requestAccess and wait for the owner's approval." }]);
    const { requestId: _a, ...zhExtensions } = zh.body.errors![0]!.extensions!;
    const { requestId: _b, ...enExtensions } = en.body.errors![0]!.extensions!;
    expect(zhExtensions).toEqual(enExtensions);
    expect(JSON.stringify(zh.body)).not.toContain(loan.contractNo);
  });

  it("writes a command-line usage error in the locale's language: Chinese unless it names English", () => {
    const usageError = (env: Record<string, string>) => {
      const out = spawnSync(process.execPath, ["--import", "tsx", "src/cli/keys.ts", "list", "--bogus"], {
        env: { ...process.env, LOG_LEVEL: "silent", DEFAULT_LANGUAGE: "", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8", ...env },
        encoding: "utf8",
      });
      expect(out.status).toBe(2);
      return out.stderr.trim();
    };
    expect(usageError({})).toMatch(/^未知选项 --bogus；用法：.+（--help 查看更多）$/);
    expect(usageError({ LANG: "en_US.UTF-8" })).toMatch(/^unknown option --bogus; usage: .+ \(--help for more\)$/);
    expect(usageError({ LANG: "en_US.UTF-8", LC_ALL: "zh_CN.UTF-8" })).toMatch(/^未知选项 --bogus/);
    expect(langOfEnvironment({ LANG: "C.UTF-8", DEFAULT_LANGUAGE: "en" })).toBe("en");
    expect(langOfEnvironment({ LANG: "fr_FR.UTF-8" })).toBe("zh");
    // Three processes, each loading the tool with tsx: slow on a busy machine.
  }, 180_000);

  it("keeps every catalogue entry's placeholders the same in both languages", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, message] of Object.entries(catalogue)) {
      expect(names(message.zh), key).toEqual(names(message.en));
      expect(hasHan(message.zh), `${key} has Chinese text`).toBe(true);
    }
  });
});
