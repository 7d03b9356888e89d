// Validation issues whose wording is the site's own (`exists`, `required`, `owner`, `transition`,
// `webhook.*`…), keyed `<rule>.<what>`, with their specifics as params (the missing enterprise's
// USCC, the unknown institution's code). The rules' generic wordings are `rule.<rule>` in catalogue.ts.
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const VALIDATION_MESSAGES = {
  "exists.enterprise": { zh: "没有以 {uscc} 登记的企业", en: "no enterprise is registered under {uscc}" },
  "exists.enterpriseUscc": { zh: "没有统一社会信用代码为 {uscc} 的企业", en: "no enterprise with unified social credit code {uscc}" },
  "exists.institution": { zh: "没有代码为“{code}”的金融机构", en: 'no institution with code "{code}"' },
  "exists.institutionHas": { zh: "没有代码为“{code}”的金融机构", en: 'no institution has code "{code}"' },
  "exists.loan": { zh: "没有合同编号为 {contract} 的贷款", en: "no loan with contract number {contract}" },
  "exists.bond": { zh: "没有代码为 {code} 的债券", en: "no bond with code {code}" },
  "exists.bondPayment": { zh: "债券 {code} 在 {date} 没有应付的 {kind}", en: "bond {code} has no {kind} due on {date}" },
  "exists.industry": { zh: "没有 GB/T 4754 门类“{industry}”", en: 'no GB/T 4754 division "{industry}"' },
  "exists.platform": { zh: "没有以 {uscc} 登记的融资平台", en: "no financing platform is registered under {uscc}" },
  "required.onTimePaidOn": { zh: "按时支付（ON_TIME）时必须填写", en: "is required for an ON_TIME payment" },
  "required.latePaidOn": { zh: "逾期支付（LATE）时必须填写", en: "is required for a LATE payment" },
  "required.extendedNote": { zh: "展期支付（EXTENDED）时必须写明展期条款（新日期、利息）", en: "must state the extension's terms (new date, interest) for an EXTENDED payment" },
  "required.equityShareRatio": { zh: "依据为股权（EQUITY）时必须填写", en: "is required when the basis is EQUITY" },
  "required.listedOn": { zh: "企业已上市或挂牌（listingStatus 不为 NONE）时必须填写", en: "is required when the enterprise is listed" },
  "empty.listedOn": { zh: "企业未上市（listingStatus 为 NONE）时必须为空", en: "must be empty when the enterprise is not listed" },
  "required.pppPartner": { zh: "项目进入执行（EXECUTION）或移交（HANDOVER）阶段后必须填写社会资本方", en: "is required once the project is in execution" },
  "required.watchLineKinds": { zh: "至少要指定一种机构类型", en: "must name at least one kind" },
  "empty.watchLineKinds": { zh: "必须为空：该警戒线评判的是企业，不是金融机构", en: "must be empty: the line judges enterprises" },
  "required.rejectionReason": { zh: "驳回申请必须说明理由（至少 4 个字符）", en: "a rejection must give its reason (at least 4 characters)" },
  "required.revocationReason": { zh: "撤销授权必须说明理由", en: "a revocation must give its reason" },
  "required.policyReason": { zh: "请说明修改共享规则的理由", en: "give the reason for the change" },
  "required.ruleParameter": { zh: "必须填写（预警规则的 SQL 会读取该参数）", en: "is required (the rule's SQL reads it)" },
  "unknown.ruleParameter": { zh: "不是该预警规则的参数", en: "is not a parameter of this rule" },
  "type.finiteNumber": { zh: "必须是有限的数值", en: "must be a finite number" },
  "required.alertComment": { zh: "必须填写：批注的内容", en: "is required: the comment's text" },
  "required.alertReason": { zh: "必须填写：请说明{verb}该预警的理由", en: "is required: say why the alert is {verb}" },
  "unique.caseNo": { zh: "已是另一条线索的案件编号", en: "is already the case number of another clue" },

  // Who may decide (rule `owner`)
  "owner.decideRequest": { zh: "只有 {resource} 的数据所有方（{owners}）可以审批此申请", en: "only an owner of {resource} ({owners}) can decide this request" },
  "owner.revokeGrant": { zh: "只有该资源的数据所有方或 FINANCE_BUREAU（金融局）可以撤销授权", en: "only the resource's owner or FINANCE_BUREAU can revoke a grant" },
  "owner.readsOwn": { zh: "数据所有方始终可以读取自己的资源，无需设置", en: "an owner always reads its own resource" },

  // Status changes (rule `transition`); {verb} is one of the alert.verb.* entries
  "transition.clueBack": { zh: "线索不能退回 CLUE（线索）状态", en: "a clue cannot return to CLUE" },
  "transition.caseFiled": { zh: "立案由公安机关通过 fileFundraisingCase 办理", en: "a case is filed by the public security bureau through fileFundraisingCase" },
  "transition.relist": {
    zh: "只能改为 REPAIRED（已修复）、EXPIRED（已到期）或 REVOKED（已撤销）：重新列入须依据新的决定另行登记",
    en: "must be REPAIRED, EXPIRED or REVOKED: a record is listed again under a new decision",
  },
  "transition.alert": { zh: "状态为 {status} 的预警不能{verb}", en: "an alert that is {status} cannot be {verb}" },
  "alert.verb.acknowledge": { zh: "签收", en: "acknowledged" },
  "alert.verb.startDisposal": { zh: "转入处置", en: "put in disposal" },
  "alert.verb.resolve": { zh: "办结", en: "resolved" },
  "alert.verb.dismiss": { zh: "予以排除", en: "dismissed" },
  "alert.verb.comment": { zh: "批注", en: "commented on" },

  // Webhooks (src/alerts/webhooks/)
  "webhook.url": { zh: "必须是完整的绝对 URL，例如 https://hooks.example.gov.cn/dlg", en: "must be an absolute URL such as https://hooks.example.gov.cn/dlg" },
  "webhook.scheme": { zh: "只能使用 http 或 https", en: "must use http or https" },
  "webhook.userinfo": { zh: "不能包含用户名或密码（user@host）", en: "must not contain a user name or password (user@host)" },
  "webhook.hostNotAllowed": {
    zh: "主机 {host} 不在管理员允许的主机列表（WEBHOOK_ALLOWED_HOSTS）中",
    en: "host {host} is not among the hosts the administrator allowed (WEBHOOK_ALLOWED_HOSTS)",
  },
  "webhook.noHostAllowed": { zh: "本服务器不允许向任何主机推送 webhook（WEBHOOK_ALLOWED_HOSTS 为空）", en: "no webhook host is allowed on this server (WEBHOOK_ALLOWED_HOSTS is empty)" },
  "webhook.apiKey": { zh: "webhook 隶属于 API 密钥：请使用本系统的 SYSTEM 类型 API 密钥调用", en: "webhooks belong to an API key: call with your system's SYSTEM API key" },
  "webhook.maxEndpoints": { zh: "每个密钥最多只能有 {max} 个有效端点：请先注销一个", en: "a key may have at most {max} active endpoints: revoke one first" },
  "webhook.endpointRevoked": { zh: "该端点已注销", en: "the endpoint is revoked" },
  "webhook.deliveryEndpointRevoked": { zh: "该推送的接收端点已注销", en: "the delivery's endpoint is revoked" },
} satisfies Record<string, Message>;
