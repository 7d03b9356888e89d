-- Every change to API keys, grants and policy overrides notifies channel dlg_access with the
-- table's name, whoever makes it (the server, `npm run keys` on PostgreSQL, psql). NOTIFY is
-- transactional: it is delivered when the transaction commits, and not at all if it rolls back.
-- Each server process LISTENs on a connection of its own and drops what it cached of that table
-- (src/access/access-changes.ts). Statement-level: one notification per statement, not per row.
-- The body is an escape string with each semicolon written as \073: the driver adapters apply
-- a migration statement by statement, split at every semicolon (comments included), and would
-- cut a dollar-quoted body apart. So no comment here may contain one either.
CREATE FUNCTION dlg_notify_access_change() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_notify(''dlg_access'', TG_TABLE_NAME)\073 RETURN NULL\073 END';

CREATE TRIGGER api_key_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_key
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
CREATE TRIGGER access_grant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON access_grant
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
CREATE TRIGGER policy_override_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policy_override
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
