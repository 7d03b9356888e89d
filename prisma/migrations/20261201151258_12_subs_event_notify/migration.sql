-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "relayed_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "outbox_event_relayed_at_created_at_idx" ON "outbox_event"("relayed_at", "created_at");

-- CreateIndex
CREATE INDEX "outbox_event_created_at_idx" ON "outbox_event"("created_at");

-- Every outbox_event row reaches every server process at once (src/events/event-feed.ts): the rows
-- a statement inserted are notified on channel dlg_events when its transaction commits (never if
-- it rolls back), whoever wrote them (the alert_event trigger, the digest, psql). Statement-level
-- with a transition table: a sweep raising a thousand alerts sends a few notifications, not a
-- thousand. Each payload is a JSON array of [id, topic, alert_id, agency, county_code, created_at]
-- in chunks of 50 rows, well under NOTIFY's 8000-byte limit. Listeners catch up from the table by
-- created_at after a reconnect (the index above).
-- The body is an escape string with each semicolon written as \073 (see 13a_access_change_notify).
CREATE FUNCTION dlg_notify_outbox_event() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_notify(''dlg_events'', c.body) FROM (SELECT json_agg(json_build_array(n.id, n.topic, n.alert_id, n.agency, n.county_code, n.created_at) ORDER BY n.created_at, n.id)::text AS body FROM (SELECT r.*, (row_number() OVER () - 1) / 50 AS chunk FROM new_rows r) n GROUP BY n.chunk) c\073 RETURN NULL\073 END';

CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_outbox_event();
