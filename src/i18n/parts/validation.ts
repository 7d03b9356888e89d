// Validation rules without a generic entry (`exists`, `required`…): the specific message of each
// site, with its specifics as params (the missing enterprise's USCC, the unknown institution's code).
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
} satisfies Record<string, Message>;
