// The bonds domain (DOMAIN.md §3): bonds, their payment schedules and repayments, inspections.
import "./bond.enums.ts";
import "./schedule.type.ts";
import "./inspection.type.ts";
import "./bond.type.ts";
import "./bond.queries.ts";
import "./payments-due.queries.ts";
import "./inspection.queries.ts";
import "./bond.mutations.ts";
import "./schedule.mutations.ts";
import "./payment.mutations.ts";
import "./inspection.mutations.ts";
