// The shape of the generated dataset: one array of rows per Prisma model, ready for createMany.
import type { Prisma } from "../generated/prisma/client.ts";

/** Columns the generator must always set itself (ids for wiring, provenance for byte-identical runs). */
type Pinned = "id" | "ownerAgency" | "createdAt" | "updatedAt" | "version";

/** Dates as Date and decimals as exact strings, rather than the looser inputs Prisma accepts. */
type Column<V> = [Date] extends [V]
  ? Exclude<V, string>
  : [Prisma.Decimal] extends [V]
    ? Exclude<V, Prisma.Decimal | Prisma.DecimalJsLike | number>
    : V;
type Narrowed<T> = { [K in keyof T]: Column<T[K]> };

/** A createMany row, narrowed, with every pinned column the model has made required. */
export type Row<T> = Narrowed<T> & Required<Pick<Narrowed<T>, Extract<keyof T, Pinned>>>;

export interface DemoData {
  county: Row<Prisma.CountyCreateManyInput>[];
  industry: Row<Prisma.IndustryCreateManyInput>[];
  person: Row<Prisma.PersonCreateManyInput>[];
  enterprise: Row<Prisma.EnterpriseCreateManyInput>[];
  financialStatement: Row<Prisma.FinancialStatementCreateManyInput>[];
  institution: Row<Prisma.InstitutionCreateManyInput>[];
  loan: Row<Prisma.LoanCreateManyInput>[];
  guarantee: Row<Prisma.GuaranteeCreateManyInput>[];
  topListEntry: Row<Prisma.TopListEntryCreateManyInput>[];
  deleveragingPlan: Row<Prisma.DeleveragingPlanCreateManyInput>[];
  bond: Row<Prisma.BondCreateManyInput>[];
  bondScheduleItem: Row<Prisma.BondScheduleItemCreateManyInput>[];
  bondPayment: Row<Prisma.BondPaymentCreateManyInput>[];
  bondInspection: Row<Prisma.BondInspectionCreateManyInput>[];
  bondInspectionFinding: Row<Prisma.BondInspectionFindingCreateManyInput>[];
  financingPlatform: Row<Prisma.FinancingPlatformCreateManyInput>[];
  governmentDebt: Row<Prisma.GovernmentDebtCreateManyInput>[];
  bondOnLending: Row<Prisma.BondOnLendingCreateManyInput>[];
  debtReplacement: Row<Prisma.DebtReplacementCreateManyInput>[];
  pppProject: Row<Prisma.PppProjectCreateManyInput>[];
  indicatorValue: Row<Prisma.IndicatorValueCreateManyInput>[];
  watchLine: Row<Prisma.WatchLineCreateManyInput>[];
  institutionRating: Row<Prisma.InstitutionRatingCreateManyInput>[];
  tradingVenue: Row<Prisma.TradingVenueCreateManyInput>[];
  venueInspection: Row<Prisma.VenueInspectionCreateManyInput>[];
  venueViolation: Row<Prisma.VenueViolationCreateManyInput>[];
  rectificationOrder: Row<Prisma.RectificationOrderCreateManyInput>[];
  dishonestyRecord: Row<Prisma.DishonestyRecordCreateManyInput>[];
  dishonestyRecordChange: Row<Prisma.DishonestyRecordChangeCreateManyInput>[];
  jointPunishmentMeasure: Row<Prisma.JointPunishmentMeasureCreateManyInput>[];
  creditEvaluation: Row<Prisma.CreditEvaluationCreateManyInput>[];
  fundraisingClue: Row<Prisma.FundraisingClueCreateManyInput>[];
  directFinancingGoal: Row<Prisma.DirectFinancingGoalCreateManyInput>[];
  progressReport: Row<Prisma.ProgressReportCreateManyInput>[];
  /** the one row that marks a demo database and records its as-of date (src/clock.ts) */
  demoDataset: Row<Prisma.DemoDatasetCreateManyInput>[];
  /** named counters; the seed sets `dishonesty` to the last change-log sequence */
  changeCounter: Row<Prisma.ChangeCounterCreateManyInput>[];
}

export interface DemoOptions {
  /** any 32-bit integer; the same seed and scale always give the same data */
  seed: number;
  /** multiplies the entity counts (1 ≈ 2,000 enterprises, 10,000 loans); fractions work */
  scale: number;
}
