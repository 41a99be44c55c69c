// Schema 1: the historian's tables. Samples are clustered on (tag_id, t) in WITHOUT ROWID
// tables, so a trend read for one tag is one contiguous range scan and there is no second
// index to maintain on the hot write path. Rollups keep sum and count (not avg) so a bucket
// can be updated again when more (or late) samples for it arrive.
export const HISTORIAN_SCHEMA = `
CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  unit TEXT
);

CREATE TABLE samples_raw (
  tag_id  INTEGER NOT NULL,
  t       INTEGER NOT NULL,
  value   REAL    NOT NULL,
  quality INTEGER NOT NULL,
  PRIMARY KEY (tag_id, t)
) WITHOUT ROWID;

CREATE TABLE rollup_1m (
  tag_id     INTEGER NOT NULL,
  bucket     INTEGER NOT NULL,
  min_value  REAL    NOT NULL,
  max_value  REAL    NOT NULL,
  sum_value  REAL    NOT NULL,
  count      INTEGER NOT NULL,
  last_value REAL    NOT NULL,
  last_t     INTEGER NOT NULL,
  PRIMARY KEY (tag_id, bucket)
) WITHOUT ROWID;

CREATE TABLE rollup_1h (
  tag_id     INTEGER NOT NULL,
  bucket     INTEGER NOT NULL,
  min_value  REAL    NOT NULL,
  max_value  REAL    NOT NULL,
  sum_value  REAL    NOT NULL,
  count      INTEGER NOT NULL,
  last_value REAL    NOT NULL,
  last_t     INTEGER NOT NULL,
  PRIMARY KEY (tag_id, bucket)
) WITHOUT ROWID;
`;
