// Which resource of the sharing policy each field of the graph belongs to. Every field of every
// type (output and input) must resolve to exactly one resource: a field entry first, else its
// type's entry, else a structural pattern. test/policy.test.ts fails on any field left over, so
// a new field cannot ship unclassified.
import type { ResourceName } from "./matrix.ts";

/** The resource of every field of a type, unless a field entry says otherwise. */
export const TYPE_RESOURCES: Record<string, ResourceName> = {
  // enterprise registration and reference data
  Enterprise: "enterprise.registration",
  EnterpriseCount: "enterprise.registration",
  EnterpriseFilter: "enterprise.registration",
  EnterpriseOrder: "enterprise.registration",
  EnterpriseInput: "enterprise.registration",
  County: "enterprise.registration",
  Industry: "enterprise.registration",
  DateRange: "graph.structure",
  DecimalRange: "graph.structure",
  // persons
  Person: "person.identity",
  PersonInput: "person.identifiers",
  DishonestPersonInput: "person.identifiers",
  InformantInput: "fundraising.informant",
  // statements
  FinancialStatement: "enterprise.statements",
  FinancialStatementInput: "enterprise.statements",
  // loans
  Loan: "debt.loans",
  LoanBalance: "debt.loans",
  LoanFilter: "debt.loans",
  LoanOrder: "debt.loans",
  LoanInput: "debt.loans",
  LoanFileInput: "debt.loans",
  LoanFileResult: "debt.loans",
  LoanFileRow: "debt.loans",
  // banks' top-10 lists and one-enterprise-one-policy plans (seed 二(一)2)
  TopListEntry: "debt.monitoring",
  TopListEntryInput: "debt.monitoring",
  DeleveragingPlan: "debt.monitoring",
  DeleveragingPlanFilter: "debt.monitoring",
  DeleveragingPlanOrder: "debt.monitoring",
  DeleveragingPlanInput: "debt.monitoring",
  // guarantees
  Guarantee: "debt.guarantees",
  GuaranteeCircle: "debt.guarantees",
  GuaranteeFilter: "debt.guarantees",
  GuaranteeOrder: "debt.guarantees",
  GuaranteeInput: "debt.guarantees",
  // bonds
  Bond: "bonds.repayment",
  BondFilter: "bonds.repayment",
  BondOrder: "bonds.repayment",
  BondInput: "bonds.repayment",
  BondScheduleItem: "bonds.repayment",
  BondScheduleItemInput: "bonds.repayment",
  BondPayment: "bonds.repayment",
  BondPaymentInput: "bonds.repayment",
  BondPaymentsDue: "bonds.repayment",
  BondPaymentsDueFilter: "bonds.repayment",
  BondDueGroup: "bonds.repayment",
  BondDueTotals: "bonds.repayment",
  BondInspection: "bonds.inspections",
  BondInspectionFinding: "bonds.inspections",
  BondInspectionFilter: "bonds.inspections",
  BondInspectionInput: "bonds.inspections",
  BondInspectionFindingInput: "bonds.inspections",
  // local government debt
  GovernmentDebt: "government.debt",
  GovernmentDebtFilter: "government.debt",
  GovernmentDebtOrder: "government.debt",
  GovernmentDebtInput: "government.debt",
  GovernmentDebtTotal: "government.debt",
  DebtReplacement: "government.debt",
  BondOnLending: "government.debt",
  BondOnLendingFilter: "government.debt",
  BondOnLendingInput: "government.debt",
  FinancingPlatform: "government.debt",
  FinancingPlatformFilter: "government.debt",
  FinancingPlatformInput: "government.debt",
  PppProject: "government.debt",
  PppProjectFilter: "government.debt",
  PppProjectInput: "government.debt",
  // institutions
  Institution: "institutions.registry",
  InstitutionFilter: "institutions.registry",
  InstitutionOrder: "institutions.registry",
  WatchLine: "institutions.watchLines",
  WatchLineInput: "institutions.watchLines",
  // Indicator values are split by the institution's kind at run time (see ROW_RESOURCES).
  IndicatorValue: "institutions.bankIndicators",
  IndicatorValueFilter: "institutions.bankIndicators",
  IndicatorReportInput: "institutions.bankIndicators",
  ReportedIndicatorInput: "institutions.bankIndicators",
  InstitutionRating: "institutions.localOrgIndicators",
  // venues
  TradingVenue: "venues.supervision",
  TradingVenueFilter: "venues.supervision",
  TradingVenueInput: "venues.supervision",
  VenueInspection: "venues.supervision",
  VenueInspectionInput: "venues.supervision",
  VenueViolation: "venues.supervision",
  VenueViolationInput: "venues.supervision",
  RectificationOrder: "venues.supervision",
  RectificationOrderFilter: "venues.supervision",
  RectificationOrderInput: "venues.supervision",
  // credit
  DishonestyRecord: "credit.dishonesty",
  DishonestyRecordCount: "credit.dishonesty",
  DishonestyRecordFilter: "credit.dishonesty",
  DishonestyRecordOrder: "credit.dishonesty",
  DishonestyRecordInput: "credit.dishonesty",
  JointPunishmentMeasure: "credit.dishonesty",
  DishonestyRecordChange: "credit.dishonesty",
  DishonestyRecordChangePage: "credit.dishonesty",
  CreditEvaluation: "credit.evaluations",
  CreditEvaluationInput: "credit.evaluations",
  // fundraising
  FundraisingClue: "fundraising.clues",
  FundraisingClueCount: "fundraising.clues",
  FundraisingClueFilter: "fundraising.clues",
  FundraisingClueOrder: "fundraising.clues",
  FundraisingClueInput: "fundraising.clues",
  // progress
  DirectFinancingGoal: "progress.reports",
  DirectFinancingProgress: "progress.reports",
  ProgressReport: "progress.reports",
  ProgressReportFilter: "progress.reports",
  ProgressReportOrder: "progress.reports",
  MissingProgressReport: "progress.reports",
  // risk disposal (plan 二(四))
  TrustProduct: "debt.trustProducts",
  TrustProductFilter: "debt.trustProducts",
  TrustProductOrder: "debt.trustProducts",
  TrustProductInput: "debt.trustProducts",
  NplDisposal: "debt.nplDisposals",
  NplDisposalFilter: "debt.nplDisposals",
  NplDisposalOrder: "debt.nplDisposals",
  NplDisposalInput: "debt.nplDisposals",
  ZombieAssetListing: "enterprise.zombieAssets",
  ZombieAssetListingFilter: "enterprise.zombieAssets",
  ZombieAssetListingOrder: "enterprise.zombieAssets",
  ZombieAssetListingInput: "enterprise.zombieAssets",
  PilotLoan: "debt.pilotLoans",
  PilotLoanFilter: "debt.pilotLoans",
  PilotLoanOrder: "debt.pilotLoans",
  PilotLoanInput: "debt.pilotLoans",
  // supervision (plan 二(二)2)
  Complaint: "supervision.complaints",
  ComplaintFilter: "supervision.complaints",
  ComplaintOrder: "supervision.complaints",
  ComplaintInput: "supervision.complaints",
  ActualController: "person.actualController",
  ActualControllerFilter: "person.actualController",
  ActualControllerInput: "person.actualController",
  // early warning (issue 12): which alerts and which evidence a principal sees is decided by the
  // rule's resources and the evidence fields' own (src/alerts/visibility.ts, evidence.ts)
  RiskRule: "alerts.rules",
  RiskRuleInput: "alerts.rules",
  Alert: "alerts.alerts",
  AlertEvidence: "alerts.alerts",
  AlertEvent: "alerts.alerts",
  AlertFilter: "alerts.alerts",
  AlertCounts: "alerts.alerts",
  AlertStatusCount: "alerts.alerts",
  AlertSeverityCount: "alerts.alerts",
  AlertCountyCount: "alerts.alerts",
  AlertRuleCount: "alerts.alerts",
  AlertDigest: "alerts.alerts",
  AlertDigestRow: "alerts.alerts",
  // A change record is reachable only through a `history` field, which carries the rule
  // (FINANCE_BUREAU, or the record's owner); its own fields add nothing to gate.
  ChangeRecord: "graph.structure",
  // the access layer itself
  SharingResource: "access.sharing",
  SharingCell: "access.sharing",
  PolicyChange: "access.sharing",
  AccessRequest: "access.sharing",
  AccessGrant: "access.sharing",
  AccessRequestFilter: "access.sharing",
  AuditEntry: "access.audit",
  AuditedRecord: "access.audit",
  AuditEntryFilter: "access.audit",
  Recipient: "access.audit",
  AuditChainVerdict: "access.auditChain",
  ApiKey: "access.keys",
  NewApiKey: "access.keys",
  ApiKeyInput: "access.keys",
  // signed webhooks (src/alerts/webhooks/)
  WebhookEndpoint: "alerts.webhooks",
  WebhookSecret: "alerts.webhooks",
  WebhookEndpointInput: "alerts.webhooks",
  WebhookDelivery: "alerts.webhooks",
  WebhookAttempt: "alerts.webhooks",
  WebhookDeliveryFilter: "alerts.webhooks",
  // issue 14: the caller's own budgets (src/limits/budget.query.ts)
  RateLimitBudget: "limits.budget",
  RateBudget: "limits.budget",
  DailyBudget: "limits.budget",
  // issue 10: disputes, notices, joint-punishment cases
  RecordDispute: "feedback.disputes",
  Notice: "feedback.notices",
  PunishmentCase: "feedback.punishment",
  PunishmentTask: "feedback.punishment",
  // issue 12: the on-demand evaluation's result
  RuleEvaluation: "alerts.rules",
  RuleEvaluationSummary: "alerts.rules",
};

/** Fields that belong to another resource than their type's. */
export const FIELD_RESOURCES: Record<string, ResourceName> = {
  // what an enterprise links to is the linked data's resource
  "Enterprise.legalRepresentative": "person.identity",
  "Enterprise.statements": "enterprise.statements",
  "Enterprise.latestStatement": "enterprise.statements",
  "Enterprise.assetLiabilityRatio": "enterprise.statements",
  "Enterprise.exceedsLiabilityWatchLine": "enterprise.statements",
  "Enterprise.shortLoansUsedLong": "enterprise.statements",
  "Enterprise.loans": "debt.loans",
  "Enterprise.topListEntries": "debt.monitoring",
  "Enterprise.deleveragingPlans": "debt.monitoring",
  "Enterprise.guaranteesGiven": "debt.guarantees",
  "Enterprise.guaranteesReceived": "debt.guarantees",
  "Enterprise.inGuaranteeCircle": "debt.guarantees",
  "Enterprise.guaranteeCircles": "debt.guarantees",
  "Enterprise.bonds": "bonds.repayment",
  "Enterprise.platform": "government.debt",
  "Enterprise.dishonestyRecords": "credit.dishonesty",
  "Enterprise.isOnDishonestyList": "credit.dishonesty",
  "Enterprise.creditEvaluations": "credit.evaluations",
  "Enterprise.fundraisingClues": "fundraising.clues",
  "County.governmentDebts": "government.debt",
  "County.governmentDebtBalance": "government.debt",
  "County.platforms": "government.debt",
  "County.pppProjects": "government.debt",
  "County.bondOnLendings": "government.debt",
  "County.venues": "venues.supervision",
  "County.fundraisingClues": "fundraising.clues",
  "Institution.loans": "debt.loans",
  "Institution.topListEntries": "debt.monitoring",
  "Institution.indicators": "institutions.bankIndicators",
  "Institution.ratings": "institutions.localOrgIndicators",
  "IndicatorValue.institution": "institutions.registry",
  "IndicatorValue.watchLine": "institutions.watchLines",
  "InstitutionRating.institution": "institutions.registry",
  "Bond.inspections": "bonds.inspections",
  "Loan.guarantees": "debt.guarantees",
  "Person.idNumber": "person.identifiers",
  "Person.phone": "person.identifiers",
  "Person.dishonestyRecords": "credit.dishonesty",
  "FundraisingClue.informant": "fundraising.informant",
  "FundraisingClue.rewardAmount": "fundraising.informant",
  "FundraisingClueInput.informant": "fundraising.informant",
  "FundraisingClueInput.rewardAmount": "fundraising.informant",
  "DirectFinancingGoal.board": "progress.reports",
  // filters on registration data are registration data, whatever list they narrow
  "LoanFilter.county": "enterprise.registration",
  "LoanFilter.industry": "enterprise.registration",
  "LoanFilter.borrower": "enterprise.registration",
  "TrustProductFilter.borrower": "enterprise.registration",
  "NplDisposal.bank": "institutions.registry",
  "NplDisposalFilter.borrower": "enterprise.registration",
  "ZombieAssetListing.enterprise": "enterprise.registration",
  "ZombieAssetListing.venue": "venues.supervision",
  "ZombieAssetListingFilter.enterprise": "enterprise.registration",
  "ZombieAssetListingFilter.county": "enterprise.registration",
  "PilotLoan.county": "enterprise.registration",
  "PilotLoan.bank": "institutions.registry",
  "PilotLoan.insurer": "institutions.registry",
  "Complaint.county": "enterprise.registration",
  "Complaint.institution": "institutions.registry",
  "Complaint.enterprise": "enterprise.registration",
  "Complaint.complainantName": "supervision.complainant",
  "Complaint.complainantIdNumber": "supervision.complainant",
  "Complaint.complainantPhone": "supervision.complainant",
  "ComplaintInput.complainantName": "supervision.complainant",
  "ComplaintInput.complainantIdNumber": "supervision.complainant",
  "ComplaintInput.complainantPhone": "supervision.complainant",
  "ComplaintFilter.county": "enterprise.registration",
  "ComplaintFilter.enterprise": "enterprise.registration",
  "Enterprise.actualController": "person.actualController",
  // size is derived from the statements' revenue and assets, so it reads (and filters) as they do
  "Enterprise.size": "enterprise.statements",
  "LoanFilter.enterpriseSize": "enterprise.statements",
  "Institution.smeNplTolerance": "institutions.bankIndicators",
  "ActualController.enterprise": "enterprise.registration",
  "ActualControllerFilter.enterprise": "enterprise.registration",
  "ActualControllerFilter.county": "enterprise.registration",
  "ActualControllerFilter.enterpriseOnList": "credit.dishonesty",
  "ActualControllerInput.person": "person.identifiers",
  "GuaranteeFilter.county": "enterprise.registration",
  "BondFilter.county": "enterprise.registration",
  "BondFilter.issuerUscc": "enterprise.registration",
  "DishonestyRecordFilter.county": "enterprise.registration",
  "DishonestyRecordFilter.enterprise": "enterprise.registration",
  // an enterprise risk filter reads the data it decides on, as the field of the same name does
  "EnterpriseFilter.debtRatioAbove": "enterprise.statements",
  "EnterpriseFilter.aboveDebtRatioWatchLine": "enterprise.statements",
  "EnterpriseFilter.shortLoansUsedLong": "enterprise.statements",
  "EnterpriseFilter.privateLendingShareAbove": "enterprise.statements",
  "EnterpriseFilter.inGuaranteeCircle": "debt.guarantees",
  "EnterpriseFilter.inMutualGuarantee": "debt.guarantees",
  "EnterpriseFilter.lendingBanksAtLeast": "debt.loans",
  "EnterpriseFilter.relatedPartyLending": "debt.loans",
  // an alert's history is its alert_event rows (the workflow), not a change log; its links are the linked records'
  "Alert.history": "alerts.alerts",
  "Alert.rule": "alerts.rules",
  "Alert.enterprise": "enterprise.registration",
  "Alert.institution": "institutions.registry",
  "Alert.bond": "bonds.repayment",
  "Alert.tradingVenue": "venues.supervision",
  "Alert.fundraisingClue": "fundraising.clues",
  "Alert.plan": "debt.monitoring",
  "Alert.rectificationOrder": "venues.supervision",
};

/**
 * Filter inputs that read more than their own resource: the filter guard (access/filter-guard.ts)
 * needs clear read access to each. Related-party lending links borrowers by their legal representative.
 */
export const FILTER_ALSO_READS: Record<string, readonly ResourceName[]> = {
  "EnterpriseFilter.relatedPartyLending": ["person.identity"],
};

/**
 * A person's identifiers belong to a resource that depends on how the person was reached: as an
 * informant (举报人), as a dishonesty subject (失信自然人), or otherwise (a legal representative).
 */
export const PERSON_IDENTIFIER_FIELDS = new Set(["idNumber", "phone"]);
export const PERSON_RESOURCE_BY_PARENT: Record<string, ResourceName> = {
  FundraisingClue: "fundraising.informant",
  DishonestyRecord: "credit.subjectIdNumber",
};

/** Every `history` field (on each record type) is the change history's. */
export const HISTORY_FIELD = "history";

/** Types that carry no data of their own: pagination, result wrappers, error shapes. */
export function isStructural(typeName: string): boolean {
  return (
    /Connection$|ConnectionEdge$|Edge$/.test(typeName) ||
    /^Mutation\w+Success$/.test(typeName) ||
    ["PageInfo", "Node", "MutationError", "ValidationError", "NotFoundError", "ConflictError", "FieldIssue"].includes(typeName)
  );
}

/** The order-field and group-key enums, whose values name the column sorted or grouped on. */
export const ENUM_VALUE_RESOURCES: Record<string, ResourceName> = {
  EnterpriseOrderField: "enterprise.registration",
  EnterpriseGroupKey: "enterprise.registration",
  LoanOrderField: "debt.loans",
  LoanGroupKey: "debt.loans",
  GuaranteeOrderField: "debt.guarantees",
  DeleveragingPlanOrderField: "debt.monitoring",
  BondOrderField: "bonds.repayment",
  BondDueGroupKey: "bonds.repayment",
  GovernmentDebtOrderField: "government.debt",
  GovernmentDebtGroupKey: "government.debt",
  InstitutionOrderField: "institutions.registry",
  DishonestyRecordOrderField: "credit.dishonesty",
  DishonestyGroupKey: "credit.dishonesty",
  FundraisingClueOrderField: "fundraising.clues",
  FundraisingClueGroupKey: "fundraising.clues",
  ProgressReportOrderField: "progress.reports",
  TrustProductOrderField: "debt.trustProducts",
  NplDisposalOrderField: "debt.nplDisposals",
  ZombieAssetListingOrderField: "enterprise.zombieAssets",
  PilotLoanOrderField: "debt.pilotLoans",
  ComplaintOrderField: "supervision.complaints",
};

/** Entry points: each query field reads its resource (aggregates included). */
export const QUERY_RESOURCES: Record<string, ResourceName> = {
  enterprise: "enterprise.registration",
  enterprises: "enterprise.registration",
  enterpriseCounts: "enterprise.registration",
  counties: "enterprise.registration",
  county: "enterprise.registration",
  node: "graph.structure",
  nodes: "graph.structure",
  loan: "debt.loans",
  loans: "debt.loans",
  loanBalances: "debt.loans",
  topList: "debt.monitoring",
  deleveragingPlan: "debt.monitoring",
  deleveragingPlans: "debt.monitoring",
  guarantee: "debt.guarantees",
  guarantees: "debt.guarantees",
  guaranteeCircles: "debt.guarantees",
  bond: "bonds.repayment",
  bonds: "bonds.repayment",
  bondPaymentsDue: "bonds.repayment",
  bondInspection: "bonds.inspections",
  bondInspections: "bonds.inspections",
  governmentDebt: "government.debt",
  governmentDebts: "government.debt",
  governmentDebtTotals: "government.debt",
  financingPlatform: "government.debt",
  financingPlatforms: "government.debt",
  pppProject: "government.debt",
  pppProjects: "government.debt",
  bondOnLending: "government.debt",
  bondOnLendings: "government.debt",
  institution: "institutions.registry",
  institutions: "institutions.registry",
  indicatorValues: "institutions.bankIndicators",
  institutionRatings: "institutions.localOrgIndicators",
  watchLines: "institutions.watchLines",
  tradingVenue: "venues.supervision",
  tradingVenues: "venues.supervision",
  rectificationOrders: "venues.supervision",
  dishonestyRecord: "credit.dishonesty",
  dishonestyRecords: "credit.dishonesty",
  dishonestyRecordCounts: "credit.dishonesty",
  dishonestyRecordChanges: "credit.dishonesty",
  fundraisingClue: "fundraising.clues",
  fundraisingClues: "fundraising.clues",
  fundraisingClueCounts: "fundraising.clues",
  directFinancingProgress: "progress.reports",
  progressReports: "progress.reports",
  missingProgressReports: "progress.reports",
  trustProduct: "debt.trustProducts",
  trustProducts: "debt.trustProducts",
  nplDisposal: "debt.nplDisposals",
  nplDisposals: "debt.nplDisposals",
  zombieAssetListing: "enterprise.zombieAssets",
  zombieAssetListings: "enterprise.zombieAssets",
  pilotLoans: "debt.pilotLoans",
  complaint: "supervision.complaints",
  complaints: "supervision.complaints",
  actualControllers: "person.actualController",
  riskRules: "alerts.rules",
  riskRule: "alerts.rules",
  alerts: "alerts.alerts",
  alertCounts: "alerts.alerts",
  alertDigest: "alerts.alerts",
  sharingPolicy: "access.sharing",
  policyChanges: "access.sharing",
  accessRequests: "access.sharing",
  accessGrants: "access.sharing",
  auditEntries: "access.audit",
  recipients: "access.audit",
  verifyAuditChain: "access.auditChain",
  apiKeys: "access.keys",
  webhookEndpoints: "alerts.webhooks",
  webhookDeliveries: "alerts.webhooks",
  rateLimitBudget: "limits.budget",
  disputes: "feedback.disputes",
  notices: "feedback.notices",
  punishmentCases: "feedback.punishment",
  punishmentCase: "feedback.punishment",
};

/** Each mutation writes one resource; by default its owners may call it. */
/** Subscriptions (src/alerts/alert.subscriptions.ts): each event is an alert, visible as in `alerts`. */
export const SUBSCRIPTION_RESOURCES: Record<string, ResourceName> = {
  alertRaised: "alerts.alerts",
  alertChanged: "alerts.alerts",
  noticeReceived: "feedback.notices",
};

export const MUTATION_RESOURCES: Record<string, ResourceName> = {
  upsertEnterprise: "enterprise.registration",
  retireEnterprise: "enterprise.registration",
  setZombieStatus: "enterprise.registration",
  upsertFinancialStatement: "enterprise.statements",
  retireFinancialStatement: "enterprise.statements",
  upsertLoan: "debt.loans",
  upsertLoans: "debt.loans",
  retireLoan: "debt.loans",
  submitTopList: "debt.monitoring",
  upsertDeleveragingPlan: "debt.monitoring",
  retireDeleveragingPlan: "debt.monitoring",
  upsertGuarantee: "debt.guarantees",
  retireGuarantee: "debt.guarantees",
  upsertBond: "bonds.repayment",
  retireBond: "bonds.repayment",
  setBondSchedule: "bonds.repayment",
  recordBondPayment: "bonds.repayment",
  recordAdvanceNotice: "bonds.repayment",
  recordBondInspection: "bonds.inspections",
  upsertGovernmentDebt: "government.debt",
  retireGovernmentDebt: "government.debt",
  recordDebtReplacement: "government.debt",
  upsertFinancingPlatform: "government.debt",
  upsertPppProject: "government.debt",
  upsertBondOnLending: "government.debt",
  reportIndicators: "institutions.bankIndicators",
  upsertWatchLine: "institutions.watchLines",
  rateInstitution: "institutions.localOrgIndicators",
  upsertTradingVenue: "venues.supervision",
  retireTradingVenue: "venues.supervision",
  recordVenueInspection: "venues.supervision",
  updateRectification: "venues.supervision",
  upsertDishonestyRecord: "credit.dishonesty",
  changeDishonestyStatus: "credit.dishonesty",
  deleteDishonestyRecord: "credit.dishonesty",
  addPunishmentMeasure: "credit.dishonesty",
  upsertCreditEvaluation: "credit.evaluations",
  upsertFundraisingClue: "fundraising.clues",
  advanceClueStatus: "fundraising.clues",
  fileFundraisingCase: "fundraising.clues",
  submitProgressReport: "progress.reports",
  upsertTrustProduct: "debt.trustProducts",
  retireTrustProduct: "debt.trustProducts",
  upsertNplDisposal: "debt.nplDisposals",
  retireNplDisposal: "debt.nplDisposals",
  upsertZombieAssetListing: "enterprise.zombieAssets",
  retireZombieAssetListing: "enterprise.zombieAssets",
  upsertPilotLoan: "debt.pilotLoans",
  upsertComplaint: "supervision.complaints",
  upsertActualController: "person.actualController",
  acknowledgeAlert: "alerts.alerts",
  startAlertDisposal: "alerts.alerts",
  resolveAlert: "alerts.alerts",
  dismissAlert: "alerts.alerts",
  commentOnAlert: "alerts.alerts",
  updateRiskRule: "alerts.rules",
  setPolicyCell: "access.sharing",
  requestAccess: "access.sharing",
  approveAccessRequest: "access.sharing",
  rejectAccessRequest: "access.sharing",
  revokeAccessGrant: "access.sharing",
  createApiKey: "access.keys",
  rotateApiKey: "access.keys",
  revokeApiKey: "access.keys",
  registerWebhookEndpoint: "alerts.webhooks",
  rotateWebhookSecret: "alerts.webhooks",
  revokeWebhookEndpoint: "alerts.webhooks",
  redeliverWebhook: "alerts.webhooks",
  // issue 12: runs the evaluation now (src/alerts/evaluation.mutations.ts)
  evaluateRiskRules: "alerts.rules",
  disputeRecord: "feedback.disputes",
  answerDispute: "feedback.disputes",
  acknowledgeNotice: "feedback.notices",
  initiatePunishmentCase: "feedback.punishment",
  respondToPunishmentCase: "feedback.punishment",
  feedBackPunishmentCase: "feedback.punishment",
};

const ALL_BUT_THE_CREDIT_PLATFORM = [
  "FINANCE_BUREAU", "PBOC", "CBRC", "DEVELOPMENT_REFORM", "FISCAL", "INSURANCE_ASSOC", "COMMERCE",
  "INDUSTRY_IT", "PUBLIC_SECURITY", "MARKET_REGULATION", "COUNTY",
] as const;

/**
 * Mutations whose writers are not simply the resource's owners. The resolvers check the finer,
 * row-level rules (e.g. which agency owns a bond of a given kind, which case a clue is in).
 */
export const MUTATION_WRITERS: Record<string, readonly string[]> = {
  setZombieStatus: ["INDUSTRY_IT"],
  upsertEnterprise: ["MARKET_REGULATION"],
  retireEnterprise: ["MARKET_REGULATION"],
  reportIndicators: ["CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"],
  fileFundraisingCase: ["PUBLIC_SECURITY"],
  // the pilot counties report their own county's rows (the resolver checks which county)
  upsertPilotLoan: ["FINANCE_BUREAU", "COUNTY"],
  upsertFundraisingClue: ["FINANCE_BUREAU"],
  advanceClueStatus: ["FINANCE_BUREAU"],
  // every member of the plan reports its own quarterly progress
  submitProgressReport: ALL_BUT_THE_CREDIT_PLATFORM,
  // the resolvers check that the alert is visible to the caller and assigned to its agency (src/alerts/workflow.ts)
  acknowledgeAlert: ALL_BUT_THE_CREDIT_PLATFORM,
  startAlertDisposal: ALL_BUT_THE_CREDIT_PLATFORM,
  resolveAlert: ALL_BUT_THE_CREDIT_PLATFORM,
  dismissAlert: ALL_BUT_THE_CREDIT_PLATFORM,
  commentOnAlert: ALL_BUT_THE_CREDIT_PLATFORM,
  // anyone may ask for a conditional resource; the resolvers check that deciders own it
  requestAccess: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  approveAccessRequest: ALL_BUT_THE_CREDIT_PLATFORM,
  rejectAccessRequest: ALL_BUT_THE_CREDIT_PLATFORM,
  revokeAccessGrant: ALL_BUT_THE_CREDIT_PLATFORM,
  // every agency system manages its own webhook endpoints (the resolvers limit it to its own key)
  registerWebhookEndpoint: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  rotateWebhookSecret: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  revokeWebhookEndpoint: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  redeliverWebhook: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  // issue 10: a recipient disputes (the resolver checks it received or may read the record); the
  // owner answers (the resolver checks it owns the record); every agency acknowledges its notices;
  // asked agencies respond and feed back (the resolvers check they are asked).
  disputeRecord: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  answerDispute: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  acknowledgeNotice: [...ALL_BUT_THE_CREDIT_PLATFORM, "CREDIT_PLATFORM"],
  respondToPunishmentCase: ALL_BUT_THE_CREDIT_PLATFORM,
  feedBackPunishmentCase: ALL_BUT_THE_CREDIT_PLATFORM,
};

/**
 * Resources only machine principals (SYSTEM keys) may read or write: a webhook is an agency
 * system's, and an analyst's USER key registering one would send data to a place no system owns.
 */
export const SYSTEM_ONLY_RESOURCES: ReadonlySet<string> = new Set(["alerts.webhooks"]);

/**
 * Indicator values belong to a resource by their institution's kind. The list of values
 * (Query.indicatorValues) and its filter are open to a principal that may read any of these
 * resources: its rows are limited in SQL to the kinds it may read (access/row-scope.ts), so what it
 * filters on is only ever data it reads.
 */
export const INDICATOR_LIST_FIELD = "Query.indicatorValues";
export const INDICATOR_FILTER_TYPE = "IndicatorValueFilter";
export const INDICATOR_RESOURCE_BY_KIND: Record<string, ResourceName> = {
  COMMERCIAL_BANK_BRANCH: "institutions.bankIndicators",
  LOCAL_LEGAL_PERSON_BANK: "institutions.bankIndicators",
  RURAL_CREDIT_COOP: "institutions.bankIndicators",
  SMALL_LOAN: "institutions.localOrgIndicators",
  FINANCING_GUARANTEE: "institutions.localOrgIndicators",
  FINANCING_LEASING: "institutions.localOrgIndicators",
  SECURITIES: "institutions.marketIndicators",
  FUTURES: "institutions.marketIndicators",
  INSURER: "institutions.marketIndicators",
};

export const INDICATOR_RESOURCES: readonly ResourceName[] = [...new Set(Object.values(INDICATOR_RESOURCE_BY_KIND))];
