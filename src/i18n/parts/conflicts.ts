// ConflictError messages (src/writes/errors.ts ConflictError({ key, params })): first those shared
// by many writes, then each write's own, by domain.
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const CONFLICT_MESSAGES = {
  "conflict.staleVersion": {
    zh: "{entity} {key} 当前为第 {current} 版，而不是第 {expected} 版：请重新读取后再修改",
    en: "{entity} {key} is at version {current}, not {expected}: read it again and reapply your change",
  },
  "conflict.alreadyRetired": { zh: "{entity} {key} 已经撤回", en: "{entity} {key} is already retired" },
  "conflict.changedConcurrently": {
    zh: "{entity} {key} 在您操作期间已被修改：请重新读取后再修改",
    en: "{entity} {key} was changed concurrently: read it again and reapply your change",
  },
  "conflict.concurrentKey": {
    zh: "同一键的记录已被并发写入（{target}）：请重新读取后重试",
    en: "a record with the same key was written concurrently ({target}); read it and retry",
  },
  "conflict.idempotencyReused": {
    zh: "幂等键“{key}”已用于另一个请求（{operation}）",
    en: 'idempotency key "{key}" was already used for a different request ({operation})',
  },
  "conflict.retired": { zh: "{entity} {key} 已撤回", en: "{entity} {key} is retired" },

  // Loans sent as one file (src/debt/loan-batch.write.ts); {rows} is a list of the two row messages below.
  "conflict.loanBatch.stale": { zh: "{count} 行的版本已过期，未写入任何数据：{rows}{more}", en: "{count} row(s) are stale, nothing was written: {rows}{more}" },
  "conflict.loanBatch.rowMissing": {
    zh: "第 {row} 行：贷款 {contract} 尚不存在，没有第 {expected} 版",
    en: "row {row}: loan {contract} does not exist yet, so it has no version {expected}",
  },
  "conflict.loanBatch.rowStale": { zh: "第 {row} 行：贷款 {contract} 当前为第 {current} 版，而不是第 {expected} 版", en: "row {row}: loan {contract} is at version {current}, not {expected}" },
  "conflict.loanBatch.changedMeanwhile": {
    zh: "文件中有 {count} 笔贷款在此期间已被他人修改，未写入任何数据：请重新读取后再发送",
    en: "{count} loan(s) of the file were changed by another writer meanwhile; nothing was written: read them again and resend",
  },

  // Bonds (src/bonds/)
  "conflict.bond.paymentRecorded": {
    zh: "该笔兑付已登记在 {item} 名下（已兑付 {paid} 元）",
    en: "this payment is already recorded against {item} (already paid {paid})",
  },
  "conflict.bond.paidItems": {
    zh: "{items} 已登记兑付：这些计划项不能删除，也不能修改金额",
    en: "payments are recorded against {items}: such items cannot be removed or change their amount",
  },
  "conflict.bond.ownerMoves": {
    zh: "债券 {code} 是由 {owner} 管理的 {kind}；改为 {newKind} 后应归 {newOwner} 管理，而管理单位不能变更：请撤回该债券，由 {newOwner} 重新登记",
    en: "bond {code} is a {kind} owned by {owner}; as a {newKind} it would belong to {newOwner}, and ownership does not move: retire it and have {newOwner} register it",
  },

  // Government debt (src/government-debt/)
  "conflict.debtReplacement.recorded": {
    zh: "以债券 {bond} 置换 {debt} 的记录已经登记",
    en: "this replacement of {debt} by {bond} is already recorded",
  },

  // Access requests and grants (src/access/grants.ts)
  "conflict.accessRequest.decided": { zh: "访问申请 {id} 已经处理（{status}）", en: "request {id} was already {status}" },
  "conflict.grant.revoked": { zh: "授权 {id} 已经撤销", en: "grant {id} was already revoked" },

  // Illegal fundraising (src/fundraising/)
  "conflict.clue.forwardOnly": {
    zh: "线索 {clue} 当前状态为 {status}：线索状态只能向前推进（CLUE → INVESTIGATING → CASE_FILED → DISPOSED）",
    en: "FundraisingClue {clue} is {status}: a clue only moves forward (CLUE → INVESTIGATING → CASE_FILED → DISPOSED)",
  },

  // Dishonesty records (src/credit/)
  "conflict.dishonesty.deleted": {
    zh: "失信记录 {document} 已删除，其文书号不能再次使用",
    en: "DishonestyRecord {document} was deleted; its document number cannot be written again",
  },
  "conflict.dishonesty.notActive": {
    zh: "失信记录 {document} 的状态已是 {status}；只有 ACTIVE（有效）状态的记录才能变更状态",
    en: "DishonestyRecord {document} is already {status}; only an ACTIVE record changes status",
  },
  "conflict.dishonesty.measureInactive": {
    zh: "失信记录 {document} 的状态为 {status}：惩戒措施只适用于 ACTIVE（有效）状态的记录",
    en: "DishonestyRecord {document} is {status}: measures apply to active records only",
  },
  "conflict.dishonesty.measureApplied": {
    zh: "{agency} 已对失信记录 {document} 实施 {measure} 措施",
    en: "{agency} already applies {measure} to DishonestyRecord {document}",
  },

  // Trading venues (src/venues/)
  "conflict.venueInspection.recorded": {
    zh: "检查 {inspection} 已经登记；如为重试，请使用相同的 idempotencyKey 获取原结果",
    en: "inspection {inspection} is already recorded; retry with the same idempotencyKey to get its result",
  },

  // Alerts and their rules (src/alerts/)
  "conflict.alert.changed": {
    zh: "预警 {id} 在您处理期间已被修改：请重新读取后再操作",
    en: "Alert {id} changed while you acted on it: read it again and reapply your change",
  },
  "conflict.riskRule.changed": {
    zh: "预警规则 {code} 在您编辑期间已被修改：请重新读取后再修改",
    en: "RiskRule {code} changed while you edited it: read it again and reapply your change",
  },
  "conflict.webhookDelivery.pending": { zh: "推送记录 {id} 已在待发送队列中：到期后会自动发送", en: "delivery {id} is already pending: it is sent when due" },
} as const satisfies Record<string, Message>;
