-- Replicas sharing one QKD link (issue 12, docs/REPLICAS.md). The process that holds the link's
-- advisory lock runs the link; it publishes the link's health in link_health after every tick and
-- hands each live replica a share of the pool, sealed (RFC 9180 HPKE, X-Wing) to the public key
-- that replica registered in link_replicas. The private keys live only in the replicas' memory:
-- nothing here opens without a running replica, and a share is deleted when its replica takes it.
CREATE TABLE link_replicas (
	replica_id VARCHAR(64) NOT NULL,
	suite VARCHAR(32) NOT NULL,
	public_key BLOB NOT NULL,
	pool_bits BIGINT NOT NULL,
	started_at BIGINT NOT NULL,
	heartbeat_at BIGINT NOT NULL,
	CONSTRAINT pk_link_replicas PRIMARY KEY (replica_id)
);

CREATE TABLE link_shares (
	share_id VARCHAR(36) NOT NULL,
	replica_id VARCHAR(64) NOT NULL,
	generation BIGINT NOT NULL,
	bits INTEGER NOT NULL,
	sealed BLOB NOT NULL,
	created_at BIGINT NOT NULL,
	CONSTRAINT pk_link_shares PRIMARY KEY (share_id)
);

CREATE INDEX ix_link_shares_replica ON link_shares (replica_id);

-- One row: the link's health as its leader last published it (JSON, no key material), the
-- leader's id, and the pool generation (raised when a quarantine discards the pool).
CREATE TABLE link_health (
	id INTEGER NOT NULL,
	leader_id VARCHAR(64) NOT NULL,
	generation BIGINT NOT NULL,
	health TEXT NOT NULL,
	published_at BIGINT NOT NULL,
	CONSTRAINT pk_link_health PRIMARY KEY (id),
	CONSTRAINT ck_link_health_one_row CHECK (id = 1)
);
