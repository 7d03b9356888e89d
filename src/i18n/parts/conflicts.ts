// ConflictError messages shared by many writes (src/writes/errors.ts ConflictError({ key, params })).
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
} as const satisfies Record<string, Message>;
