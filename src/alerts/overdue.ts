// When an alert is overdue (docs/early-warning.md): live, and past its deadline to acknowledge
// (while still OPEN) or to dispose (while not closed). A deadline day itself is still in time.
import type { AlertStatus, Prisma } from "../generated/prisma/client.ts";

const LIVE: AlertStatus[] = ["OPEN", "ACKNOWLEDGED", "IN_DISPOSAL"];

export function isOverdue(alert: { status: AlertStatus; ackDueOn: Date; disposeDueOn: Date }, businessDate: string): boolean {
  if (!LIVE.includes(alert.status)) return false;
  const today = new Date(`${businessDate}T00:00:00Z`);
  return (alert.status === "OPEN" && alert.ackDueOn < today) || alert.disposeDueOn < today;
}

/** The same condition as a Prisma filter (true: overdue alerts; false: the others). */
export function overdueWhere(businessDate: string, overdue: boolean): Prisma.AlertWhereInput {
  const today = new Date(`${businessDate}T00:00:00Z`);
  const cond: Prisma.AlertWhereInput = {
    live: true,
    OR: [{ status: "OPEN", ackDueOn: { lt: today } }, { disposeDueOn: { lt: today } }],
  };
  return overdue ? cond : { NOT: cond };
}
