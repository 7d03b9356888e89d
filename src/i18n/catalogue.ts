// THE message catalogue: every human-readable error text the platform sends, in Simplified
// Chinese (the default) and English. Nothing else in src/ writes a user-facing error sentence.
//
// How to add a message (a one-entry change):
//   1. add an entry below, keyed `<domain>.<what>`:
//        "loan.notOwner": { zh: "只有{owner}可以修改此贷款", en: "only {owner} may change this loan" },
//      placeholders are `{name}`; both languages must use the same names (a test checks it);
//   2. at the site, use the key instead of a literal:
//        throw localizedError("loan.notOwner", { owner }, { code: "FORBIDDEN" });   // a GraphQL error
//        t(ctx.lang, "loan.notOwner", { owner })                                    // any text, in a resolver
//        issues.add(path, "ownership", "loan.notOwner", { owner })                  // a validation issue
//   The machine-readable parts (extensions.code, an issue's rule and path) never change with
//   the language: clients branch on those, people read the message.
//
// Validation issues: an issue whose rule has an entry `rule.<rule>` is rendered from it, with the
// issue's params (zod's minimum/maximum, or the refinement's own `params`); other issues keep the
// message they were built with (English) until their entry is added here.
//
// One catalogue, in parts: the entries below are the platform-wide ones; each domain's own entries
// live in parts/<domain>.ts (keyed `<domain>.<what>` too) and are spread in at the end, so a key
// is defined once and `MessageKey` names them all.
import type { Lang } from "./lang.ts";
import { ACCESS_MESSAGES } from "./parts/access.ts";
import { ARGUMENTS_MESSAGES } from "./parts/arguments.ts";
import { AUDIT_MESSAGES } from "./parts/audit.ts";
import { CONFLICT_MESSAGES } from "./parts/conflicts.ts";
import { EVENTS_MESSAGES } from "./parts/events.ts";
import { WRITES_MESSAGES } from "./parts/writes.ts";
import { RECORDS_MESSAGES } from "./parts/records.ts";
import { GRAPHQL_MESSAGES } from "./parts/graphql.ts";
import { NOTICES_MESSAGES } from "./parts/notices.ts";
import { OPERATIONS_MESSAGES } from "./parts/operations.ts";
import { PUNISHMENT_MESSAGES } from "./parts/punishment.ts";
import { SHEETS_MESSAGES } from "./parts/sheets.ts";
import { VALIDATION_MESSAGES } from "./parts/validation.ts";
import { VERIFICATION_MESSAGES } from "./parts/verification.ts";

export type Message = Record<Lang, string>;

export const catalogue = {
  // Credentials (401) and limits (429, 400)
  "auth.missingKey": { zh: "缺少 API 密钥：请以 `Authorization: Bearer <api key>` 发送。", en: "Missing API key: send it as `Authorization: Bearer <api key>`." },
  "auth.invalidCredential": {
    zh: "凭证无效：API 密钥未知、已吊销或已过期，或令牌未通过验证。",
    en: "The credential is not valid: an unknown, revoked or expired API key, or a token that fails verification.",
  },
  "auth.uncheckable": { zh: "无法核验凭证。", en: "The credential could not be checked." },

  "limit.rate": { zh: "该 API 密钥的请求过多：请稍候再发送（见 Retry-After）。", en: "Too many requests for this API key: wait before sending more (see Retry-After)." },
  "limit.daily": {
    zh: "该机构或密钥今日的配额已用完：北京时间午夜重置（见 Retry-After 和 rateLimitBudget 查询）。",
    en: "Today's quota is spent for this agency or key: it renews at midnight, Beijing time (see Retry-After and the rateLimitBudget query).",
  },
  "limit.rateUnavailable": { zh: "暂时无法计算速率限制：请稍后重试（见 Retry-After）。", en: "Rate limits cannot be counted right now: try again shortly (see Retry-After)." },
  "limit.timeout": {
    zh: "操作耗时过长，已被终止：请少取一些（更小的分页、更少的嵌套连接）或稍后重试。",
    en: "The operation took too long and was stopped: ask for less (smaller pages, fewer nested connections) or try again later.",
  },
  "limit.depth": { zh: "操作的字段嵌套过深：请一次少取几层。", en: "The operation nests its fields too deeply: ask for fewer levels at once." },
  "limit.aliases": { zh: "操作使用的别名过多：请拆分为几个操作。", en: "The operation uses too many aliases: split it into several operations." },
  "limit.directives": { zh: "操作使用的指令过多。", en: "The operation uses too many directives." },
  "limit.batch": { zh: "一个批量请求包含 1 到 {max} 个操作；这个有 {count} 个。", en: "A batch holds 1 to {max} operations; this one has {count}." },
  "limit.cost": {
    zh: "操作一次请求的数据过多：请使用更小的分页（first/last）或更少的嵌套连接，并用 `after` 翻页获取更多。",
    en: "The operation asks for too much at once: request smaller pages (first/last) or fewer nested connections, and page with `after` for more.",
  },

  // GraphQL over HTTP (src/limits/http.ts, cors.ts)
  "http.notAcceptable": { zh: "请接受 {type} 或 application/json：GraphQL 以 JSON 应答。", en: "Accept {type} or application/json: GraphQL answers in JSON." },
  "http.mediaType": { zh: "请以 JSON 发送操作，并带上 `Content-Type: application/json`。", en: "Send the operation as JSON, with `Content-Type: application/json`." },
  "http.bodyTooLarge": { zh: "请求体过大。", en: "The request body is too large." },
  "http.invalidJson": { zh: "请求体不是有效的 JSON。", en: "The request body is not valid JSON." },
  "http.malformed": { zh: "请求格式错误。", en: "The request is malformed." },
  "http.bodyNotObject": { zh: "请求体必须是 JSON 对象（批量请求则为对象数组）。", en: "The request body must be a JSON object (or, for a batch, an array of them)." },
  "http.paramsNotObject": { zh: "URL 的参数必须是 JSON 对象（批量请求则为对象数组）。", en: "The URL's parameters must be a JSON object (or, for a batch, an array of them)." },
  "http.queryType": { zh: "`query` 必须是包含 GraphQL 文档的字符串。", en: "`query` must be a string holding a GraphQL document." },
  "http.variablesType": { zh: "`variables` 必须是 JSON 对象（或 null）。", en: "`variables` must be a JSON object (or null)." },
  "http.operationNameType": { zh: "`operationName` 必须是字符串（或 null）。", en: "`operationName` must be a string (or null)." },
  "http.extensionsType": { zh: "`extensions` 必须是 JSON 对象（或 null）。", en: "`extensions` must be a JSON object (or null)." },
  "http.persistedQueryMismatch": {
    zh: "extensions.persistedQuery.sha256Hash 不是 `query` 的 SHA-256：请发送查询原文的十六进制 SHA-256，或在查询登记后只发送哈希。",
    en: "extensions.persistedQuery.sha256Hash is not the SHA-256 of `query`: send the hex SHA-256 of the exact query text, or the hash alone once the query is registered.",
  },
  // Text PostgreSQL cannot store, refused before anything runs (src/graph/storable-text.plugin.ts);
  // {place} is one of the storable.place.* entries (English: at the start of the sentence, capitalised).
  "storable.refused": { zh: "{place}含有{problem}，无法保存：请删除后重新发送{more}", en: "{place} contains {problem}, which cannot be stored: remove it and send again{more}" },
  "storable.nul": { zh: "空字符（U+0000）", en: "a NUL character (U+0000)" },
  "storable.loneSurrogate": { zh: "不成对的代理字符（UTF-16 代理对的一半）", en: "a lone surrogate (half of a UTF-16 pair)" },
  "storable.oneMore": { zh: "（另有 {count} 处，见 extensions.fields）", en: " (and {count} more place, see extensions.fields)" },
  "storable.more": { zh: "（另有 {count} 处，见 extensions.fields）", en: " (and {count} more places, see extensions.fields)" },
  "storable.place.variable": { zh: "变量 {path} ", en: "Variable {path}" },
  "storable.place.keyIn": { zh: "变量 {path} 中的一个键名", en: "A key in variable {path}" },
  "storable.place.fieldArgument": { zh: "字段“{field}”的参数 {argument} ", en: 'Argument {argument} of field "{field}"' },
  "storable.place.directiveArgument": { zh: "指令“@{directive}”的参数 {argument} ", en: 'Argument {argument} of directive "@{directive}"' },
  "storable.place.argument": { zh: "参数 {argument} ", en: "Argument {argument}" },
  "storable.place.default": { zh: "变量 {variable} 的默认值", en: "The default of variable {variable}" },
  "storable.place.variableName": { zh: "某个变量名", en: "A variable's name" },
  "storable.place.operationName": { zh: "操作名", en: "The operation name" },
  "storable.place.purpose": { zh: "请求头 X-Purpose ", en: "Header X-Purpose" },
  "http.corsOrigin": { zh: "此来源不允许从浏览器调用 API。", en: "This origin may not call the API from a browser." },

  // The sharing policy's refusals (FORBIDDEN; src/access/)
  "access.notShared": { zh: "禁止访问：{resource} 未向 {column} 共享。", en: "Forbidden: {resource} is not shared with {column}." },
  "access.onRequest": {
    zh: "禁止访问：{resource} 仅依申请共享：请用 requestAccess 申请，并等待所有方批准。",
    en: "Forbidden: {resource} is shared on request only: request access with requestAccess and wait for the owner's approval.",
  },
  "access.needsPurpose": { zh: "禁止访问：{resource} 按申明的用途授权：请在 X-Purpose 请求头中说明用途。", en: "Forbidden: {resource} is granted for a stated purpose: send it in the X-Purpose header." },
  "access.systemOnly": {
    zh: "禁止访问：{resource} 仅供机构系统调用：请使用 SYSTEM 类型的 API 密钥，而不是 {kind} 密钥。",
    en: "Forbidden: {resource} is for agency systems only: call with a SYSTEM API key, not a {kind} key.",
  },
  "access.outsideCounty": { zh: "禁止访问：该记录不在你的县区范围内。", en: "Forbidden: the record is outside your county." },
  "access.writersOnly": { zh: "禁止访问：只有 {writers} 可以调用 {mutation}。", en: "Forbidden: only {writers} may call {mutation}." },
  "access.noRule": { zh: "禁止访问：该字段没有共享规则。", en: "Forbidden: this field has no sharing rule." },
  "access.filterNeedsRead": {
    zh: "禁止访问：按 {what} 过滤、排序或分组，需要对 {resource} 有明文读取权限。",
    en: "Forbidden: filtering, ordering or grouping on {what} needs clear read access to {resource}.",
  },
  "access.introspectionAlone": { zh: "请把内省（__schema、__type）放在单独的操作中发送。", en: "Send introspection (__schema, __type) in an operation of its own." },
  "audit.unavailable": { zh: "访问审计无法写入，因此未返回任何数据。请稍后重试。", en: "The access audit could not be written, so no data was returned. Try again later." },
  "access.forbidden": { zh: "禁止访问。", en: "Forbidden." },

  // Command-line tools' usage errors (src/cli/command-line.ts); the language comes from the locale
  "cli.unknownOption": { zh: "未知选项 {option}；用法：{synopsis}（--help 查看更多）", en: "unknown option {option}; usage: {synopsis} (--help for more)" },
  "cli.needsValue": { zh: "选项 {option} 需要一个值；用法：{synopsis}（--help 查看更多）", en: "option {option} needs a value; usage: {synopsis} (--help for more)" },
  "cli.unexpectedArgument": { zh: "多余的参数 {option}；用法：{synopsis}（--help 查看更多）", en: "unexpected argument {option}; usage: {synopsis} (--help for more)" },
  "cli.ambiguousValue": {
    zh: "选项 {option}：它的值看起来像一个选项；请写成 {option}=<value>；用法：{synopsis}（--help 查看更多）",
    en: "option {option}: its value looks like an option; write {option}=<value>; usage: {synopsis} (--help for more)",
  },
  "cli.takesNoValue": { zh: "选项 {option} 不接受值；用法：{synopsis}（--help 查看更多）", en: "option {option} takes no value; usage: {synopsis} (--help for more)" },
  "cli.badCommandLine": { zh: "{problem}；用法：{synopsis}（--help 查看更多）", en: "{problem}; usage: {synopsis} (--help for more)" },
  "cli.invalidOption": { zh: "无效的选项 {option}={value}：{rule}", en: "invalid option {option}={value}: {rule}" },
  "cli.needsCommand": { zh: "缺少命令；用法：{synopsis}（--help 查看更多）", en: "a command is needed; usage: {synopsis} (--help for more)" },
  "cli.unknownCommand": { zh: "未知命令 {command}；用法：{synopsis}（--help 查看更多）", en: "unknown command {command}; usage: {synopsis} (--help for more)" },
  "cli.usage": { zh: "用法：{synopsis}", en: "usage: {synopsis}" },
  "cli.fileRequired": { zh: "必须提供 --{flag} <file>（--help 查看更多）", en: "--{flag} <file> is required (--help for more)" },
  "cli.unreadable": { zh: "{flag} {path}：无法读取（{reason}）", en: "{flag} {path}: {reason}" },
  "cli.notJson": { zh: "{flag} {path}：不是有效的 JSON（{reason}）", en: "{flag} {path}: not JSON ({reason})" },
  "cli.notPublicKey": { zh: "--key {path}：不是公钥（{reason}）", en: "--key {path}: not a public key ({reason})" },
  "cli.cannotOpenDatabase": { zh: "无法打开数据库：{reason}", en: "cannot open the database: {reason}" },
  "cli.failed": { zh: "{command} 执行失败：{reason}", en: "{command} failed: {reason}" },
  "cli.keys.agency": { zh: "--agency 必须是以下之一：{values}", en: "--agency must be one of {values}" },
  "cli.keys.name": { zh: "必须提供 --name：该密钥所属的系统或用户", en: "--name is required: the system or user the key is for" },
  "cli.keys.kind": { zh: "--kind 只能是 SYSTEM 或 USER", en: "--kind must be SYSTEM or USER" },
  "cli.keys.expires": { zh: "--expires 必须是带时区的 ISO-8601 时间，例如 2027-12-31T00:00:00Z", en: "--expires must be an ISO-8601 timestamp with a zone, e.g. 2027-12-31T00:00:00Z" },
  "cli.auditExport.out": { zh: "必须提供 --out <file>（“-”表示标准输出）", en: "--out <file> is required (\"-\" for standard output)" },
  "cli.auditVerify.together": {
    zh: "--export、--checkpoints 和 --key 须同时提供：导出文件、您保存的检查点、平台的公钥",
    en: "--export, --checkpoints and --key go together: the export, the checkpoints you kept, the platform's public key",
  },
  "cli.responseVerify.invalid": { zh: "签名无效：{reason}", en: "signature NOT valid: {reason}" },
  "cli.seed.exclusive": { zh: "--reset 与 --if-empty 不能同时使用", en: "--reset and --if-empty exclude each other" },
  "cli.seed.notEmpty": {
    zh: "数据库中已有数据；如需清空后重新载入演示数据，请运行 `npm run seed -- --reset`",
    en: "the database already holds data; run `npm run seed -- --reset` to empty it and load the demo data again",
  },

  // Errors every request can meet
  "internal": { zh: "内部错误", en: "Internal error" },
  "database.unavailable": { zh: "数据库暂时不可用，请在 {seconds} 秒后重试。", en: "The database is unavailable at the moment; retry in {seconds} seconds." },

  // Writes (src/writes/errors.ts)
  "write.invalidOne": { zh: "输入无效：{field}：{problem}", en: "Invalid input: {field}: {problem}" },
  "write.invalidMany": { zh: "输入无效：共 {count} 处问题（见 issues）", en: "Invalid input: {count} problems (see issues)" },
  "write.notFound": { zh: "{entity} {key} 不存在", en: "{entity} {key} does not exist" },

  // Validation rules (src/writes/rules.ts and zod's own checks), by the rule
  "rule.nonNegative": { zh: "不能为负数", en: "must not be negative" },
  "rule.moneyScale": { zh: "最多两位小数（分）", en: "must have at most two decimals (fen)" },
  "rule.range": { zh: "必须在 {min} 与 {max} 之间（小数：0.045 = 4.5%）", en: "must be between {min} and {max} (a fraction: 0.045 = 4.5%)" },
  "rule.dateOrder": { zh: "不能早于 {earlier}", en: "must not be before {earlier}" },
  "rule.minLength": { zh: "至少 {minimum} 个字符", en: "must be at least {minimum} characters" },
  "rule.maxLength": { zh: "最多 {maximum} 个字符", en: "must be at most {maximum} characters" },
  "rule.min": { zh: "不能小于 {minimum}", en: "must be at least {minimum}" },
  "rule.max": { zh: "不能大于 {maximum}", en: "must be at most {maximum}" },
  "rule.positive": { zh: "必须大于零", en: "must be more than zero" },
  "rule.notFuture": { zh: "不能晚于今天", en: "must not be in the future" },
  "rule.future": { zh: "必须是将来的时间", en: "must be in the future" },
  "rule.type": { zh: "类型不对（应为 {expected}）", en: "must be of type {expected}" },
  "rule.format": { zh: "格式不正确", en: "has the wrong format" },
  "rule.oneOf": { zh: "必须是以下之一：{values}", en: "must be one of: {values}" },
  "rule.required": { zh: "必须填写", en: "is required" },
  "rule.empty": { zh: "必须为空", en: "must be empty" },
  "rule.partOfWhole": { zh: "不能超过 {whole}", en: "must not exceed {whole}" },
  // The unified social credit code (GB 32100-2015) and the resident ID number (GB 11643-1999).
  "rule.uscc.length": { zh: "必须是 18 位，实际为 {length} 位", en: "must be 18 characters, got {length}" },
  "rule.uscc.charset": { zh: "第 {position} 位（“{char}”）不允许：只能用数字和除 I、O、S、V、Z 以外的大写字母", en: "character {position} ('{char}') is not allowed: use digits and upper-case letters except I, O, S, V, Z" },
  "rule.uscc.checksum": { zh: "校验码为“{found}”，应为“{expected}”", en: "check character is '{found}', expected '{expected}'" },
  "rule.idNumber.format": { zh: "必须是 17 位数字加一位数字或 X", en: "must be 17 digits followed by a digit or X" },
  "rule.idNumber.birthDate": { zh: "第 7–14 位必须是有效的出生日期", en: "characters 7–14 must be a valid birth date" },
  "rule.idNumber.checksum": { zh: "校验码不符", en: "the check character does not match" },

  // Each domain's own messages (parts/)
  ...ACCESS_MESSAGES,
  ...ARGUMENTS_MESSAGES,
  ...AUDIT_MESSAGES,
  ...OPERATIONS_MESSAGES,
  ...NOTICES_MESSAGES,
  ...VERIFICATION_MESSAGES,
  ...PUNISHMENT_MESSAGES,
  ...SHEETS_MESSAGES,
  ...VALIDATION_MESSAGES,
  ...GRAPHQL_MESSAGES,
  ...CONFLICT_MESSAGES,
  ...EVENTS_MESSAGES,
  ...WRITES_MESSAGES,
  ...RECORDS_MESSAGES,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof catalogue;
