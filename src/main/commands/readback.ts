// Readback verification: after a write, poll the field on the clock until it shows the
// commanded result or the deadline passes. The deadline is counted from the start of the
// write, so a driver that hangs on the write itself times out too.
import type { Clock } from '../../agents/runtime/clock';
import { readbackConfirms, type FieldWriter, type Readback } from './field';
import type { CommandValue, ReadbackExpectation } from './targets';

export type Verification =
  | { ok: true; readback: Readback; polls: number }
  | {
      ok: false;
      reason: 'readback-mismatch' | 'readback-bad-quality' | 'timeout';
      message: string;
      readback?: Readback;
      polls: number;
    };

export interface VerifyRequest {
  target: string;
  expect: ReadbackExpectation;
  value?: CommandValue;
  pollEveryMs: number;
  /** clock time by which the readback must confirm the command */
  deadlineAt: number;
  /** called with every readback received, for the UI */
  onReadback?: (readback: Readback) => void;
}

/**
 * Polls `read` every `pollEveryMs` (never two reads at once) until the readback confirms the
 * command or the deadline passes. At the deadline the last readback decides why it failed:
 * none at all → timeout; not good quality → bad quality; good but wrong → mismatch.
 */
export function verifyReadback(
  clock: Clock,
  field: FieldWriter,
  request: VerifyRequest,
): Promise<Verification> {
  return new Promise<Verification>((resolve) => {
    let last: Readback | undefined;
    let lastError: string | undefined;
    let polls = 0;
    let reading = false;
    let done = false;
    const finish = (result: Verification) => {
      if (done) return;
      done = true;
      stopPolling();
      stopDeadline();
      resolve(result);
    };
    const poll = () => {
      if (reading || done) return;
      reading = true;
      polls++;
      field.read(request.target).then(
        (readback) => {
          reading = false;
          if (done) return;
          last = readback;
          request.onReadback?.(readback);
          if (readbackConfirms(request.expect, request.value, readback))
            finish({ ok: true, readback, polls });
        },
        (error: unknown) => {
          reading = false;
          lastError = error instanceof Error ? error.message : String(error);
        },
      );
    };
    // set before the polls, so a poll due at the deadline itself comes too late to count
    const stopDeadline = clock.at(request.deadlineAt, () => finish(failure(last, lastError, polls)));
    const stopPolling = clock.every(request.pollEveryMs, poll);
    // first look at once: a fast field (or a write to the state it is already in) verifies without waiting
    poll();
  });
}

function failure(last: Readback | undefined, lastError: string | undefined, polls: number): Verification {
  if (last === undefined) {
    const why = lastError ? `: ${lastError}` : '';
    return { ok: false, reason: 'timeout', message: `no readback before the deadline${why}`, polls };
  }
  if (last.quality !== 'good') {
    return {
      ok: false,
      reason: 'readback-bad-quality',
      message: `readback quality is ${last.quality}`,
      readback: last,
      polls,
    };
  }
  const shown = [last.state, last.value].filter((v) => v !== undefined).join(' ');
  return {
    ok: false,
    reason: 'readback-mismatch',
    message: `field reports ${shown || 'nothing'}`,
    readback: last,
    polls,
  };
}
