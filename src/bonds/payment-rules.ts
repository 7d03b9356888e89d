// Whether a payment record is consistent with its outcome and with what is still owed.
import type { Prisma, PaymentOutcome } from "../generated/prisma/client.ts";
import type { IssueCollector } from "../writes/rules.ts";

export interface PaymentClaim {
  paidOn?: Date | null;
  amountPaid: Prisma.Decimal;
  outcome: PaymentOutcome;
  note?: string | null;
}

/**
 * Adds an issue for every rule the payment breaks:
 * ON_TIME — paid on or before the due date, exactly what is still owed;
 * LATE — paid after the due date, something paid;
 * DEFAULT — less than what is owed, and only once the date has come;
 * EXTENDED — the note must state the new terms;
 * any — never more than is owed, never paid in the future.
 */
export function checkPayment(issues: IssueCollector, p: PaymentClaim, item: { dueDate: Date; remaining: Prisma.Decimal }, today: Date): void {
  const at = (field: string) => ["input", field];
  const due = item.dueDate.toISOString().slice(0, 10);
  if (p.amountPaid.gt(item.remaining)) issues.add(at("amountPaid"), "notAboveDue", "bondPayment.notAboveDue", { remaining: item.remaining.toFixed(2) });
  if (p.paidOn && p.paidOn > today) issues.add(at("paidOn"), "notFuture", "must not be in the future");
  switch (p.outcome) {
    case "ON_TIME":
      if (!p.paidOn) issues.add(at("paidOn"), "required", "required.onTimePaidOn");
      else if (p.paidOn > item.dueDate) issues.add(at("paidOn"), "onTime", "bondPayment.onTime", { due });
      if (!p.amountPaid.eq(item.remaining)) issues.add(at("amountPaid"), "fullAmount", "bondPayment.fullAmount", { remaining: item.remaining.toFixed(2) });
      break;
    case "LATE":
      if (!p.paidOn) issues.add(at("paidOn"), "required", "required.latePaidOn");
      else if (p.paidOn <= item.dueDate) issues.add(at("paidOn"), "late", "bondPayment.late", { due });
      if (p.amountPaid.lte(0)) issues.add(at("amountPaid"), "positive", "bondPayment.latePositive");
      break;
    case "DEFAULT":
      if (!p.amountPaid.lt(item.remaining)) issues.add(at("amountPaid"), "shortfall", "bondPayment.shortfall", { remaining: item.remaining.toFixed(2) });
      if (item.dueDate > today) issues.add(at("dueDate"), "notYetDue", "bondPayment.notYetDue", { due });
      break;
    case "EXTENDED":
      if (!p.note?.trim()) issues.add(at("note"), "required", "required.extendedNote");
      break;
  }
}
