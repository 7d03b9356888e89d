// The joint-punishment loop (src/punishment/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const PUNISHMENT_MESSAGES = {
  "punishment.onlyInitiator": {
    zh: "只有认定单位（市发展改革局）可以发起联合惩戒",
    en: "only the designating agency (DEVELOPMENT_REFORM) initiates a joint-punishment case",
  },
  "punishment.recordNotActive": {
    zh: "失信记录 {doc} 状态为 {status}，只能对有效记录发起联合惩戒",
    en: "DishonestyRecord {doc} is {status}: a case is initiated for an ACTIVE record only",
  },
  "punishment.agenciesEmpty": {
    zh: "至少指定一个实施单位",
    en: "must name at least one agency asked to act",
  },
  "punishment.agencyDuplicate": {
    zh: "实施单位 {agency} 重复",
    en: "names {agency} twice",
  },
  "punishment.agencyNotActor": {
    zh: "{agency} 不能作为实施单位",
    en: "{agency} cannot be asked to act (not the initiator itself, not a machine client)",
  },
  "punishment.measuresEmpty": {
    zh: "至少列出一项惩戒措施",
    en: "must list at least one measure",
  },
  "punishment.workingDays": {
    zh: "反馈期限须为 1 到 60 个工作日",
    en: "must be 1 to 60 working days",
  },
  "punishment.caseNotFound": {
    zh: "联合惩戒案件不存在或与本单位无关",
    en: "no punishment case you take part in has this id",
  },
  "punishment.notAsked": {
    zh: "本单位未被要求实施该案件",
    en: "your agency is not asked to act on this case",
  },
  "punishment.caseNotOpen": {
    zh: "案件状态为 {status}，不再接受响应或反馈",
    en: "the case is {status}: it takes no more responses or feedback",
  },
  "punishment.alreadyResponded": {
    zh: "本单位已响应（{status}）",
    en: "your agency already responded ({status})",
  },
  "punishment.declineReason": {
    zh: "拒绝时须说明理由",
    en: "is required when declining",
  },
  "punishment.notAccepted": {
    zh: "须先接受（当前状态 {status}）再反馈",
    en: "feedback follows acceptance (your part is {status})",
  },
  "punishment.measureNotAsked": {
    zh: "措施 {measure} 不在案件所列措施之中",
    en: "{measure} is not one of the case's measures",
  },
  "punishment.actedOnOrder": {
    zh: "不得早于案件发起日 {day}，不得晚于今天",
    en: "must fall between the case's opening {day} and today",
  },
  "punishment.openedOnOrder": {
    zh: "不得早于列入日期 {listed}，不得晚于今天",
    en: "must fall between the record's listing {listed} and today",
  },
  "punishment.badId": {
    zh: "{argument}：{id} 不是联合惩戒案件的全局 ID",
    en: "{argument}: {id} is not a punishment case's global id",
  },
} as const satisfies Record<string, Message>;
