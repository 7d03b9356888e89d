import { builder } from "../builder.ts";
import type { DirectFinancingGoal } from "../generated/prisma/client.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { ListingStatusEnum } from "../enterprise/enterprise.enums.ts";

export const DirectFinancingGoalType = builder.prismaObject("DirectFinancingGoal", {
  description: "A direct-financing goal of the plan (直接融资目标), e.g. 15 enterprises on the regional equity centre by the end of 2018.",
  fields: (t) => ({
    board: t.expose("board", { type: ListingStatusEnum, description: "The board the goal counts listings on (上市/挂牌板块)." }),
    targetCount: t.exposeInt("targetCount", { description: "How many enterprises should be listed there (目标家数)." }),
    deadline: t.expose("deadline", { type: "Date", description: "The date by which (完成时限)." }),
    source: t.exposeString("source", { description: "Where the goal is set, e.g. 阳江市去杠杆实施方案 一(二)4." }),
    ...provenanceFields(t),
  }),
});

export interface GoalProgress {
  goal: DirectFinancingGoal;
  asOf: Date;
  achieved: number;
}

export const DirectFinancingProgressType = builder.objectRef<GoalProgress>("DirectFinancingProgress").implement({
  description: "How far one direct-financing goal has come on a date (直接融资目标完成情况). For a county government, only its own county's listings count.",
  fields: (t) => ({
    goal: t.field({ type: DirectFinancingGoalType, description: "The goal.", resolve: (p) => p.goal }),
    board: t.field({ type: ListingStatusEnum, description: "The board (板块).", resolve: (p) => p.goal.board }),
    target: t.int({ description: "The target number of listed enterprises (目标家数).", resolve: (p) => p.goal.targetCount }),
    deadline: t.field({ type: "Date", description: "The goal's deadline (完成时限).", resolve: (p) => p.goal.deadline }),
    asOf: t.field({ type: "Date", description: "The date counted up to: the asOf argument, or the goal's deadline when none was given.", resolve: (p) => p.asOf }),
    achieved: t.int({
      description: "Enterprises currently on the goal's board that were listed on or before asOf and not deregistered by then (已完成家数); counted in SQL.",
      resolve: (p) => p.achieved,
    }),
    remaining: t.int({ description: "Listings still needed to reach the target, never below zero (尚差家数).", resolve: (p) => Math.max(0, p.goal.targetCount - p.achieved) }),
    percent: t.float({
      description: "Achieved as a percentage of the target, one decimal (完成率, %); above 100 when exceeded.",
      resolve: (p) => (p.goal.targetCount > 0 ? Math.round((p.achieved * 1000) / p.goal.targetCount) / 10 : 100),
    }),
    onTrack: t.boolean({
      description: "True when the target is reached, or when asOf is before the deadline (the goal can still be met).",
      resolve: (p) => p.achieved >= p.goal.targetCount || p.asOf < p.goal.deadline,
    }),
  }),
});
