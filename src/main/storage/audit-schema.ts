// Schema 2: the audit log. Rows are chained by hash (see audit-log.ts); audit_head holds the
// newest seq and hash so that deleting rows from the tail is detected too. The triggers make
// the tables append-only for every ordinary writer: changing history takes deliberate raw SQL
// (dropping the triggers first), which the hash chain then exposes.
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AUDIT_SCHEMA = `
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  time      INTEGER NOT NULL,
  user      TEXT    NOT NULL,
  source    TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  result    TEXT    NOT NULL,
  details   TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL
);

CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${AUDIT_GENESIS_HASH}');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_in_sequence BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'audit_log rows must follow the chain head'); END;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.seq IS NOT OLD.seq + 1
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward by one'); END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
`;
