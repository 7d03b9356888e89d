// The repayment rules every bond read and write shares: what is paid, unpaid, overdue and due
// next. Amounts are exact decimals; dates are calendar dates (see calendar.ts).
import { Prisma, type PaymentOutcome } from "../generated/prisma/client.ts";
import { addDays } from "./calendar.ts";

/** How many days ahead of a due date the issuer must have been notified (提前告知). */
export const NOTICE_DAYS = 30;

export interface PaymentFacts {
  amountPaid: Prisma.Decimal;
  outcome: PaymentOutcome;
}

export interface ItemFacts {
  dueDate: Date;
  amountDue: Prisma.Decimal;
  payments: readonly PaymentFacts[];
}

const ZERO = new Prisma.Decimal(0);

export const amountPaid = (payments: readonly PaymentFacts[]): Prisma.Decimal => payments.reduce((sum, p) => sum.plus(p.amountPaid), ZERO);

/** What is still owed on an item: amount due less everything paid, never below zero. */
export const amountUnpaid = (item: ItemFacts): Prisma.Decimal => Prisma.Decimal.max(ZERO, item.amountDue.minus(amountPaid(item.payments)));

/** The holders agreed to move the due date (展期): the item is not overdue while extended. */
export const isExtended = (item: ItemFacts): boolean => item.payments.some((p) => p.outcome === "EXTENDED");

/**
 * The amount overdue on an item: due before today and not paid in full (no payment record, a
 * DEFAULT, or a partial payment), unless extended.
 */
export function overdueAmount(item: ItemFacts, today: Date): Prisma.Decimal {
  if (item.dueDate.getTime() >= today.getTime() || isExtended(item)) return ZERO;
  return amountUnpaid(item);
}

export const isOverdue = (item: ItemFacts, today: Date): boolean => overdueAmount(item, today).gt(0);

export const totalOverdue = (items: readonly ItemFacts[], today: Date): Prisma.Decimal => items.reduce((sum, i) => sum.plus(overdueAmount(i, today)), ZERO);

/** The earliest item due on or after today without any payment record; `items` in schedule order. */
export const nextDue = <T extends ItemFacts>(items: readonly T[], today: Date): T | null =>
  items.find((i) => i.dueDate.getTime() >= today.getTime() && i.payments.length === 0) ?? null;

/** Advance notice (提前告知) is due: the date falls within the next NOTICE_DAYS days and no notice went out. */
export const noticeDue = (item: { dueDate: Date; noticeSentAt: Date | null }, today: Date): boolean =>
  item.noticeSentAt === null && item.dueDate.getTime() >= today.getTime() && item.dueDate.getTime() <= addDays(today, NOTICE_DAYS).getTime();
