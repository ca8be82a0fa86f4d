-- Sessions and their sealed key copies: the prototype's Alembic revision 0001
-- (src/lightvibes/store/migrations/versions/r0001_sessions_and_sealed_keys.py), as SQLAlchemy 2
-- renders it for PostgreSQL: same tables, columns, types, constraints and names.
-- Times: BIGINT microseconds since 1970-01-01T00:00:00Z.
CREATE TABLE sessions (
	session_id VARCHAR(128) NOT NULL,
	peer_id VARCHAR(256) NOT NULL,
	mode VARCHAR(16) NOT NULL,
	key_bits INTEGER NOT NULL,
	ttl_s INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	state VARCHAR(16) NOT NULL,
	qber DOUBLE PRECISION,
	rate_bps DOUBLE PRECISION NOT NULL,
	seal_suite VARCHAR(128) NOT NULL,
	recipient_key_id VARCHAR(256) NOT NULL,
	closed_at BIGINT,
	CONSTRAINT pk_sessions PRIMARY KEY (session_id),
	CONSTRAINT ck_sessions_state CHECK (state IN ('open', 'delivered', 'expired', 'revoked'))
);

CREATE TABLE sealed_keys (
	key_ref VARCHAR(128) NOT NULL,
	session_id VARCHAR(128) NOT NULL,
	party VARCHAR(32) NOT NULL,
	sealed BYTEA NOT NULL,
	mode VARCHAR(16) NOT NULL,
	seal_suite VARCHAR(128) NOT NULL,
	recipient_key_id VARCHAR(256) NOT NULL,
	expires_at BIGINT NOT NULL,
	CONSTRAINT pk_sealed_keys PRIMARY KEY (key_ref),
	CONSTRAINT fk_sealed_keys_session_id_sessions FOREIGN KEY(session_id) REFERENCES sessions (session_id),
	CONSTRAINT uq_sealed_keys_session_id UNIQUE (session_id, party)
);

CREATE INDEX ix_sealed_keys_expires_at ON sealed_keys (expires_at);
