-- ETSI GS QKD 014 keys (issue 11): the master SAE gets its key in the enc_keys answer; each slave
-- SAE's copy waits here, wrapped at rest by the key wrapper (LIGHTVIBES_KEY_BACKEND; never
-- plaintext), until that slave's dec_keys takes it once or it expires. (key_id, slave_sae_id) is a
-- copy's identity: a key requested for several slaves has one row per slave.
CREATE TABLE etsi_keys (
	key_id VARCHAR(36) NOT NULL,
	slave_sae_id VARCHAR(128) NOT NULL,
	master_sae_id VARCHAR(128) NOT NULL,
	wrapped BLOB NOT NULL,
	key_bits INTEGER NOT NULL,
	mode VARCHAR(16) NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	CONSTRAINT pk_etsi_keys PRIMARY KEY (key_id, slave_sae_id)
);

CREATE INDEX ix_etsi_keys_pair ON etsi_keys (master_sae_id, slave_sae_id);
CREATE INDEX ix_etsi_keys_expires_at ON etsi_keys (expires_at);
