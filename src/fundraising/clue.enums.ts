import { builder } from "../builder.ts";

export const ClueSourceEnum = builder.enumType("ClueSource", {
  description: "How an illegal-fundraising clue came in (线索来源).",
  values: {
    REPORT: { description: "A report from the public 举报 (rewarded when it leads to a case)" },
    MONITORING: { description: "Risk monitoring 监测 (e.g. of online platforms and private lending)" },
    ADVERTISING_CHECK: { description: "Checks of advertising 广告检查 (non-financial firms advertising investments)" },
    REFERRAL: { description: "Referred by another department 部门移送" },
  } as const,
});

export const ClueStatusEnum = builder.enumType("ClueStatus", {
  description: "Where a clue stands; it only moves forward, CLUE → INVESTIGATING → CASE_FILED → DISPOSED (线索处置状态).",
  values: {
    CLUE: { description: "Received, not yet looked into (线索)" },
    INVESTIGATING: { description: "Being verified by the fundraising office (核查中)" },
    CASE_FILED: { description: "The public security bureau filed a criminal case (立案侦查)" },
    DISPOSED: { description: "Disposed of: case concluded or matter closed (处置完毕)" },
  } as const,
});

/** The order statuses move in: a clue can skip ahead, never go back. */
export const CLUE_STATUS_RANK = { CLUE: 0, INVESTIGATING: 1, CASE_FILED: 2, DISPOSED: 3 } as const;
