// The access layer: the X-Purpose header, a grant's purpose achieved, the minimum group size (src/access/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const ACCESS_MESSAGES = {
  "access.purposeNotAscii": {
    zh: "请求头 X-Purpose 含有未编码的非 ASCII 字节：HTTP 请求头按 Latin-1 传输，中文用途须先按 UTF-8 百分号编码（percent-encode），例如 encodeURIComponent(\"贷款风险核查\") → %E8%B4%B7%E6%AC%BE%E9%A3%8E%E9%99%A9%E6%A0%B8%E6%9F%A5。",
    en: "Header X-Purpose holds raw non-ASCII bytes: HTTP headers are Latin-1, so a Chinese purpose must be percent-encoded (UTF-8), e.g. encodeURIComponent(\"贷款风险核查\") → %E8%B4%B7%E6%AC%BE%E9%A3%8E%E9%99%A9%E6%A0%B8%E6%9F%A5.",
  },
  "access.purposeAchievedNotRequester": {
    zh: "只有持有该授权的申请机构可以标记用途已达成",
    en: "only the agency holding the grant (the requester) can mark its purpose achieved",
  },
  "access.purposeAchievedEnded": {
    zh: "授权 {grant}：该授权已终止（已撤销、已到期或用途已达成）",
    en: "grant {grant}: the grant has already ended (revoked, expired or its purpose achieved)",
  },
  "access.purposeAchievedNote": {
    zh: "请说明用途如何达成以及数据已删除（4–500 个字符）",
    en: "say how the purpose was achieved and that the data was deleted (4–500 characters)",
  },
  "access.groupsSuppressed": {
    zh: "基于有条件共享数据（依授权）计算、成员少于最小分组规模的分组已被隐去，以免识别出单个企业",
    en: "groups computed over conditional data (under a grant) with fewer members than the minimum group size were left out, so that no single enterprise can be singled out",
  },
} as const satisfies Record<string, Message>;
