// The audit log's transparency-log queries: proofs, entries, export (src/access/audit-log.operations.ts).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const AUDIT_MESSAGES = {
  "audit.treeSizeRange": {
    zh: "{field}：树大小须在 1 到当前日志大小 {size} 之间",
    en: "{field}: a tree size must be between 1 and the log's current size, {size}",
  },
  "audit.consistencyOrder": { zh: "fromSize 不得大于 toSize", en: "fromSize must not be greater than toSize" },
  "audit.entryNotFound": { zh: "entryId：没有您可查看的审计记录 {id}", en: "entryId: no audit entry {id} that you may see" },
  "audit.entryNotSealed": {
    zh: "entryId：审计记录 {id} 尚未封存入日志，请稍后再试",
    en: "entryId: audit entry {id} is not sealed into the log yet; try again in a moment",
  },
  "audit.entryNotInTree": {
    zh: "treeSize：审计记录 {id} 位于第 {index} 位，不在大小为 {size} 的树中（须大于 {index}）",
    en: "treeSize: audit entry {id} is at leaf {index}, not in a tree of size {size} (it must be greater than {index})",
  },
  "audit.entryIdFormat": { zh: "entryId：须为审计记录编号（十进制数字）", en: "entryId: must be an audit entry id (decimal digits)" },
  "audit.exportRange": { zh: "fromIndex 须 ≥ 0，first 须在 1 到 5000 之间", en: "fromIndex must be at least 0 and first between 1 and 5000" },
} as const satisfies Record<string, Message>;
