// The bulk statements behind upsertLoans. Each column travels as one array parameter and is
// unnested in SQL, so a file of 5,000 loans is one INSERT, one UPDATE and one history INSERT of a
// dozen parameters each (PGlite and PostgreSQL both plan a huge VALUES list slowly: measured
// about 6× slower for Prisma's createMany of 5,000 rows).
import type { GraphContext } from "../context.ts";
import type { Loan } from "../generated/prisma/client.ts";
import type { Tx } from "../writes/write.ts";
import { changeRow, type ChangeInput } from "../writes/history.ts";
import { noteWritten } from "../writes/write-log.ts";
import { noticeChanges, type CommittedChange } from "../notices/notify.ts";
import type { LoanRow } from "./loan.validation.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);
const column = <T>(rows: readonly LoanRow[], pick: (d: LoanRow["data"]) => T) => rows.map((r) => pick(r.data));

/** Inserts new loans; returns them as Prisma would (camelCase fields), in the order given. */
export async function insertLoans(tx: Tx, ctx: GraphContext, rows: readonly LoanRow[]): Promise<Loan[]> {
  if (!rows.length) return [];
  const now = ctx.now.toISOString();
  const ids = await tx.$queryRaw<{ id: number; contract_no: string; created_at: Date }[]>`
    INSERT INTO loan (contract_no, lender_id, borrower_id, amount, balance, interest_rate, start_date, maturity_date, purpose, classification,
                      collateral_type, is_green_credit, is_key_industry, reported_at, updated_at)
    SELECT v.contract_no, v.lender_id, v.borrower_id, v.amount, v.balance, v.interest_rate, v.start_date, v.maturity_date, v.purpose,
           v.classification::"LoanClassification", v.collateral_type::"CollateralType", v.is_green_credit, v.is_key_industry, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${column(rows, (d) => d.contractNo)}::text[], ${column(rows, (d) => d.lenderId)}::int[], ${column(rows, (d) => d.borrowerId)}::int[],
                ${column(rows, (d) => d.amount.toFixed())}::numeric[], ${column(rows, (d) => d.balance.toFixed())}::numeric[],
                ${column(rows, (d) => d.interestRate.toFixed())}::numeric[], ${column(rows, (d) => day(d.startDate))}::date[],
                ${column(rows, (d) => day(d.maturityDate))}::date[], ${column(rows, (d) => d.purpose)}::text[], ${column(rows, (d) => d.classification)}::text[],
                ${column(rows, (d) => d.collateralType)}::text[], ${column(rows, (d) => d.isGreenCredit)}::boolean[], ${column(rows, (d) => d.isKeyIndustry)}::boolean[])
         AS v(contract_no, lender_id, borrower_id, amount, balance, interest_rate, start_date, maturity_date, purpose, classification, collateral_type, is_green_credit, is_key_industry)
    RETURNING id, contract_no, created_at`;
  const byNo = new Map(ids.map((r) => [r.contract_no, r]));
  return rows.map((r) => {
    const stored = byNo.get(r.contractNo)!;
    return { id: stored.id, ...r.data, ownerAgency: "CBRC", reportedAt: ctx.now, createdAt: stored.created_at, updatedAt: ctx.now, version: 1, retiredAt: null };
  });
}

/**
 * Updates changed loans in one statement. The stored version is part of the match, so a loan
 * someone else changed since it was read is not updated: the count comes back short.
 */
export async function updateLoans(tx: Tx, ctx: GraphContext, updates: readonly { before: Loan; row: LoanRow }[]): Promise<number> {
  if (!updates.length) return 0;
  const now = ctx.now.toISOString();
  const rows = updates.map((u) => u.row);
  return tx.$executeRaw`
    UPDATE loan AS l
    SET lender_id = v.lender_id, borrower_id = v.borrower_id, amount = v.amount, balance = v.balance, interest_rate = v.interest_rate,
        start_date = v.start_date, maturity_date = v.maturity_date, purpose = v.purpose, classification = v.classification::"LoanClassification",
        collateral_type = v.collateral_type::"CollateralType", is_green_credit = v.is_green_credit, is_key_industry = v.is_key_industry,
        reported_at = ${now}::timestamp(3), updated_at = ${now}::timestamp(3), version = l.version + 1
    FROM unnest(${updates.map((u) => u.before.id)}::int[], ${updates.map((u) => u.before.version)}::int[],
                ${column(rows, (d) => d.lenderId)}::int[], ${column(rows, (d) => d.borrowerId)}::int[],
                ${column(rows, (d) => d.amount.toFixed())}::numeric[], ${column(rows, (d) => d.balance.toFixed())}::numeric[],
                ${column(rows, (d) => d.interestRate.toFixed())}::numeric[], ${column(rows, (d) => day(d.startDate))}::date[],
                ${column(rows, (d) => day(d.maturityDate))}::date[], ${column(rows, (d) => d.purpose)}::text[], ${column(rows, (d) => d.classification)}::text[],
                ${column(rows, (d) => d.collateralType)}::text[], ${column(rows, (d) => d.isGreenCredit)}::boolean[], ${column(rows, (d) => d.isKeyIndustry)}::boolean[])
         AS v(id, version, lender_id, borrower_id, amount, balance, interest_rate, start_date, maturity_date, purpose, classification, collateral_type, is_green_credit, is_key_industry)
    WHERE l.id = v.id AND l.version = v.version`;
}

/** The history rows of the changes (built by the shared changeRow), in one statement. */
export async function insertHistory(tx: Tx, ctx: GraphContext, changes: readonly ChangeInput[]): Promise<void> {
  const rows = changes.map((c) => changeRow(ctx, c)).filter((r) => r !== null);
  if (!rows.length) return;
  const { agency, name, keyPrefix } = ctx.principal;
  // Only the changes a notice can be about come back (noticeKindOf: not creations): a file of new
  // loans would otherwise read every row's history (each field's old and new value) back.
  const committed = await tx.$queryRaw<CommittedChange[]>`
    WITH inserted AS (
    INSERT INTO change_record (entity_type, entity_id, entity_key, action, version, agency, actor, key_prefix, request_id, changes, changed_at)
    SELECT v.entity_type, v.entity_id, v.entity_key, v.action::"ChangeAction", v.version, ${agency}::"Agency", ${name}, ${keyPrefix}, ${ctx.requestId},
           v.changes, ${ctx.now.toISOString()}::timestamp(3)
    FROM unnest(${rows.map((r) => r.entityType)}::text[], ${rows.map((r) => r.entityId)}::int[], ${rows.map((r) => r.entityKey)}::text[],
                ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.version)}::int[], ${rows.map((r) => JSON.stringify(r.changes))}::jsonb[])
         AS v(entity_type, entity_id, entity_key, action, version, changes)
    RETURNING id, entity_type, entity_id, entity_key, action, changes)
    SELECT id, entity_type AS "entityType", entity_id AS "entityId", entity_key AS "entityKey", action::text AS action, changes
    FROM inserted WHERE action <> 'CREATE'`;
  noteWritten(tx, rows);
  // The loans of a file that others had received are told of, as for a single write.
  await noticeChanges(tx, ctx, committed);
}
