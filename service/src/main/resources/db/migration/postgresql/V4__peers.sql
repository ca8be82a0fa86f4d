-- The peer registry: who may call and the recipient keys their copies of session keys are sealed to.
-- token_hash is SHA-256 of the bearer token (never the token); cert_subject the canonical RFC 2253
-- subject DN of the peer's client certificate. Both may be NULL (UNIQUE allows many NULLs). A
-- revoked peer keeps its name and subject, so neither can be reused by a new peer.
-- roles: space-separated role names. Times: BIGINT microseconds since 1970-01-01T00:00:00Z.
CREATE TABLE peers (
	peer_id VARCHAR(128) NOT NULL,
	token_hash BYTEA,
	cert_subject VARCHAR(1024),
	roles VARCHAR(1024) NOT NULL,
	status VARCHAR(16) NOT NULL,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT,
	CONSTRAINT pk_peers PRIMARY KEY (peer_id),
	CONSTRAINT uq_peers_token_hash UNIQUE (token_hash),
	CONSTRAINT uq_peers_cert_subject UNIQUE (cert_subject),
	CONSTRAINT ck_peers_status CHECK (status IN ('active', 'revoked'))
);

-- Public keys only: SerializePublicKey(pkR) of the suite; key_id = hex SHA-256(pkR)[0:16].
CREATE TABLE peer_recipient_keys (
	peer_id VARCHAR(128) NOT NULL,
	key_id VARCHAR(64) NOT NULL,
	suite VARCHAR(32) NOT NULL,
	public_key BYTEA NOT NULL,
	created_at BIGINT NOT NULL,
	CONSTRAINT pk_peer_recipient_keys PRIMARY KEY (peer_id, key_id),
	CONSTRAINT fk_peer_recipient_keys_peer_id_peers FOREIGN KEY(peer_id) REFERENCES peers (peer_id)
);
