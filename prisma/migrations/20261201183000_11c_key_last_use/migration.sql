-- A key's last use (api_key.last_used_at, written by the server at most once a minute per key) is
-- bookkeeping, not a change of whom a key stands for: it must not notify dlg_access, or every
-- server process would drop and reload its key cache each minute for each key in use. So an UPDATE
-- notifies only when it sets a column that decides the key's principal or validity.
DROP TRIGGER api_key_changed ON api_key;

CREATE TRIGGER api_key_changed AFTER INSERT OR DELETE OR TRUNCATE ON api_key
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();

CREATE TRIGGER api_key_updated AFTER UPDATE OF prefix, secret_hash, agency, county_code, name, kind, expires_at, revoked_at ON api_key
  FOR EACH STATEMENT EXECUTE FUNCTION dlg_notify_access_change();
