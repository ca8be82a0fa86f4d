-- Issue 10: a session's key is sealed once per party. Each party (a registered peer's id, up to
-- 128 characters, or "initiator" when authentication is off) fetches its own copy by the session's
-- one key_ref, so a copy is identified by (key_ref, party). The opener of a session is kept so that
-- only its two parties see or revoke it (NULL: opened without authentication).
ALTER TABLE sealed_keys ALTER COLUMN party TYPE VARCHAR(128);
ALTER TABLE sealed_keys DROP CONSTRAINT pk_sealed_keys;
ALTER TABLE sealed_keys ADD CONSTRAINT pk_sealed_keys PRIMARY KEY (key_ref, party);

ALTER TABLE sessions ADD COLUMN opened_by VARCHAR(128);
