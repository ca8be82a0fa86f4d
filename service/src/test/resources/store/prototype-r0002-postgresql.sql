-- The prototype's schema at Alembic revision 0002, as Alembic 1.x on SQLAlchemy 2 emits it for
-- PostgreSQL (src/lightvibes/store/migrations/versions/r0001_*.py and r0002_*.py at e4d6498, and
-- Alembic's own version table). The store tests build a "prototype database" from it.
CREATE TABLE lightvibes_alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT lightvibes_alembic_version_pkc PRIMARY KEY (version_num)
);

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

INSERT INTO lightvibes_alembic_version (version_num) VALUES ('0001');

CREATE TABLE evidence_entries (
	seq BIGINT NOT NULL, 
	data BYTEA NOT NULL, 
	CONSTRAINT pk_evidence_entries PRIMARY KEY (seq)
);

CREATE TABLE evidence_nodes (
	node BIGINT NOT NULL, 
	hash BYTEA NOT NULL, 
	CONSTRAINT pk_evidence_nodes PRIMARY KEY (node)
);

CREATE TABLE evidence_head (
	id INTEGER NOT NULL, 
	size BIGINT NOT NULL, 
	last_time BIGINT NOT NULL, 
	CONSTRAINT pk_evidence_head PRIMARY KEY (id)
);

INSERT INTO evidence_head (id, size, last_time) VALUES (1, 0, 0);

CREATE TABLE evidence_checkpoints (
	id SERIAL NOT NULL, 
	tree_size BIGINT NOT NULL, 
	note TEXT NOT NULL, 
	created_at BIGINT NOT NULL, 
	CONSTRAINT pk_evidence_checkpoints PRIMARY KEY (id)
);

UPDATE lightvibes_alembic_version SET version_num='0002' WHERE lightvibes_alembic_version.version_num = '0001';
