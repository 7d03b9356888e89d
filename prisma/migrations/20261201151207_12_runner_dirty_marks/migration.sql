-- CreateTable
CREATE TABLE "alert_sweep" (
    "id" SERIAL NOT NULL,
    "slot" TEXT NOT NULL,
    "business_date" DATE NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3) NOT NULL,
    "digest_period" TEXT,
    "summary" JSONB NOT NULL,

    CONSTRAINT "alert_sweep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_sweep_slot_key" ON "alert_sweep"("slot");

-- CreateIndex
CREATE INDEX "alert_sweep_digest_period_idx" ON "alert_sweep"("digest_period");

-- Dirty marks (the transactional outbox of writes, docs/early-warning.md): every statement that
-- inserts, updates or deletes rows of a table some risk rule reads records (table, row id) in
-- alert_dirty, in the writing transaction itself, whoever the writer is (the graph, psql, a CLI).
-- A write that commits is therefore evaluated even if its process dies the next instant, and a
-- write that rolls back leaves no mark. The evaluation worker (src/alerts/worker.ts) claims the
-- rows, evaluates the affected subjects and deletes them in one transaction.
-- pg_notify wakes the workers of every server process at commit (channel dlg_dirty, payload the
-- table), once per table and transaction (PostgreSQL folds identical notifications).
-- Statement-level with transition tables: a file of 5,000 loans runs the trigger once, with one
-- INSERT of 5,000 marks. A statement that changes no row leaves no mark and no notification.
-- PostgreSQL allows transition tables only on single-event triggers: three per table.
-- The bulk demo seed turns the marks off for its own transaction (setting dlg.dirty_marks = off,
-- src/seed/load.ts) and sweeps once at the end instead: 100k marks for rows a sweep reads anyway
-- would only keep the workers busy after start.
-- TRUNCATE has no transition table and is not marked: the daily sweep re-checks every rule.
-- The table list must cover watchedTables() (src/alerts/rules/catalogue.ts): test/alert-runner.test.ts.
-- Except county: reference data keyed by its division code (no integer row id to mark), which no
-- rule maps to subjects (the sweep re-checks the rule that reads it).
-- The body is an escape string with each semicolon written as \073 (see 13a_access_change_notify).
CREATE FUNCTION dlg_mark_dirty() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN IF current_setting(''dlg.dirty_marks'', true) = ''off'' THEN RETURN NULL\073 END IF\073 IF TG_OP = ''DELETE'' THEN INSERT INTO alert_dirty (table_name, row_id) SELECT TG_TABLE_NAME, o.id FROM old_rows o\073 ELSE INSERT INTO alert_dirty (table_name, row_id) SELECT TG_TABLE_NAME, n.id FROM new_rows n\073 END IF\073 IF FOUND THEN PERFORM pg_notify(''dlg_dirty'', TG_TABLE_NAME)\073 END IF\073 RETURN NULL\073 END';


CREATE TRIGGER institution_dirty_insert AFTER INSERT ON institution REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER institution_dirty_update AFTER UPDATE ON institution REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER institution_dirty_delete AFTER DELETE ON institution REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER indicator_value_dirty_insert AFTER INSERT ON indicator_value REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER indicator_value_dirty_update AFTER UPDATE ON indicator_value REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER indicator_value_dirty_delete AFTER DELETE ON indicator_value REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER watch_line_dirty_insert AFTER INSERT ON watch_line REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER watch_line_dirty_update AFTER UPDATE ON watch_line REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER watch_line_dirty_delete AFTER DELETE ON watch_line REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER enterprise_dirty_insert AFTER INSERT ON enterprise REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER enterprise_dirty_update AFTER UPDATE ON enterprise REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER enterprise_dirty_delete AFTER DELETE ON enterprise REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER financial_statement_dirty_insert AFTER INSERT ON financial_statement REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER financial_statement_dirty_update AFTER UPDATE ON financial_statement REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER financial_statement_dirty_delete AFTER DELETE ON financial_statement REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER loan_dirty_insert AFTER INSERT ON loan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER loan_dirty_update AFTER UPDATE ON loan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER loan_dirty_delete AFTER DELETE ON loan REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER guarantee_dirty_insert AFTER INSERT ON guarantee REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER guarantee_dirty_update AFTER UPDATE ON guarantee REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER guarantee_dirty_delete AFTER DELETE ON guarantee REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER top_list_entry_dirty_insert AFTER INSERT ON top_list_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER top_list_entry_dirty_update AFTER UPDATE ON top_list_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER top_list_entry_dirty_delete AFTER DELETE ON top_list_entry REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_dirty_insert AFTER INSERT ON bond REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_dirty_update AFTER UPDATE ON bond REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_dirty_delete AFTER DELETE ON bond REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_schedule_item_dirty_insert AFTER INSERT ON bond_schedule_item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_schedule_item_dirty_update AFTER UPDATE ON bond_schedule_item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_schedule_item_dirty_delete AFTER DELETE ON bond_schedule_item REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_payment_dirty_insert AFTER INSERT ON bond_payment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_payment_dirty_update AFTER UPDATE ON bond_payment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_payment_dirty_delete AFTER DELETE ON bond_payment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_dirty_insert AFTER INSERT ON bond_inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_dirty_update AFTER UPDATE ON bond_inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_dirty_delete AFTER DELETE ON bond_inspection REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_finding_dirty_insert AFTER INSERT ON bond_inspection_finding REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_finding_dirty_update AFTER UPDATE ON bond_inspection_finding REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER bond_inspection_finding_dirty_delete AFTER DELETE ON bond_inspection_finding REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER trading_venue_dirty_insert AFTER INSERT ON trading_venue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER trading_venue_dirty_update AFTER UPDATE ON trading_venue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER trading_venue_dirty_delete AFTER DELETE ON trading_venue REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_inspection_dirty_insert AFTER INSERT ON venue_inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_inspection_dirty_update AFTER UPDATE ON venue_inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_inspection_dirty_delete AFTER DELETE ON venue_inspection REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER rectification_order_dirty_insert AFTER INSERT ON rectification_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER rectification_order_dirty_update AFTER UPDATE ON rectification_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER rectification_order_dirty_delete AFTER DELETE ON rectification_order REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER dishonesty_record_dirty_insert AFTER INSERT ON dishonesty_record REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER dishonesty_record_dirty_update AFTER UPDATE ON dishonesty_record REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER dishonesty_record_dirty_delete AFTER DELETE ON dishonesty_record REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER fundraising_clue_dirty_insert AFTER INSERT ON fundraising_clue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER fundraising_clue_dirty_update AFTER UPDATE ON fundraising_clue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER fundraising_clue_dirty_delete AFTER DELETE ON fundraising_clue REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER progress_report_dirty_insert AFTER INSERT ON progress_report REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER progress_report_dirty_update AFTER UPDATE ON progress_report REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER progress_report_dirty_delete AFTER DELETE ON progress_report REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_violation_dirty_insert AFTER INSERT ON venue_violation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_violation_dirty_update AFTER UPDATE ON venue_violation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
CREATE TRIGGER venue_violation_dirty_delete AFTER DELETE ON venue_violation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_mark_dirty();
