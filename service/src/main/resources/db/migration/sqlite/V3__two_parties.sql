-- Issue 10: a session's key is sealed once per party. Each party (a registered peer's id, up to
-- 128 characters, or "initiator" when authentication is off) fetches its own copy by the session's
-- one key_ref, so a copy is identified by (key_ref, party). The opener of a session is kept so that
-- only its two parties see or revoke it (NULL: opened without authentication).
-- SQLite cannot change a primary key in place: the table is rebuilt (SQLite's "ALTER TABLE"
-- procedure, https://sqlite.org/lang_altertable.html §7); Flyway runs this in one transaction.
CREATE TABLE sealed_keys_v3 (
	key_ref VARCHAR(128) NOT NULL,
	session_id VARCHAR(128) NOT NULL,
	party VARCHAR(128) NOT NULL,
	sealed BLOB NOT NULL,
	mode VARCHAR(16) NOT NULL,
	seal_suite VARCHAR(128) NOT NULL,
	recipient_key_id VARCHAR(256) NOT NULL,
	expires_at BIGINT NOT NULL,
	CONSTRAINT pk_sealed_keys PRIMARY KEY (key_ref, party),
	CONSTRAINT fk_sealed_keys_session_id_sessions FOREIGN KEY(session_id) REFERENCES sessions (session_id),
	CONSTRAINT uq_sealed_keys_session_id UNIQUE (session_id, party)
);
INSERT INTO sealed_keys_v3 (key_ref, session_id, party, sealed, mode, seal_suite, recipient_key_id, expires_at)
	SELECT key_ref, session_id, party, sealed, mode, seal_suite, recipient_key_id, expires_at FROM sealed_keys;
DROP TABLE sealed_keys;
ALTER TABLE sealed_keys_v3 RENAME TO sealed_keys;
CREATE INDEX ix_sealed_keys_expires_at ON sealed_keys (expires_at);

ALTER TABLE sessions ADD COLUMN opened_by VARCHAR(128);
