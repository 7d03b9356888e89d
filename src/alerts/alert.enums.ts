// The enums of rules and alerts.
import { builder } from "../builder.ts";

export const AlertSeverityEnum = builder.enumType("AlertSeverity", {
  description: "How grave an alert is (预警级别).",
  values: {
    LOW: { description: "一般 Low" },
    MEDIUM: { description: "较大 Medium" },
    HIGH: { description: "重大 High" },
    CRITICAL: { description: "特别重大 Critical" },
  } as const,
});

export const AlertStatusEnum = builder.enumType("AlertStatus", {
  description: "Where an alert stands in its disposal (处置状态): OPEN → ACKNOWLEDGED → IN_DISPOSAL → RESOLVED / DISMISSED.",
  values: {
    OPEN: { description: "Raised, not yet acknowledged 待签收" },
    ACKNOWLEDGED: { description: "Acknowledged by an assigned agency 已签收" },
    IN_DISPOSAL: { description: "Being disposed of, linked to a plan or a rectification 处置中" },
    RESOLVED: { description: "Resolved, by an agency with a reason or by itself when the condition cleared 已化解" },
    DISMISSED: { description: "Dismissed by an agency with a reason 已排除" },
  } as const,
});

export const AlertEventKindEnum = builder.enumType("AlertEventKind", {
  description: "What happened to an alert (预警记录).",
  values: {
    RAISED: { description: "The rule's condition was found holding 触发" },
    EVIDENCE_CHANGED: { description: "Re-evaluation found it still holding with other facts 证据更新" },
    ACKNOWLEDGED: { description: "Acknowledged 签收" },
    DISPOSAL_STARTED: { description: "Disposal started 开始处置" },
    RESOLVED: { description: "Resolved by an agency 处置完毕" },
    AUTO_RESOLVED: { description: "The condition no longer holds 自动解除" },
    DISMISSED: { description: "Dismissed 排除" },
    ESCALATED: { description: "A deadline passed: escalated to FINANCE_BUREAU 超期上报" },
    COMMENTED: { description: "A comment 备注" },
  } as const,
});

export const RuleTriggerEnum = builder.enumType("RuleTrigger", {
  description: "When a rule is evaluated (评估时机).",
  values: {
    WRITE: { description: "After every committed write to a table the rule reads" },
    DAILY: { description: "At the scheduled sweep (daily by default)" },
    QUARTER_END: { description: "At the sweep of each quarter end" },
  } as const,
});
