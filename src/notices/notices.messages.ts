// The notices' error messages, each once, in Chinese and English (moved into the platform's
// message catalogue at merge time).
export const NOTICE_MESSAGES = {
  notFound: { zh: "通知不存在或不属于本单位", en: "no notice of yours has this id" },
  alreadyAcknowledged: { zh: "该通知已于 {at} 签收", en: "the notice was already acknowledged at {at}" },
  badId: { zh: "不是通知的全局 ID", en: "is not a notice's global id" },
} as const;

/** The English text of a message, with its {placeholders} filled. */
export function noticeMessage(code: keyof typeof NOTICE_MESSAGES, values: Record<string, string> = {}): string {
  return NOTICE_MESSAGES[code].en.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? `{${k}}`);
}
