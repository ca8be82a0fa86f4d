-- Key material the service keeps at rest, wrapped by its key-wrapper backend (hsm/KeyWrapper,
-- docs/HSM.md): never plaintext. name says what the key is for (evidence.signing: the Ed25519 seed
-- of the evidence signing key); wrapped is 0x01 || nonce || AES-256-GCM ciphertext and tag;
-- wrapped_by names the wrapping key (backend, token and label), never its bytes;
-- created_at: microseconds since 1970-01-01T00:00:00Z.
CREATE TABLE wrapped_keys (
	name TEXT NOT NULL,
	wrapped BYTEA NOT NULL,
	wrapped_by TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	CONSTRAINT pk_wrapped_keys PRIMARY KEY (name)
);
