// 校核: disputes of a received record (src/verification/).
// One part of the message catalogue (catalogue.ts spreads it in; its header says how to add one).
import type { Message } from "../catalogue.ts";

export const VERIFICATION_MESSAGES = {
  "verification.badRecordId": {
    zh: "不是可校核记录（贷款、失信记录）的全局 ID",
    en: "is not the global id of a record that can be disputed (Loan, DishonestyRecord)",
  },
  "verification.notReceived": {
    zh: "本单位未收到过该记录，也无权读取，不能提出校核异议",
    en: "your agency never received this record and may not read it, so it cannot dispute it",
  },
  "verification.ownRecord": {
    zh: "不能对本单位自己的记录提出异议，请直接更正",
    en: "is your agency's own record: correct it instead of disputing it",
  },
  "verification.unknownField": {
    zh: "{type} 没有字段 {field}",
    en: "{type} has no field {field}",
  },
  "verification.required": {
    zh: "不能为空",
    en: "must not be empty",
  },
  "verification.tooLong": {
    zh: "不能超过 {max} 个字符",
    en: "must be at most {max} characters",
  },
  "verification.alreadyOpen": {
    zh: "本单位对该记录已有未答复的异议 {id}",
    en: "your agency already has an open dispute {id} on this record",
  },
  "verification.disputeNotFound": {
    zh: "异议不存在或与本单位无关",
    en: "no dispute you raised or must answer has this id",
  },
  "verification.notOwner": {
    zh: "只有记录的所有单位 {owner} 可以答复",
    en: "only the record's owner {owner} answers a dispute",
  },
  "verification.answered": {
    zh: "异议已答复（{status}）",
    en: "the dispute was already answered ({status})",
  },
  "verification.correctFirst": {
    zh: "接受异议前须先通过正常写入更正记录（{mutation}）",
    en: "accepting needs the correction first: correct the record through {mutation}, then accept",
  },
  "verification.badDisputeId": {
    zh: "{argument}：{id} 不是异议的全局 ID",
    en: "{argument}: {id} is not a dispute's global id",
  },
} as const satisfies Record<string, Message>;
