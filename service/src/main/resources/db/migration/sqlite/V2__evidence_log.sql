-- The evidence log: entries, stored Merkle nodes, the head (tree size) and checkpoints; the
-- prototype's Alembic revision 0002 (r0002_evidence_log.py), as SQLAlchemy 2 renders it for SQLite.
CREATE TABLE evidence_entries (
	seq BIGINT NOT NULL,
	data BLOB NOT NULL,
	CONSTRAINT pk_evidence_entries PRIMARY KEY (seq)
);

-- node = (level << 56) | index: one integer key, so a batch of nodes is one indexed IN lookup.
CREATE TABLE evidence_nodes (
	node BIGINT NOT NULL,
	hash BLOB NOT NULL,
	CONSTRAINT pk_evidence_nodes PRIMARY KEY (node)
);

-- The single head row: the tree size, and the newest entry's time (microseconds since the epoch)
-- so entry times never go back. Appends lock it, which orders them.
CREATE TABLE evidence_head (
	id INTEGER NOT NULL,
	size BIGINT NOT NULL,
	last_time BIGINT NOT NULL,
	CONSTRAINT pk_evidence_head PRIMARY KEY (id)
);

INSERT INTO evidence_head (id, size, last_time) VALUES (1, 0, 0);

-- created_at: microseconds since 1970-01-01T00:00:00Z.
CREATE TABLE evidence_checkpoints (
	id INTEGER NOT NULL,
	tree_size BIGINT NOT NULL,
	note TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	CONSTRAINT pk_evidence_checkpoints PRIMARY KEY (id)
);
