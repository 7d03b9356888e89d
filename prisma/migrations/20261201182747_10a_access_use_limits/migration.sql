-- AlterTable
ALTER TABLE "access_grant" ADD COLUMN     "delete_when_purpose_achieved" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "no_onward_sharing" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "purpose_achieved_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "systems" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- The demo credit platform key keeps running its registered operations: it syncs (clients/credit-platform/), follows alerts (clients/alert-subscriber/) and manages its webhooks (clients/agency-webhooks/). Other existing SYSTEM keys are bound to no system until re-issued with one (docs/deploy.md).
UPDATE "api_key" SET "systems" = ARRAY['credit-platform', 'alert-subscriber', 'agency-webhooks']::TEXT[] WHERE "name" = 'credit-platform-sync' AND "created_by" = 'demo-seed';
