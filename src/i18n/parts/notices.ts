// Notices to agencies (src/notices/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const NOTICES_MESSAGES = {
  "notice.notFound": {
    zh: "通知不存在或不属于本单位",
    en: "no notice of yours has this id",
  },
  "notice.alreadyAcknowledged": {
    zh: "该通知已于 {at} 签收",
    en: "the notice was already acknowledged at {at}",
  },
  "notice.badId": {
    zh: "{argument}：{id} 不是通知的全局 ID",
    en: "{argument}: {id} is not a notice's global id",
  },
} as const satisfies Record<string, Message>;
