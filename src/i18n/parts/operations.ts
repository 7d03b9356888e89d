// Trusted operations: SYSTEM keys run only their system's registered documents (src/operations/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const OPERATIONS_MESSAGES = {
  "operations.notRegistered": {
    zh: "该系统只能运行已登记的操作；此文档未登记（npm run operations:publish）。",
    en: "This system may run only registered operations; this document is not registered (npm run operations:publish).",
  },
  "operations.otherSystem": {
    zh: "此操作由其他系统登记（{owners}，位于 clients/<system>/）；此密钥只能运行 {mine} 的操作。请在本系统的目录下登记该文档，或使用该系统的密钥。",
    en: "This operation is registered by another system ({owners}, under clients/<system>/); this key may run only the operations of {mine}. Register the document under your own system's folder, or use that system's key.",
  },
  "operations.noSystem": {
    zh: "此 SYSTEM 密钥未绑定任何系统，因此不能运行任何已登记的操作：签发时请指定 `systems`（clients/ 下其操作可运行的目录），例如 createApiKey(input: { …, systems: [\"pboc-statements\"] }) 或 npm run keys -- create … --system pboc-statements。",
    en: "This SYSTEM key is bound to no system, so it may run no registered operation: issue it with `systems` (the folders under clients/ whose operations it runs), e.g. createApiKey(input: { …, systems: [\"pboc-statements\"] }) or npm run keys -- create … --system pboc-statements.",
  },
  "operations.unknownSystem": {
    zh: "没有名为“{system}”的系统登记过操作：请使用 clients/ 下的目录（{known}）",
    en: "no system \"{system}\" registers operations: use a folder under clients/ ({known})",
  },
} as const satisfies Record<string, Message>;
