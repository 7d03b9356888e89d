-- Every change to API keys, grants and policy overrides notifies channel dlg_access with the
-- table's name, whoever makes it (the server, `npm run keys` on PostgreSQL, psql). NOTIFY is
-- transactional: it is delivered when the transaction commits, and not at all if it rolls back.
-- Each server process LISTENs on a connection of its own and drops what it cached of that table
-- (src/access/access-changes.ts). Statement-level: one notification per statement, not per row.
CREATE FUNCTION dlg_notify_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dlg_access', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_key_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_key
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
CREATE TRIGGER access_grant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON access_grant
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
CREATE TRIGGER policy_override_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policy_override
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
