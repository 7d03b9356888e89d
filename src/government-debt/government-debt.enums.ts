import { builder } from "../builder.ts";

export const GovernmentDebtClassEnum = builder.enumType("GovernmentDebtClass", {
  description: "Class of a local government debt item (地方政府债务类别): direct debt (general or special) or contingent debt.",
  values: {
    GENERAL: { description: "General debt (一般债务), repaid from the general budget; direct." },
    SPECIAL: { description: "Special debt (专项债务), repaid from fund income of the project; direct." },
    CONTINGENT_GUARANTEE: { description: "Contingent debt the government guarantees (负有担保责任的或有债务)." },
    CONTINGENT_RESCUE: { description: "Contingent debt the government may have to rescue (可能承担救助责任的或有债务)." },
  } as const,
});

export const CONTINGENT_CLASSES = ["CONTINGENT_GUARANTEE", "CONTINGENT_RESCUE"] as const;
export const isContingentClass = (c: string): boolean => (CONTINGENT_CLASSES as readonly string[]).includes(c);

export const DebtInstrumentEnum = builder.enumType("DebtInstrument", {
  description: "How a government debt item was raised (举借方式).",
  values: {
    GOVERNMENT_BOND: { description: "Local government bond (地方政府债券)." },
    BANK_LOAN: { description: "Bank loan (银行贷款)." },
    TRUST: { description: "Trust financing (信托融资)." },
    BT_PROJECT: { description: "Build-transfer project payable (BT 建设-移交)." },
    OTHER: { description: "Other (其他)." },
  } as const,
});

export const TransformationStatusEnum = builder.enumType("TransformationStatus", {
  description: "Where a financing platform stands in its market-oriented transformation (市场化转型).",
  values: {
    NOT_STARTED: { description: "Not started (尚未转型)." },
    IN_PROGRESS: { description: "In progress (转型中)." },
    TRANSFORMED: { description: "Transformed into a market-oriented enterprise (已完成市场化转型)." },
    EXITED: { description: "Exited the platform list (已退出融资平台名单)." },
  } as const,
});

export const PppStatusEnum = builder.enumType("PppStatus", {
  description: "Stage of a PPP project (PPP项目阶段).",
  values: {
    PREPARATION: { description: "Identification and preparation (识别/准备)." },
    PROCUREMENT: { description: "Procurement of the partner (采购)." },
    EXECUTION: { description: "Execution: built or operating under the contract (执行)." },
    HANDOVER: { description: "Handed back to the government (移交)." },
  } as const,
});
