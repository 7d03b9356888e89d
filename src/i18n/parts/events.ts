// Subscriptions over WebSocket (src/events/): refusals of a subscribe message, and the close
// reasons of a connection. A close reason travels in the close frame, at most 123 bytes of UTF-8
// (RFC 6455 §5.5): a Chinese character takes 3, so these stay short (test/i18n-rest.test.ts measures them).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const EVENTS_MESSAGES = {
  "ws.close.missingKey": {
    zh: "缺少 API 密钥：请在 connection_init 的 payload 中发送 { \"authorization\": \"Bearer <api key>\" }",
    en: "Missing API key: send { \"authorization\": \"Bearer <api key>\" } as connection_init's payload.",
  },
  "ws.close.uncheckable": { zh: "服务暂时无法核验凭证：请稍后重试。", en: "The service cannot check credentials now: try again later." },
  "ws.operationName": {
    zh: "请用 operationName 指明要执行的操作：文档中有多个操作，或一个也没有。",
    en: "Name the operation to run (operationName): the document has several, or none.",
  },
  "ws.subscriptionsOnly": {
    zh: "WebSocket 上只提供订阅：查询和变更请通过 HTTP 发送（POST /graphql）。",
    en: "Only subscriptions are served over WebSocket: send queries and mutations over HTTP (POST /graphql).",
  },
  "ws.overHttp": { zh: "订阅通过 /graphql 上的 WebSocket 提供。", en: "Subscriptions are served over WebSocket on /graphql." },
  "ws.tooSlow": {
    zh: "该订阅者积压的事件超过 {max} 条，订阅已结束：请重新订阅（遗漏的内容可用 alerts 查询读取）。",
    en: "This subscriber fell {max} events behind and was ended: subscribe again (and read what was missed with the alerts query).",
  },
} as const satisfies Record<string, Message>;
