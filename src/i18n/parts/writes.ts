// Refusals of particular writes (FORBIDDEN), by domain: who alone may change a record.
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const WRITES_MESSAGES = {
  // assertOwner (src/writes/ownership.ts); {what} is one of the records.* entries, {owners} the owners joined with "or"
  "write.ownersOnly": { zh: "只有 {owners} 可以登记或修改{what}。", en: "Only {owners} may write {what}." },
  "write.alertNotAssigned": {
    zh: "禁止访问：只有该预警分派到的单位（{agencies}）或 FINANCE_BUREAU（金融局）可以处理它。",
    en: "Forbidden: only the agencies the alert is assigned to ({agencies}) or FINANCE_BUREAU may act on it.",
  },
  "write.complaintOtherRegulator": {
    zh: "禁止访问：投诉 {complaint} 由另一监管部门受理，只有该部门可以修改。",
    en: "Forbidden: complaint {complaint} was received by another regulator, which alone may change it.",
  },
  "write.pilotLoanOwnCounty": { zh: "禁止访问：县区政府只能报送本县区的试点贷款。", en: "Forbidden: a county government reports only its own county's pilot loans." },
  "write.countyKeyNoCounty": { zh: "该县区密钥未指定县区。", en: "This county key names no county." },
} as const satisfies Record<string, Message>;
