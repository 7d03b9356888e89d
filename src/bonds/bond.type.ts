import { builder } from "../builder.ts";
import type { BondScheduleItem } from "../generated/prisma/client.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { scoped, scopedNode } from "../access/row-scope.ts";
import { BondKindEnum, BondStatusEnum } from "./bond.enums.ts";
import { BondScheduleItemNode } from "./schedule.type.ts";
import { daysBetween, today } from "./calendar.ts";
import { nextDue, totalOverdue } from "./repayment.ts";
import { scheduleFacts, scheduleQuery } from "./relation-queries.ts";

export const BondNode = builder.prismaNode("Bond", {
  id: { field: "id" },
  ...scopedNode("Bond"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A bond issued by an enterprise (企业发行的债券). Interbank instruments are PBOC's; enterprise and corporate bonds are development and reform's.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Bond code (债券代码), unique." }),
    name: t.exposeString("name", { description: "Short name (债券简称)." }),
    issuer: t.relation("issuer", { description: "The issuing enterprise (发行人)." }),
    kind: t.expose("kind", { type: BondKindEnum, description: "Kind of instrument (债券品种); it decides the owner agency." }),
    amount: t.expose("amount", { type: "Decimal", description: "Issue amount in yuan (发行金额)." }),
    couponRate: t.expose("couponRate", { type: "Decimal", description: "Coupon rate as a fraction (票面利率), e.g. 0.045." }),
    issueDate: t.expose("issueDate", { type: "Date", description: "Issue date (发行日期)." }),
    maturityDate: t.expose("maturityDate", { type: "Date", description: "Maturity date (到期日期)." }),
    statedPurpose: t.exposeString("statedPurpose", { description: "Stated use of proceeds (募集资金用途)." }),
    status: t.expose("status", { type: BondStatusEnum, description: "Status (债券状态); a recorded default sets DEFAULTED." }),
    schedule: t.relation("schedule", {
      description: "The payment schedule (兑付安排): every coupon and principal due date, in date order, each with its payments.",
      query: (_args, ctx) => scheduleQuery(ctx),
    }),
    nextPaymentDue: t.field({
      type: BondScheduleItemNode,
      nullable: true,
      description: "The next scheduled payment (下一兑付日): the earliest due on or after today with no payment record yet; computed.",
      select: (_args, ctx, nestedSelection) => ({ schedule: nestedSelection(scheduleFacts(ctx)) }),
      // The row carries whatever the client selected on it (nestedSelection), not only the facts typed here.
      resolve: (bond, _args, ctx) => nextDue(bond.schedule, today(ctx)) as unknown as BondScheduleItem | null,
    }),
    daysUntilNextPayment: t.int({
      nullable: true,
      description: "Days from today (Beijing time) to the next scheduled payment (距下一兑付日天数); 0 when it is due today; computed.",
      select: (_args, ctx) => ({ schedule: scheduleFacts(ctx) }),
      resolve: (bond, _args, ctx) => {
        const next = nextDue(bond.schedule, today(ctx));
        return next ? daysBetween(today(ctx), next.dueDate) : null;
      },
    }),
    amountOverdue: t.field({
      type: "Decimal",
      description:
        "Amount overdue in yuan (逾期未兑付金额): for every payment due before today, the amount due less what was paid, unless the due date was extended; computed.",
      select: (_args, ctx) => ({ schedule: scheduleFacts(ctx) }),
      resolve: (bond, _args, ctx) => totalOverdue(bond.schedule, today(ctx)),
    }),
    inspections: t.relatedConnection("inspections", {
      cursor: "id",
      description: "Periodic inspections of this bond (定期稽察), latest first.",
      totalCount: true,
      args: { includeRetired: t.arg.boolean({ defaultValue: false, description: "Include inspections the owner retired (default false)." }) },
      query: (args, ctx) => ({
        where: scoped(ctx, "BondInspection", args.includeRetired ? {} : { retiredAt: null }),
        orderBy: [{ inspectedOn: "desc" as const }, { id: "asc" as const }],
      }),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When the owner retired this record, if it did." }),
    history: historyField(t, "Bond"),
    ...provenanceFields(t),
  }),
});
