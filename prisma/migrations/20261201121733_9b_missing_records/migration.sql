-- CreateEnum
CREATE TYPE "EnterpriseSize" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE');

-- CreateEnum
CREATE TYPE "CollateralType" AS ENUM ('CREDIT', 'GUARANTEE', 'REAL_ESTATE_MORTGAGE', 'EQUIPMENT_MORTGAGE', 'IP_PLEDGE', 'RECEIVABLES_PLEDGE', 'INVENTORY_PLEDGE', 'EQUITY_PLEDGE');

-- CreateEnum
CREATE TYPE "TrustProductKind" AS ENUM ('TRUST_PLAN', 'PRIVATE_ASSET_MANAGEMENT');

-- CreateEnum
CREATE TYPE "TrustProductStatus" AS ENUM ('OVERDUE', 'EXTENDED', 'IN_DISPOSAL', 'RESOLVED');

-- CreateEnum
CREATE TYPE "ComplaintChannel" AS ENUM ('HOTLINE', 'LETTER', 'VISIT', 'ONLINE', 'REFERRAL');

-- CreateEnum
CREATE TYPE "ComplaintCategory" AS ENUM ('MIS_SELLING', 'FEES', 'ILLEGAL_FUNDRAISING', 'DEBT_COLLECTION', 'SERVICE', 'OTHER');

-- CreateEnum
CREATE TYPE "ComplaintStatus" AS ENUM ('RECEIVED', 'IN_PROGRESS', 'HANDLED', 'UNFOUNDED');

-- CreateEnum
CREATE TYPE "NplDisposalMethod" AS ENUM ('WRITE_OFF', 'BATCH_TRANSFER', 'SECURITISATION', 'RESTRUCTURING', 'COLLECTION');

-- CreateEnum
CREATE TYPE "ZombieAssetKind" AS ENUM ('EQUITY', 'REAL_ESTATE', 'EQUIPMENT', 'LAND_USE_RIGHT');

-- CreateEnum
CREATE TYPE "ZombieAssetStatus" AS ENUM ('LISTED', 'TRANSACTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ControlBasis" AS ENUM ('EQUITY', 'AGREEMENT', 'FAMILY', 'OTHER');

-- AlterTable
ALTER TABLE "enterprise" ADD COLUMN     "size" "EnterpriseSize";

-- AlterTable
ALTER TABLE "institution" ADD COLUMN     "sme_npl_tolerance" DECIMAL(12,6);

-- AlterTable
ALTER TABLE "loan" ADD COLUMN     "collateral_type" "CollateralType",
ADD COLUMN     "is_green_credit" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "is_key_industry" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "trust_product" (
    "id" SERIAL NOT NULL,
    "product_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TrustProductKind" NOT NULL,
    "manager" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "due_date" DATE NOT NULL,
    "amount_overdue" DECIMAL(20,2) NOT NULL,
    "status" "TrustProductStatus" NOT NULL,
    "borrower_id" INTEGER,
    "disposal_progress" TEXT,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "trust_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pilot_loan" (
    "id" SERIAL NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "bank_id" INTEGER NOT NULL,
    "insurer_id" INTEGER NOT NULL,
    "loan_count" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "non_performing_amount" DECIMAL(20,2) NOT NULL,
    "compensation_paid" DECIMAL(20,2) NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'FINANCE_BUREAU',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "pilot_loan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint" (
    "id" SERIAL NOT NULL,
    "complaint_no" TEXT NOT NULL,
    "received_on" DATE NOT NULL,
    "channel" "ComplaintChannel" NOT NULL,
    "county_code" CHAR(6) NOT NULL,
    "institution_id" INTEGER,
    "enterprise_id" INTEGER,
    "category" "ComplaintCategory" NOT NULL,
    "summary" TEXT NOT NULL,
    "status" "ComplaintStatus" NOT NULL,
    "handled_on" DATE,
    "complainant_name" TEXT,
    "complainant_id_number" CHAR(18),
    "complainant_phone" VARCHAR(20),
    "owner_agency" "Agency" NOT NULL,
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npl_disposal" (
    "id" SERIAL NOT NULL,
    "disposal_no" TEXT NOT NULL,
    "bank_id" INTEGER NOT NULL,
    "period_end" DATE NOT NULL,
    "method" "NplDisposalMethod" NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "borrower_id" INTEGER,
    "counterparty" TEXT,
    "owner_agency" "Agency" NOT NULL DEFAULT 'CBRC',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "npl_disposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zombie_asset_listing" (
    "id" SERIAL NOT NULL,
    "listing_no" TEXT NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "asset_kind" "ZombieAssetKind" NOT NULL,
    "description" TEXT NOT NULL,
    "venue_id" INTEGER,
    "listed_on" DATE NOT NULL,
    "asking_price" DECIMAL(20,2) NOT NULL,
    "status" "ZombieAssetStatus" NOT NULL,
    "transaction_price" DECIMAL(20,2),
    "transacted_on" DATE,
    "owner_agency" "Agency" NOT NULL DEFAULT 'INDUSTRY_IT',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "zombie_asset_listing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actual_controller" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "person_id" INTEGER NOT NULL,
    "basis" "ControlBasis" NOT NULL,
    "share_ratio" DECIMAL(12,6),
    "identified_on" DATE NOT NULL,
    "owner_agency" "Agency" NOT NULL DEFAULT 'MARKET_REGULATION',
    "reported_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "actual_controller_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "trust_product_product_code_key" ON "trust_product"("product_code");

-- CreateIndex
CREATE INDEX "trust_product_borrower_id_idx" ON "trust_product"("borrower_id");

-- CreateIndex
CREATE INDEX "trust_product_due_date_idx" ON "trust_product"("due_date");

-- CreateIndex
CREATE UNIQUE INDEX "pilot_loan_county_code_year_bank_id_key" ON "pilot_loan"("county_code", "year", "bank_id");

-- CreateIndex
CREATE UNIQUE INDEX "complaint_complaint_no_key" ON "complaint"("complaint_no");

-- CreateIndex
CREATE INDEX "complaint_owner_agency_received_on_idx" ON "complaint"("owner_agency", "received_on");

-- CreateIndex
CREATE INDEX "complaint_county_code_idx" ON "complaint"("county_code");

-- CreateIndex
CREATE UNIQUE INDEX "npl_disposal_disposal_no_key" ON "npl_disposal"("disposal_no");

-- CreateIndex
CREATE INDEX "npl_disposal_bank_id_period_end_idx" ON "npl_disposal"("bank_id", "period_end");

-- CreateIndex
CREATE INDEX "npl_disposal_borrower_id_idx" ON "npl_disposal"("borrower_id");

-- CreateIndex
CREATE UNIQUE INDEX "zombie_asset_listing_listing_no_key" ON "zombie_asset_listing"("listing_no");

-- CreateIndex
CREATE INDEX "zombie_asset_listing_enterprise_id_idx" ON "zombie_asset_listing"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "actual_controller_enterprise_id_key" ON "actual_controller"("enterprise_id");

-- CreateIndex
CREATE INDEX "actual_controller_person_id_idx" ON "actual_controller"("person_id");

-- AddForeignKey
ALTER TABLE "trust_product" ADD CONSTRAINT "trust_product_borrower_id_fkey" FOREIGN KEY ("borrower_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pilot_loan" ADD CONSTRAINT "pilot_loan_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pilot_loan" ADD CONSTRAINT "pilot_loan_bank_id_fkey" FOREIGN KEY ("bank_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pilot_loan" ADD CONSTRAINT "pilot_loan_insurer_id_fkey" FOREIGN KEY ("insurer_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_county_code_fkey" FOREIGN KEY ("county_code") REFERENCES "county"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npl_disposal" ADD CONSTRAINT "npl_disposal_bank_id_fkey" FOREIGN KEY ("bank_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npl_disposal" ADD CONSTRAINT "npl_disposal_borrower_id_fkey" FOREIGN KEY ("borrower_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zombie_asset_listing" ADD CONSTRAINT "zombie_asset_listing_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zombie_asset_listing" ADD CONSTRAINT "zombie_asset_listing_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "trading_venue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actual_controller" ADD CONSTRAINT "actual_controller_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actual_controller" ADD CONSTRAINT "actual_controller_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
