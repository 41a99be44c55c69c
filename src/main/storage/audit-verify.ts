// Checking the audit chain and naming what was done to it. Detection is exact (any change to
// a stored record breaks its hash, its successor's link, the seq sequence or the head);
// the *reason* is the most likely explanation of the first break, from the local evidence:
//   a gap in seq                                  → deleted
//   more rows than the head counts                → inserted (fewer → deleted, renumbered)
//   a record that hashes right under another seq  → reordered (or, right after a forged
//                                                   record that it skips over, inserted)
//   otherwise a record that hashes wrong          → edited
//   a valid record whose link to its predecessor breaks → the predecessor was edited (rehashed)
// Limit: someone who can write the file can also rewrite the whole tail *and* the head
// consistently (e.g. drop the last records and wind the head back). Only a copy of the head
// kept outside the file (an anchor: seq + hash, published to another system) catches that;
// verify(anchor) checks that the anchored record is still there, unchanged.
import { recordHash, type HashedFields } from './audit-hash';
import { AUDIT_GENESIS_HASH } from './audit-schema';

export type TamperReason = 'edited' | 'deleted' | 'reordered' | 'inserted';

export type AuditVerification =
  { ok: true; count: number } | { ok: false; firstBadSeq: number; reason: TamperReason };

export interface AuditAnchor {
  seq: number;
  hash: string;
}

export interface StoredRecord extends HashedFields {
  hash: string;
}

export function verifyChain(
  rows: Iterable<StoredRecord>,
  rowCount: number,
  head: AuditAnchor | undefined,
  anchor?: AuditAnchor,
): AuditVerification {
  const bad = (firstBadSeq: number, reason: TamperReason): AuditVerification => ({
    ok: false,
    firstBadSeq,
    reason,
  });
  const headSeq = head?.seq ?? 0;
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let prevPrevHash: string | undefined;
  let anchoredHash: string | undefined;

  for (const row of rows) {
    if (row.seq !== expectedSeq) return bad(expectedSeq, 'deleted');
    const selfOk = recordHash(row) === row.hash;
    if (!selfOk || row.prevHash !== prevHash) {
      const originalSeq = selfOk ? row.seq : seqItHashesUnder(row, Math.max(headSeq, rowCount) + 1);
      // a genuine record pushed one place down, still linked to the record before the one now ahead of it
      if (originalSeq === row.seq - 1 && row.prevHash === prevPrevHash) return bad(row.seq - 1, 'inserted');
      if (rowCount > headSeq) return bad(row.seq, 'inserted');
      if (rowCount < headSeq) return bad(row.seq, 'deleted');
      if (selfOk) return bad(Math.max(1, row.seq - 1), 'edited'); // predecessor rewritten and rehashed
      return bad(row.seq, originalSeq === undefined ? 'edited' : 'reordered');
    }
    if (anchor && row.seq === anchor.seq) anchoredHash = row.hash;
    prevPrevHash = prevHash;
    prevHash = row.hash;
    expectedSeq++;
  }

  const count = expectedSeq - 1;
  // the head is written in the same transaction as every record: it must agree with the tail
  if (head === undefined || count < head.seq) return bad(count + 1, 'deleted');
  if (count > head.seq) return bad(head.seq + 1, 'inserted');
  if (prevHash !== head.hash) return bad(Math.max(1, count), 'edited');
  if (anchor && anchor.seq > 0) {
    if (anchor.seq > count) return bad(count + 1, 'deleted');
    if (anchoredHash !== anchor.hash) return bad(anchor.seq, 'edited');
  }
  return { ok: true, count };
}

/** The seq under which `row`'s stored hash verifies, searching outward from its own; undefined if none. */
function seqItHashesUnder(row: StoredRecord, maxSeq: number): number | undefined {
  for (let distance = 1; row.seq - distance >= 1 || row.seq + distance <= maxSeq; distance++) {
    for (const seq of [row.seq - distance, row.seq + distance]) {
      if (seq >= 1 && seq <= maxSeq && recordHash({ ...row, seq }) === row.hash) return seq;
    }
  }
  return undefined;
}
