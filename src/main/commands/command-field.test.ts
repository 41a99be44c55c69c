// The field side: write, readback verified on the clock, and each way it can go wrong.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRequest } from './command';
import { alice, openHarness, SECOND, type Harness } from './testing';

async function operated(h: Harness, request: CommandRequest = { target: 'PU-1', action: 'start' }) {
  const selected = await h.service.select(alice, request);
  if (!selected.ok) throw new Error(selected.message);
  const outcome = await h.service.operate(alice, selected.command.id);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.command.id;
}

/** the readback and result audit entries of the (only) command */
async function ending(h: Harness) {
  const records = await h.audit.records();
  return records.filter((r) => ['command.write', 'command.readback', 'command.result'].includes(r.action));
}

describe('write and readback', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('succeeds as soon as a good readback shows the commanded state', async () => {
    h.field.respondAfterMs = 2_300;
    const id = await operated(h);
    expect(h.field.writes).toEqual([{ target: 'PU-1', action: 'start' }]);
    expect(h.service.get(id)?.state).toBe('verifying');
    await h.advance(2_400);
    expect(h.service.get(id)?.state).toBe('verifying');
    await h.advance(100);
    expect(h.service.get(id)).toMatchObject({ state: 'succeeded', readback: { state: 'running' } });
    const [write, readback, result] = await ending(h);
    expect(write).toMatchObject({ result: 'success' });
    expect(readback).toMatchObject({ result: 'match', time: h.clock.now(), details: { polls: 6 } });
    expect(result).toMatchObject({ result: 'succeeded', time: h.clock.now() });
    // polling stopped with the command
    const reads = h.field.reads.length;
    await h.advance(10 * SECOND);
    expect(h.field.reads).toHaveLength(reads);
  });

  it('verifies a value within the tolerance of the target', async () => {
    const id = await operated(h, { target: 'PU-1', action: 'set_speed', value: 72.5 });
    await h.advance(2 * SECOND);
    expect(h.service.get(id)).toMatchObject({ state: 'succeeded', readback: { value: 72.5 } });
  });

  it('fails with write-error when the driver rejects the write, without polling', async () => {
    h.field.writeError = 'Modbus exception 04: slave device failure';
    const id = await operated(h);
    expect(await h.service.whenSettled(id)).toMatchObject({
      state: 'failed',
      failure: { reason: 'write-error', message: 'Modbus exception 04: slave device failure' },
    });
    expect(h.field.reads).toEqual([]);
    expect((await ending(h)).map((r) => [r.action, r.result])).toEqual([
      ['command.write', 'failed'],
      ['command.result', 'failed'],
    ]);
    expect(h.service.active()).toEqual([]);
  });

  it('fails with readback-mismatch when the field answers but never obeys', async () => {
    h.field.ignoreWrites = true;
    const id = await operated(h);
    await h.advance(10 * SECOND - 1);
    expect(h.service.get(id)?.state).toBe('verifying');
    await h.advance(1);
    expect(h.service.get(id)).toMatchObject({
      state: 'failed',
      failure: { reason: 'readback-mismatch', message: 'field reports stopped 0' },
    });
    const [, readback, result] = await ending(h);
    expect(readback).toMatchObject({
      result: 'readback-mismatch',
      details: { readback: { state: 'stopped', value: 0, quality: 'good' }, polls: 20 },
    });
    expect(result).toMatchObject({ result: 'failed', details: { reason: 'readback-mismatch' } });
  });

  it('fails with readback-mismatch when the field obeys too late', async () => {
    h.field.respondAfterMs = 12 * SECOND;
    const id = await operated(h);
    await h.advance(15 * SECOND);
    expect(h.service.get(id)).toMatchObject({ state: 'failed', failure: { reason: 'readback-mismatch' } });
    expect(h.field.current('PU-1')?.state).toBe('running');
  });

  it('fails with readback-bad-quality when the readback cannot be trusted', async () => {
    h.field.quality = 'bad';
    const id = await operated(h);
    await h.advance(10 * SECOND);
    expect(h.service.get(id)).toMatchObject({
      state: 'failed',
      failure: { reason: 'readback-bad-quality', message: 'readback quality is bad' },
    });
    // the pump did start; the console just cannot prove it
    expect(h.field.current('PU-1')?.state).toBe('running');
  });

  it('does not take an uncertain readback as proof either', async () => {
    h.field.quality = 'uncertain';
    const id = await operated(h);
    await h.advance(10 * SECOND);
    expect(h.service.get(id)?.failure?.reason).toBe('readback-bad-quality');
  });

  it('fails with timeout when no readback arrives before the deadline', async () => {
    h.field.readError = 'no response from RTU-3';
    const id = await operated(h);
    await h.advance(10 * SECOND);
    expect(h.service.get(id)).toMatchObject({
      state: 'failed',
      failure: { reason: 'timeout', message: 'no readback before the deadline: no response from RTU-3' },
    });
    expect((await ending(h)).map((r) => r.result)).toEqual(['success', 'timeout', 'failed']);
  });

  it('fails with timeout when the driver never acknowledges the write', async () => {
    h.field.hangWrites = true;
    const id = await operated(h);
    expect(h.service.get(id)?.state).toBe('writing');
    await h.advance(10 * SECOND);
    expect(h.service.get(id)).toMatchObject({ state: 'failed', failure: { reason: 'timeout' } });
    expect((await ending(h)).map((r) => [r.action, r.result])).toEqual([
      ['command.write', 'timeout'],
      ['command.result', 'failed'],
    ]);
  });

  it('takes the readback timeout from the options', async () => {
    await h.close();
    h = await openHarness({ readbackTimeoutMs: 3 * SECOND });
    h.field.respondAfterMs = 4 * SECOND;
    const id = await operated(h);
    await h.advance(3 * SECOND);
    expect(h.service.get(id)?.failure?.reason).toBe('readback-mismatch');
  });
});
