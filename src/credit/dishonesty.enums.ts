import { builder } from "../builder.ts";

export const DishonestyListEnum = builder.enumType("DishonestyList", {
  description: "The list a dishonesty record puts its subject on (失信名单类别).",
  values: {
    COURT_JUDGMENT_DEBTOR: { description: "Dishonest judgment debtors 失信被执行人 (courts)" },
    DEBT_EVASION: { description: "Evasion of bank debts 逃废债 (bankers' association)" },
    ILLEGAL_FUNDRAISING: { description: "Illegal fundraising 非法集资 (fundraising office)" },
    TAX_VIOLATION: { description: "Major tax violations 重大税收违法 (tax bureau)" },
    SERIOUS_VIOLATION: { description: "Serious violations of law and good faith 严重违法失信 (market regulator)" },
  } as const,
});

export const DishonestyStatusEnum = builder.enumType("DishonestyStatus", {
  description: "Where a dishonesty record stands (失信记录状态).",
  values: {
    ACTIVE: { description: "In force: the subject is on the list (有效)" },
    REPAIRED: { description: "The subject repaired its credit and left the list (信用修复)" },
    EXPIRED: { description: "The listing period ended (期满移出)" },
    REVOKED: { description: "The decision was revoked (撤销)" },
  } as const,
});

export const DishonestySubjectTypeEnum = builder.enumType("DishonestySubjectType", {
  description: "Whether a dishonesty record concerns an enterprise or a natural person (失信主体类型).",
  values: {
    ENTERPRISE: { description: "An enterprise, identified by its unified social credit code (法人和其他组织)" },
    PERSON: { description: "A natural person, identified by the resident ID number (自然人)" },
  } as const,
});

export const PunishmentMeasureEnum = builder.enumType("PunishmentMeasure", {
  description: "A joint-punishment measure (联合惩戒措施) an agency applies to a listed subject.",
  values: {
    RESTRICT_FINANCING: { description: "Restrict loans, bond issuance and other financing (限制融资)" },
    RESTRICT_BIDDING: { description: "Bar from public tenders and government procurement (限制参与招投标)" },
    RESTRICT_HIGH_CONSUMPTION: { description: "Restrict high consumption: flights, high-speed rail, luxury spending (限制高消费)" },
    RESTRICT_SUBSIDIES: { description: "Refuse fiscal subsidies and policy support (限制申请财政补贴)" },
    RESTRICT_OFFICE: { description: "Bar from serving as legal representative, director or manager (限制担任法定代表人或高管)" },
    ENHANCED_SUPERVISION: { description: "Put under enhanced supervision and more frequent inspection (重点监管)" },
  } as const,
});
