// Row scope: a county government sees only rows of its own county. The condition goes into the
// SQL WHERE of every query, connection, count and aggregate, so other counties' rows are never
// loaded. Enterprise-keyed data follows the enterprise's county.
import type { InstitutionKind, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { INDICATOR_RESOURCE_BY_KIND } from "./policy/resources.ts";

type County = string;

/** For each model, the Prisma condition that keeps a county's rows. */
const COUNTY_SCOPES = {
  County: (c: County) => ({ code: c }) satisfies Prisma.CountyWhereInput,
  Enterprise: (c: County) => ({ countyCode: c }) satisfies Prisma.EnterpriseWhereInput,
  Person: (c: County) => ({ countyCode: c }) satisfies Prisma.PersonWhereInput,
  FinancialStatement: (c: County) => ({ enterprise: { countyCode: c } }) satisfies Prisma.FinancialStatementWhereInput,
  Loan: (c: County) => ({ borrower: { countyCode: c } }) satisfies Prisma.LoanWhereInput,
  // A guarantee concerns the county when either party is registered there.
  Guarantee: (c: County) => ({ OR: [{ borrower: { countyCode: c } }, { guarantor: { countyCode: c } }] }) satisfies Prisma.GuaranteeWhereInput,
  TopListEntry: (c: County) => ({ enterprise: { countyCode: c } }) satisfies Prisma.TopListEntryWhereInput,
  DeleveragingPlan: (c: County) => ({ enterprise: { countyCode: c } }) satisfies Prisma.DeleveragingPlanWhereInput,
  Bond: (c: County) => ({ issuer: { countyCode: c } }) satisfies Prisma.BondWhereInput,
  BondScheduleItem: (c: County) => ({ bond: { issuer: { countyCode: c } } }) satisfies Prisma.BondScheduleItemWhereInput,
  BondPayment: (c: County) => ({ scheduleItem: { bond: { issuer: { countyCode: c } } } }) satisfies Prisma.BondPaymentWhereInput,
  BondInspection: (c: County) => ({ bond: { issuer: { countyCode: c } } }) satisfies Prisma.BondInspectionWhereInput,
  BondInspectionFinding: (c: County) => ({ inspection: { bond: { issuer: { countyCode: c } } } }) satisfies Prisma.BondInspectionFindingWhereInput,
  GovernmentDebt: (c: County) => ({ countyCode: c }) satisfies Prisma.GovernmentDebtWhereInput,
  BondOnLending: (c: County) => ({ countyCode: c }) satisfies Prisma.BondOnLendingWhereInput,
  DebtReplacement: (c: County) => ({ governmentDebt: { countyCode: c } }) satisfies Prisma.DebtReplacementWhereInput,
  FinancingPlatform: (c: County) => ({ countyCode: c }) satisfies Prisma.FinancingPlatformWhereInput,
  PppProject: (c: County) => ({ countyCode: c }) satisfies Prisma.PppProjectWhereInput,
  Institution: (c: County) => ({ countyCode: c }) satisfies Prisma.InstitutionWhereInput,
  IndicatorValue: (c: County) => ({ institution: { countyCode: c } }) satisfies Prisma.IndicatorValueWhereInput,
  InstitutionRating: (c: County) => ({ institution: { countyCode: c } }) satisfies Prisma.InstitutionRatingWhereInput,
  TradingVenue: (c: County) => ({ countyCode: c }) satisfies Prisma.TradingVenueWhereInput,
  VenueInspection: (c: County) => ({ venue: { countyCode: c } }) satisfies Prisma.VenueInspectionWhereInput,
  VenueViolation: (c: County) => ({ inspection: { venue: { countyCode: c } } }) satisfies Prisma.VenueViolationWhereInput,
  RectificationOrder: (c: County) => ({ violation: { inspection: { venue: { countyCode: c } } } }) satisfies Prisma.RectificationOrderWhereInput,
  DishonestyRecord: (c: County) => ({ countyCode: c }) satisfies Prisma.DishonestyRecordWhereInput,
  JointPunishmentMeasure: (c: County) => ({ record: { countyCode: c } }) satisfies Prisma.JointPunishmentMeasureWhereInput,
  CreditEvaluation: (c: County) => ({ enterprise: { countyCode: c } }) satisfies Prisma.CreditEvaluationWhereInput,
  FundraisingClue: (c: County) => ({ countyCode: c }) satisfies Prisma.FundraisingClueWhereInput,
  ProgressReport: (c: County) => ({ countyCode: c }) satisfies Prisma.ProgressReportWhereInput,
} as const;

export type ScopedModel = keyof typeof COUNTY_SCOPES;

/** The WHERE condition limiting `model` to the rows the principal may see ({} = all rows). */
export function rowScope<M extends ScopedModel>(ctx: GraphContext, model: M): ReturnType<(typeof COUNTY_SCOPES)[M]> | Record<string, never> {
  const { agency, countyCode } = ctx.principal;
  if (agency !== "COUNTY") return {};
  // A county principal without a county would see everything: fail closed instead.
  if (!countyCode) return COUNTY_SCOPES[model]("------") as ReturnType<(typeof COUNTY_SCOPES)[M]>;
  return COUNTY_SCOPES[model](countyCode) as ReturnType<(typeof COUNTY_SCOPES)[M]>;
}

/** `where` AND the principal's row scope. */
export function scoped<M extends ScopedModel, W extends object>(ctx: GraphContext, model: M, where: W | undefined = undefined): W {
  const scope = rowScope(ctx, model);
  if (Object.keys(scope).length === 0) return (where ?? {}) as W;
  return (where && Object.keys(where).length ? { AND: [where, scope] } : scope) as W;
}

/** The county code a county principal is limited to, or null (for hand-written SQL). */
export const scopedCounty = (ctx: GraphContext): string | null => (ctx.principal.agency === "COUNTY" ? (ctx.principal.countyCode ?? "------") : null);

/**
 * Options for a prismaNode: `node(id:)` and the plugin's own reloads apply the row scope, and an
 * out-of-scope id answers null, exactly like an id that does not exist.
 */
export function scopedNode<M extends ScopedModel>(model: M) {
  return {
    findUnique: (id: string, ctx: GraphContext) => ({ id: Number(id), ...rowScope(ctx, model) }),
    nullable: true as const,
  };
}

/**
 * Indicator values of the institution kinds the principal may read now (grants and purpose
 * included): the list of values answers only those rows, so no row comes back FORBIDDEN and a
 * filter or a count covers only what the principal reads ({} = every kind).
 */
export function indicatorScope(ctx: GraphContext): Prisma.IndicatorValueWhereInput {
  const kinds = Object.entries(INDICATOR_RESOURCE_BY_KIND).filter(([, r]) => ctx.access.decision(r).allow).map(([k]) => k);
  if (kinds.length === Object.keys(INDICATOR_RESOURCE_BY_KIND).length) return {};
  return { institution: { kind: { in: kinds as InstitutionKind[] } } };
}
