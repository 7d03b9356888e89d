-- CreateEnum
CREATE TYPE "Agency" AS ENUM ('FINANCE_BUREAU', 'PBOC', 'CBRC', 'DEVELOPMENT_REFORM', 'FISCAL', 'INSURANCE_ASSOC', 'COMMERCE', 'INDUSTRY_IT', 'PUBLIC_SECURITY', 'MARKET_REGULATION', 'COUNTY', 'CREDIT_PLATFORM');

-- CreateEnum
CREATE TYPE "PrincipalKind" AS ENUM ('SYSTEM', 'USER');

-- CreateEnum
CREATE TYPE "ListingStatus" AS ENUM ('A_SHARE', 'NEEQ', 'REGIONAL_EQUITY', 'NONE');

-- CreateEnum
CREATE TYPE "KeyIndustry" AS ENUM ('NICKEL_ALLOY', 'YACHT', 'NEW_BUILDING_MATERIALS', 'MARINE_EQUIPMENT', 'POWER_ENERGY');

-- CreateEnum
CREATE TYPE "StatementPeriod" AS ENUM ('ANNUAL', 'QUARTERLY');

-- CreateEnum
CREATE TYPE "LoanClassification" AS ENUM ('NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS');

-- CreateEnum
CREATE TYPE "GuaranteeKind" AS ENUM ('SURETY', 'MORTGAGE', 'PLEDGE');

-- CreateEnum
CREATE TYPE "TopListKind" AS ENUM ('TOP_BORROWERS', 'TOP_CREDIT_RISK');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'ACTIVE', 'COMPLETED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "BondKind" AS ENUM ('ENTERPRISE_BOND', 'CORPORATE_BOND', 'MTN', 'CP', 'SCP', 'ABN', 'COLLECTIVE_NOTE', 'IP_ABS');

-- CreateEnum
CREATE TYPE "BondStatus" AS ENUM ('OUTSTANDING', 'REPAID', 'DEFAULTED');

-- CreateEnum
CREATE TYPE "BondFlowKind" AS ENUM ('COUPON', 'PRINCIPAL');

-- CreateEnum
CREATE TYPE "PaymentOutcome" AS ENUM ('ON_TIME', 'LATE', 'DEFAULT', 'EXTENDED');

-- CreateEnum
CREATE TYPE "InspectionFindingKind" AS ENUM ('PROCEEDS_MISUSE', 'UNDISCLOSED_RESTRUCTURING', 'LATE_DISCLOSURE', 'REPAYMENT_SAFEGUARD', 'OTHER');

-- CreateEnum
CREATE TYPE "GovernmentDebtClass" AS ENUM ('GENERAL', 'SPECIAL', 'CONTINGENT_GUARANTEE', 'CONTINGENT_RESCUE');

-- CreateEnum
CREATE TYPE "DebtInstrument" AS ENUM ('GOVERNMENT_BOND', 'BANK_LOAN', 'TRUST', 'BT_PROJECT', 'OTHER');

-- CreateEnum
CREATE TYPE "TransformationStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'TRANSFORMED', 'EXITED');

-- CreateEnum
CREATE TYPE "PppStatus" AS ENUM ('PREPARATION', 'PROCUREMENT', 'EXECUTION', 'HANDOVER');

-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('COMMERCIAL_BANK_BRANCH', 'LOCAL_LEGAL_PERSON_BANK', 'RURAL_CREDIT_COOP', 'SECURITIES', 'FUTURES', 'INSURER', 'SMALL_LOAN', 'FINANCING_GUARANTEE', 'FINANCING_LEASING');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('LEVERAGE_RATIO', 'NPL_RATIO', 'CAPITAL_ADEQUACY_RATIO', 'NET_CAPITAL_TO_RISK_RESERVES', 'NET_CAPITAL_TO_NET_ASSETS', 'COMPREHENSIVE_SOLVENCY', 'CORE_SOLVENCY', 'BANK_FUNDING_TO_NET_CAPITAL', 'GUARANTEE_LIABILITY_MULTIPLE', 'RISK_ASSET_MULTIPLE');

-- CreateEnum
CREATE TYPE "Comparator" AS ENUM ('AT_LEAST', 'AT_MOST', 'BELOW');

-- CreateEnum
CREATE TYPE "VenueKind" AS ENUM ('EQUITY_EXCHANGE', 'FINANCIAL_ASSET_EXCHANGE', 'PROPERTY_RIGHTS_EXCHANGE', 'BULK_COMMODITY_MARKET');

-- CreateEnum
CREATE TYPE "VenueStatus" AS ENUM ('OPERATING', 'SUSPENDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ViolationKind" AS ENUM ('ILLEGAL_FINANCIAL_BUSINESS', 'SPLIT_OR_POOLED_TRADING', 'DISCLOSURE', 'INVESTOR_SUITABILITY', 'OTHER');

-- CreateEnum
CREATE TYPE "RectificationStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'COMPLETED', 'OVERDUE');

-- CreateEnum
CREATE TYPE "DishonestyList" AS ENUM ('COURT_JUDGMENT_DEBTOR', 'DEBT_EVASION', 'ILLEGAL_FUNDRAISING', 'TAX_VIOLATION', 'SERIOUS_VIOLATION');

-- CreateEnum
CREATE TYPE "DishonestyStatus" AS ENUM ('ACTIVE', 'REPAIRED', 'EXPIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('ENTERPRISE', 'PERSON');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('UPSERT', 'TOMBSTONE');

-- CreateEnum
CREATE TYPE "PunishmentMeasure" AS ENUM ('RESTRICT_FINANCING', 'RESTRICT_BIDDING', 'RESTRICT_HIGH_CONSUMPTION', 'RESTRICT_SUBSIDIES', 'RESTRICT_OFFICE', 'ENHANCED_SUPERVISION');

-- CreateEnum
CREATE TYPE "ClueSource" AS ENUM ('REPORT', 'MONITORING', 'ADVERTISING_CHECK', 'REFERRAL');

-- CreateEnum
CREATE TYPE "ClueStatus" AS ENUM ('CLUE', 'INVESTIGATING', 'CASE_FILED', 'DISPOSED');

-- CreateTable
CREATE TABLE "county" (
    "code" CHAR(6) NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "is_city" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "county_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "industry" (
    "code" VARCHAR(4) NOT NULL,
    "section" CHAR(1) NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,

    CONSTRAINT "industry_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6),
    "name" TEXT NOT NULL,
    "kind" "PrincipalKind" NOT NULL DEFAULT 'SYSTEM',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL DEFAULT 'seed',
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "id_number" CHAR(18) NOT NULL,
    "phone" VARCHAR(20),
    "county_code" CHAR(6),
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise" (
    "id" SERIAL NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "name" TEXT NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "industry_code" VARCHAR(4) NOT NULL,
    "listing_status" "ListingStatus" NOT NULL DEFAULT 'NONE',
    "listed_on" DATE,
    "key_industries" "KeyIndustry"[],
    "is_zombie" BOOLEAN NOT NULL DEFAULT false,
    "is_high_tech" BOOLEAN NOT NULL DEFAULT false,
    "registered_capital" DECIMAL(20,2) NOT NULL,
    "established_on" DATE NOT NULL,
    "legal_representative_id" INTEGER,
    "owner_agency" "Agency" NOT NULL DEFAULT 'MARKET_REGULATION',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "financial_statement" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "period_end" DATE NOT NULL,
    "period_type" "StatementPeriod" NOT NULL,
    "total_assets" DECIMAL(20,2) NOT NULL,
    "current_assets" DECIMAL(20,2) NOT NULL,
    "total_liabilities" DECIMAL(20,2) NOT NULL,
    "current_liabilities" DECIMAL(20,2) NOT NULL,
    "short_term_borrowings" DECIMAL(20,2) NOT NULL,
    "long_term_borrowings" DECIMAL(20,2) NOT NULL,
    "private_lending" DECIMAL(20,2) NOT NULL,
    "revenue" DECIMAL(20,2) NOT NULL,
    "net_profit" DECIMAL(20,2) NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'PBOC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "financial_statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan" (
    "id" SERIAL NOT NULL,
    "contract_no" TEXT NOT NULL,
    "lender_id" INTEGER NOT NULL,
    "borrower_id" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "balance" DECIMAL(20,2) NOT NULL,
    "interest_rate" DECIMAL(12,6) NOT NULL,
    "start_date" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "purpose" TEXT NOT NULL,
    "classification" "LoanClassification" NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "loan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guarantee" (
    "id" SERIAL NOT NULL,
    "contract_no" TEXT NOT NULL,
    "guarantor_id" INTEGER NOT NULL,
    "borrower_id" INTEGER NOT NULL,
    "loan_id" INTEGER,
    "amount" DECIMAL(20,2) NOT NULL,
    "kind" "GuaranteeKind" NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "guarantee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "top_list_entry" (
    "id" SERIAL NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "kind" "TopListKind" NOT NULL,
    "rank" INTEGER NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "exposure" DECIMAL(20,2) NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "top_list_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deleveraging_plan" (
    "id" SERIAL NOT NULL,
    "plan_no" TEXT NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "lead_institution_id" INTEGER NOT NULL,
    "adopted_on" DATE NOT NULL,
    "target_date" DATE NOT NULL,
    "target_liability_ratio" DECIMAL(12,6) NOT NULL,
    "measures" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "deleveraging_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer_id" INTEGER NOT NULL,
    "kind" "BondKind" NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "coupon_rate" DECIMAL(12,6) NOT NULL,
    "issue_date" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "stated_purpose" TEXT NOT NULL,
    "status" "BondStatus" NOT NULL DEFAULT 'OUTSTANDING',
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "bond_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond_schedule_item" (
    "id" SERIAL NOT NULL,
    "bond_id" INTEGER NOT NULL,
    "due_date" DATE NOT NULL,
    "kind" "BondFlowKind" NOT NULL,
    "amount_due" DECIMAL(20,2) NOT NULL,
    "notice_sent_at" TIMESTAMP(3),
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "bond_schedule_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond_payment" (
    "id" SERIAL NOT NULL,
    "schedule_item_id" INTEGER NOT NULL,
    "paid_on" DATE,
    "amount_paid" DECIMAL(20,2) NOT NULL,
    "outcome" "PaymentOutcome" NOT NULL,
    "note" TEXT,
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "bond_payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond_inspection" (
    "id" SERIAL NOT NULL,
    "inspection_no" TEXT NOT NULL,
    "bond_id" INTEGER NOT NULL,
    "inspected_on" DATE NOT NULL,
    "inspector" TEXT NOT NULL,
    "conclusion" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'DEVELOPMENT_REFORM',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "bond_inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond_inspection_finding" (
    "id" SERIAL NOT NULL,
    "inspection_id" INTEGER NOT NULL,
    "kind" "InspectionFindingKind" NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "bond_inspection_finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "government_debt" (
    "id" SERIAL NOT NULL,
    "debt_no" TEXT NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "debt_class" "GovernmentDebtClass" NOT NULL,
    "instrument" "DebtInstrument" NOT NULL,
    "borrower_unit" TEXT NOT NULL,
    "platform_id" INTEGER,
    "principal" DECIMAL(20,2) NOT NULL,
    "balance" DECIMAL(20,2) NOT NULL,
    "start_date" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FISCAL',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "government_debt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bond_on_lending" (
    "id" SERIAL NOT NULL,
    "reference_no" TEXT NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "provincial_bond_code" TEXT NOT NULL,
    "debt_class" "GovernmentDebtClass" NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "lent_on" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "purpose" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FISCAL',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "bond_on_lending_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "debt_replacement" (
    "id" SERIAL NOT NULL,
    "government_debt_id" INTEGER NOT NULL,
    "replaced_on" DATE NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "replacement_bond_code" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FISCAL',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "debt_replacement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "financing_platform" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "supervising_department" TEXT NOT NULL,
    "transformation_status" "TransformationStatus" NOT NULL,
    "transformation_note" TEXT,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FISCAL',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "financing_platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ppp_project" (
    "id" SERIAL NOT NULL,
    "project_no" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "partner_id" INTEGER,
    "total_investment" DECIMAL(20,2) NOT NULL,
    "annual_government_payment" DECIMAL(20,2) NOT NULL,
    "start_date" DATE NOT NULL,
    "term_years" INTEGER NOT NULL,
    "status" "PppStatus" NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FISCAL',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "ppp_project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "institution" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "InstitutionKind" NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indicator_value" (
    "id" SERIAL NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "period_end" DATE NOT NULL,
    "indicator" "IndicatorKind" NOT NULL,
    "value" DECIMAL(12,6) NOT NULL,
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "indicator_value_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "watch_line" (
    "id" SERIAL NOT NULL,
    "indicator" "IndicatorKind" NOT NULL,
    "institution_kinds" "InstitutionKind"[],
    "comparator" "Comparator" NOT NULL,
    "threshold" DECIMAL(12,6) NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "legal_source" TEXT NOT NULL,
    "note" TEXT,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "watch_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "institution_rating" (
    "id" SERIAL NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "rating" VARCHAR(4) NOT NULL,
    "rated_by" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "institution_rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_venue" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "VenueKind" NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "approved_on" DATE NOT NULL,
    "status" "VenueStatus" NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "trading_venue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "venue_inspection" (
    "id" SERIAL NOT NULL,
    "inspection_no" TEXT NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "inspected_on" DATE NOT NULL,
    "inspector" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "venue_inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "venue_violation" (
    "id" SERIAL NOT NULL,
    "inspection_id" INTEGER NOT NULL,
    "kind" "ViolationKind" NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "venue_violation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rectification_order" (
    "id" SERIAL NOT NULL,
    "order_no" TEXT NOT NULL,
    "violation_id" INTEGER NOT NULL,
    "issued_on" DATE NOT NULL,
    "deadline" DATE NOT NULL,
    "status" "RectificationStatus" NOT NULL,
    "completed_on" DATE,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "rectification_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dishonesty_record" (
    "id" SERIAL NOT NULL,
    "document_no" TEXT NOT NULL,
    "subject_type" "SubjectType" NOT NULL,
    "enterprise_id" INTEGER,
    "person_id" INTEGER,
    "county_code" CHAR(6) NOT NULL,
    "list" "DishonestyList" NOT NULL,
    "source_agency" TEXT NOT NULL,
    "decided_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listed_on" DATE NOT NULL,
    "expires_on" DATE,
    "status" "DishonestyStatus" NOT NULL,
    "status_changed_on" DATE,
    "change_seq" BIGINT NOT NULL,
    "deleted_at" TIMESTAMP(3),
    "owner_agency" "Agency" NOT NULL DEFAULT 'DEVELOPMENT_REFORM',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "dishonesty_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dishonesty_record_change" (
    "seq" BIGINT NOT NULL,
    "record_id" INTEGER NOT NULL,
    "document_no" TEXT NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "status" "DishonestyStatus" NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_by" TEXT NOT NULL,

    CONSTRAINT "dishonesty_record_change_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "change_counter" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "change_counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "joint_punishment_measure" (
    "id" SERIAL NOT NULL,
    "record_id" INTEGER NOT NULL,
    "agency" "Agency" NOT NULL,
    "measure" "PunishmentMeasure" NOT NULL,
    "applied_on" DATE NOT NULL,

    CONSTRAINT "joint_punishment_measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_evaluation" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "evaluated_on" DATE NOT NULL,
    "grade" VARCHAR(4) NOT NULL,
    "evaluator" TEXT NOT NULL,
    "valid_until" DATE NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'PBOC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "credit_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fundraising_clue" (
    "id" SERIAL NOT NULL,
    "clue_no" TEXT NOT NULL,
    "source" "ClueSource" NOT NULL,
    "received_on" DATE NOT NULL,
    "suspect_name" TEXT NOT NULL,
    "suspect_enterprise_id" INTEGER,
    "county_code" CHAR(6) NOT NULL,
    "description" TEXT NOT NULL,
    "amount_involved" DECIMAL(20,2) NOT NULL,
    "people_affected" INTEGER NOT NULL,
    "status" "ClueStatus" NOT NULL,
    "informant_id" INTEGER,
    "reward_amount" DECIMAL(20,2),
    "case_no" TEXT,
    "case_filed_on" DATE,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "fundraising_clue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "direct_financing_goal" (
    "id" SERIAL NOT NULL,
    "board" "ListingStatus" NOT NULL,
    "target_count" INTEGER NOT NULL,
    "deadline" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "direct_financing_goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "progress_report" (
    "id" SERIAL NOT NULL,
    "agency" "Agency" NOT NULL,
    "county_code" CHAR(6) NOT NULL DEFAULT '441700',
    "quarter_end" DATE NOT NULL,
    "summary" TEXT NOT NULL,
    "submitted_at" TIMESTAMP(3) NOT NULL,
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "progress_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash");

-- CreateIndex
CREATE INDEX "api_key_agency_idx" ON "api_key"("agency");

-- CreateIndex
CREATE UNIQUE INDEX "person_id_number_key" ON "person"("id_number");

-- CreateIndex
CREATE INDEX "person_updated_at_idx" ON "person"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_uscc_key" ON "enterprise"("uscc");

-- CreateIndex
CREATE INDEX "enterprise_county_code_industry_code_idx" ON "enterprise"("county_code", "industry_code");

-- CreateIndex
CREATE INDEX "enterprise_industry_code_idx" ON "enterprise"("industry_code");

-- CreateIndex
CREATE INDEX "enterprise_listing_status_idx" ON "enterprise"("listing_status");

-- CreateIndex
CREATE INDEX "enterprise_updated_at_idx" ON "enterprise"("updated_at");

-- CreateIndex
CREATE INDEX "financial_statement_period_end_idx" ON "financial_statement"("period_end");

-- CreateIndex
CREATE INDEX "financial_statement_updated_at_idx" ON "financial_statement"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "financial_statement_enterprise_id_period_end_period_type_key" ON "financial_statement"("enterprise_id", "period_end", "period_type");

-- CreateIndex
CREATE UNIQUE INDEX "loan_contract_no_key" ON "loan"("contract_no");

-- CreateIndex
CREATE INDEX "loan_borrower_id_idx" ON "loan"("borrower_id");

-- CreateIndex
CREATE INDEX "loan_lender_id_classification_idx" ON "loan"("lender_id", "classification");

-- CreateIndex
CREATE INDEX "loan_classification_idx" ON "loan"("classification");

-- CreateIndex
CREATE INDEX "loan_maturity_date_idx" ON "loan"("maturity_date");

-- CreateIndex
CREATE INDEX "loan_updated_at_idx" ON "loan"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "guarantee_contract_no_key" ON "guarantee"("contract_no");

-- CreateIndex
CREATE INDEX "guarantee_guarantor_id_idx" ON "guarantee"("guarantor_id");

-- CreateIndex
CREATE INDEX "guarantee_borrower_id_idx" ON "guarantee"("borrower_id");

-- CreateIndex
CREATE INDEX "guarantee_loan_id_idx" ON "guarantee"("loan_id");

-- CreateIndex
CREATE INDEX "guarantee_updated_at_idx" ON "guarantee"("updated_at");

-- CreateIndex
CREATE INDEX "top_list_entry_enterprise_id_idx" ON "top_list_entry"("enterprise_id");

-- CreateIndex
CREATE INDEX "top_list_entry_month_idx" ON "top_list_entry"("month");

-- CreateIndex
CREATE UNIQUE INDEX "top_list_entry_institution_id_month_kind_rank_key" ON "top_list_entry"("institution_id", "month", "kind", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "deleveraging_plan_plan_no_key" ON "deleveraging_plan"("plan_no");

-- CreateIndex
CREATE INDEX "deleveraging_plan_enterprise_id_idx" ON "deleveraging_plan"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "bond_code_key" ON "bond"("code");

-- CreateIndex
CREATE INDEX "bond_issuer_id_idx" ON "bond"("issuer_id");

-- CreateIndex
CREATE INDEX "bond_kind_idx" ON "bond"("kind");

-- CreateIndex
CREATE INDEX "bond_maturity_date_idx" ON "bond"("maturity_date");

-- CreateIndex
CREATE INDEX "bond_updated_at_idx" ON "bond"("updated_at");

-- CreateIndex
CREATE INDEX "bond_schedule_item_due_date_idx" ON "bond_schedule_item"("due_date");

-- CreateIndex
CREATE UNIQUE INDEX "bond_schedule_item_bond_id_due_date_kind_key" ON "bond_schedule_item"("bond_id", "due_date", "kind");

-- CreateIndex
CREATE INDEX "bond_payment_schedule_item_id_idx" ON "bond_payment"("schedule_item_id");

-- CreateIndex
CREATE INDEX "bond_payment_outcome_idx" ON "bond_payment"("outcome");

-- CreateIndex
CREATE UNIQUE INDEX "bond_inspection_inspection_no_key" ON "bond_inspection"("inspection_no");

-- CreateIndex
CREATE INDEX "bond_inspection_bond_id_idx" ON "bond_inspection"("bond_id");

-- CreateIndex
CREATE INDEX "bond_inspection_inspected_on_idx" ON "bond_inspection"("inspected_on");

-- CreateIndex
CREATE INDEX "bond_inspection_finding_inspection_id_idx" ON "bond_inspection_finding"("inspection_id");

-- CreateIndex
CREATE UNIQUE INDEX "government_debt_debt_no_key" ON "government_debt"("debt_no");

-- CreateIndex
CREATE INDEX "government_debt_county_code_debt_class_idx" ON "government_debt"("county_code", "debt_class");

-- CreateIndex
CREATE INDEX "government_debt_maturity_date_idx" ON "government_debt"("maturity_date");

-- CreateIndex
CREATE INDEX "government_debt_platform_id_idx" ON "government_debt"("platform_id");

-- CreateIndex
CREATE INDEX "government_debt_updated_at_idx" ON "government_debt"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "bond_on_lending_reference_no_key" ON "bond_on_lending"("reference_no");

-- CreateIndex
CREATE INDEX "bond_on_lending_county_code_idx" ON "bond_on_lending"("county_code");

-- CreateIndex
CREATE INDEX "debt_replacement_government_debt_id_idx" ON "debt_replacement"("government_debt_id");

-- CreateIndex
CREATE UNIQUE INDEX "financing_platform_enterprise_id_key" ON "financing_platform"("enterprise_id");

-- CreateIndex
CREATE INDEX "financing_platform_county_code_idx" ON "financing_platform"("county_code");

-- CreateIndex
CREATE UNIQUE INDEX "ppp_project_project_no_key" ON "ppp_project"("project_no");

-- CreateIndex
CREATE INDEX "ppp_project_county_code_idx" ON "ppp_project"("county_code");

-- CreateIndex
CREATE UNIQUE INDEX "institution_code_key" ON "institution"("code");

-- CreateIndex
CREATE INDEX "institution_kind_idx" ON "institution"("kind");

-- CreateIndex
CREATE INDEX "indicator_value_period_end_indicator_idx" ON "indicator_value"("period_end", "indicator");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_value_institution_id_period_end_indicator_key" ON "indicator_value"("institution_id", "period_end", "indicator");

-- CreateIndex
CREATE INDEX "watch_line_indicator_effective_from_idx" ON "watch_line"("indicator", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "institution_rating_institution_id_year_key" ON "institution_rating"("institution_id", "year");

-- CreateIndex
CREATE UNIQUE INDEX "trading_venue_code_key" ON "trading_venue"("code");

-- CreateIndex
CREATE UNIQUE INDEX "trading_venue_uscc_key" ON "trading_venue"("uscc");

-- CreateIndex
CREATE INDEX "trading_venue_county_code_idx" ON "trading_venue"("county_code");

-- CreateIndex
CREATE UNIQUE INDEX "venue_inspection_inspection_no_key" ON "venue_inspection"("inspection_no");

-- CreateIndex
CREATE INDEX "venue_inspection_venue_id_idx" ON "venue_inspection"("venue_id");

-- CreateIndex
CREATE INDEX "venue_violation_inspection_id_idx" ON "venue_violation"("inspection_id");

-- CreateIndex
CREATE UNIQUE INDEX "rectification_order_order_no_key" ON "rectification_order"("order_no");

-- CreateIndex
CREATE UNIQUE INDEX "rectification_order_violation_id_key" ON "rectification_order"("violation_id");

-- CreateIndex
CREATE INDEX "rectification_order_deadline_idx" ON "rectification_order"("deadline");

-- CreateIndex
CREATE UNIQUE INDEX "dishonesty_record_document_no_key" ON "dishonesty_record"("document_no");

-- CreateIndex
CREATE UNIQUE INDEX "dishonesty_record_change_seq_key" ON "dishonesty_record"("change_seq");

-- CreateIndex
CREATE INDEX "dishonesty_record_enterprise_id_idx" ON "dishonesty_record"("enterprise_id");

-- CreateIndex
CREATE INDEX "dishonesty_record_person_id_idx" ON "dishonesty_record"("person_id");

-- CreateIndex
CREATE INDEX "dishonesty_record_county_code_list_status_idx" ON "dishonesty_record"("county_code", "list", "status");

-- CreateIndex
CREATE INDEX "dishonesty_record_updated_at_idx" ON "dishonesty_record"("updated_at");

-- CreateIndex
CREATE INDEX "dishonesty_record_change_record_id_idx" ON "dishonesty_record_change"("record_id");

-- CreateIndex
CREATE UNIQUE INDEX "joint_punishment_measure_record_id_agency_measure_key" ON "joint_punishment_measure"("record_id", "agency", "measure");

-- CreateIndex
CREATE UNIQUE INDEX "credit_evaluation_enterprise_id_evaluated_on_evaluator_key" ON "credit_evaluation"("enterprise_id", "evaluated_on", "evaluator");

-- CreateIndex
CREATE UNIQUE INDEX "fundraising_clue_clue_no_key" ON "fundraising_clue"("clue_no");

-- CreateIndex
CREATE UNIQUE INDEX "fundraising_clue_case_no_key" ON "fundraising_clue"("case_no");

-- CreateIndex
CREATE INDEX "fundraising_clue_county_code_status_idx" ON "fundraising_clue"("county_code", "status");

-- CreateIndex
CREATE INDEX "fundraising_clue_suspect_enterprise_id_idx" ON "fundraising_clue"("suspect_enterprise_id");

-- CreateIndex
CREATE INDEX "fundraising_clue_updated_at_idx" ON "fundraising_clue"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "direct_financing_goal_board_key" ON "direct_financing_goal"("board");

-- CreateIndex
CREATE INDEX "progress_report_quarter_end_idx" ON "progress_report"("quarter_end");

-- CreateIndex
CREATE UNIQUE INDEX "progress_report_agency_county_code_quarter_end_key" ON "progress_report"("agency", "county_code", "quarter_end");

-- AddForeignKey
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_industry_code_fkey" FOREIGN KEY ("industry_code") REFERENCES "industry"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_legal_representative_id_fkey" FOREIGN KEY ("legal_representative_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financial_statement" ADD CONSTRAINT "financial_statement_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan" ADD CONSTRAINT "loan_lender_id_fkey" FOREIGN KEY ("lender_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan" ADD CONSTRAINT "loan_borrower_id_fkey" FOREIGN KEY ("borrower_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guarantee" ADD CONSTRAINT "guarantee_guarantor_id_fkey" FOREIGN KEY ("guarantor_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guarantee" ADD CONSTRAINT "guarantee_borrower_id_fkey" FOREIGN KEY ("borrower_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guarantee" ADD CONSTRAINT "guarantee_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "top_list_entry" ADD CONSTRAINT "top_list_entry_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "top_list_entry" ADD CONSTRAINT "top_list_entry_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deleveraging_plan" ADD CONSTRAINT "deleveraging_plan_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deleveraging_plan" ADD CONSTRAINT "deleveraging_plan_lead_institution_id_fkey" FOREIGN KEY ("lead_institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond" ADD CONSTRAINT "bond_issuer_id_fkey" FOREIGN KEY ("issuer_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond_schedule_item" ADD CONSTRAINT "bond_schedule_item_bond_id_fkey" FOREIGN KEY ("bond_id") REFERENCES "bond"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond_payment" ADD CONSTRAINT "bond_payment_schedule_item_id_fkey" FOREIGN KEY ("schedule_item_id") REFERENCES "bond_schedule_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond_inspection" ADD CONSTRAINT "bond_inspection_bond_id_fkey" FOREIGN KEY ("bond_id") REFERENCES "bond"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond_inspection_finding" ADD CONSTRAINT "bond_inspection_finding_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "bond_inspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "government_debt" ADD CONSTRAINT "government_debt_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "government_debt" ADD CONSTRAINT "government_debt_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "financing_platform"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bond_on_lending" ADD CONSTRAINT "bond_on_lending_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "debt_replacement" ADD CONSTRAINT "debt_replacement_government_debt_id_fkey" FOREIGN KEY ("government_debt_id") REFERENCES "government_debt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financing_platform" ADD CONSTRAINT "financing_platform_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financing_platform" ADD CONSTRAINT "financing_platform_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ppp_project" ADD CONSTRAINT "ppp_project_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ppp_project" ADD CONSTRAINT "ppp_project_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "institution" ADD CONSTRAINT "institution_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "institution_rating" ADD CONSTRAINT "institution_rating_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trading_venue" ADD CONSTRAINT "trading_venue_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "venue_inspection" ADD CONSTRAINT "venue_inspection_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "trading_venue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "venue_violation" ADD CONSTRAINT "venue_violation_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "venue_inspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rectification_order" ADD CONSTRAINT "rectification_order_violation_id_fkey" FOREIGN KEY ("violation_id") REFERENCES "venue_violation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dishonesty_record" ADD CONSTRAINT "dishonesty_record_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dishonesty_record" ADD CONSTRAINT "dishonesty_record_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dishonesty_record" ADD CONSTRAINT "dishonesty_record_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dishonesty_record_change" ADD CONSTRAINT "dishonesty_record_change_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "dishonesty_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "joint_punishment_measure" ADD CONSTRAINT "joint_punishment_measure_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "dishonesty_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_evaluation" ADD CONSTRAINT "credit_evaluation_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fundraising_clue" ADD CONSTRAINT "fundraising_clue_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fundraising_clue" ADD CONSTRAINT "fundraising_clue_suspect_enterprise_id_fkey" FOREIGN KEY ("suspect_enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fundraising_clue" ADD CONSTRAINT "fundraising_clue_informant_id_fkey" FOREIGN KEY ("informant_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
