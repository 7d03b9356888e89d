// The rateLimitBudget query: what the calling key and its agency may still spend, read without
// spending (the query itself is priced like any other). Only the caller's own budgets: there is
// no argument naming another agency or key.
import { builder } from "../builder.ts";
import type { Budget } from "./rate-limit.ts";
import { agencyScope } from "./rate-limit.settings.ts";

type Daily = NonNullable<Budget["agencyDaily"]>;
type Rate = NonNullable<Budget["rate"]>;

const RateBudgetType = builder.objectRef<Rate>("RateBudget").implement({
  description: "The calling key's rate limit: points (operations' computed cost, at least 1 each) per window.",
  fields: (t) => ({
    limit: t.exposeInt("limit", { description: "Points per window." }),
    windowSeconds: t.exposeInt("windowSeconds", { description: "The window's length in seconds; it starts with the first request after the last one ended." }),
    remaining: t.exposeInt("remaining", { nullable: true, description: "Points left in the current window (null while the counts cannot be read)." }),
    resetsInMs: t.exposeInt("resetsInMs", { nullable: true, description: "Milliseconds until the current window ends (null: no window open)." }),
  }),
});

const DailyBudgetType = builder.objectRef<Daily>("DailyBudget").implement({
  description: "A daily quota: points per day, Beijing time.",
  fields: (t) => ({
    limit: t.exposeInt("limit", { description: "Points per day." }),
    remaining: t.exposeInt("remaining", { nullable: true, description: "Points left today (null while the counts cannot be read)." }),
    resetsAt: t.expose("resetsAt", { type: "DateTime", description: "When the quota renews (midnight, Beijing time)." }),
  }),
});

const RateLimitBudgetType = builder.objectRef<Budget & { agency: string }>("RateLimitBudget").implement({
  description: "The calling key's and its agency's budgets, and what is left of each. A limit that is off is null.",
  fields: (t) => ({
    agency: t.exposeString("agency", { description: "The agency whose daily quota the key spends (a county government's own: COUNTY:<code>)." }),
    rate: t.field({ type: RateBudgetType, nullable: true, description: "The key's rate limit.", resolve: (b) => b.rate }),
    agencyDaily: t.field({ type: DailyBudgetType, nullable: true, description: "The agency's daily quota, shared by all its keys.", resolve: (b) => b.agencyDaily }),
    keyDaily: t.field({ type: DailyBudgetType, nullable: true, description: "This key's own daily quota, where one is set.", resolve: (b) => b.keyDaily }),
  }),
});

builder.queryFields((t) => ({
  rateLimitBudget: t.field({
    type: RateLimitBudgetType,
    description: "Your key's rate limit and your agency's daily quota, with what is left (after this request's own cost).",
    resolve: async (_r, _a, ctx) => {
      const empty: Budget = { rate: null, agencyDaily: null, keyDaily: null };
      return { agency: agencyScope(ctx.principal), ...(ctx.rateLimiter ? await ctx.rateLimiter.budget(ctx.principal) : empty) };
    },
  }),
}));
