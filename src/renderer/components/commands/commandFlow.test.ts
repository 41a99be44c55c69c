import { describe, expect, it } from 'vitest';
import type { CommandView } from '../../../shared/operations';
import { actionLabel, inProgress, offers, remainingMs, step, type Flow } from './commandFlow';

const command = (state: CommandView['state'], extra: Partial<CommandView> = {}): CommandView => ({
  id: 'cmd-1',
  target: 'PU-1',
  action: 'stop',
  user: 'olga',
  source: 'ws:127.0.0.1',
  critical: false,
  state,
  selectedAt: 1_000,
  override: false,
  ...extra,
});

describe('the command dialog flow', () => {
  it('goes select → confirm → writing → verifying → succeeded', () => {
    let flow: Flow = { phase: 'choose' };
    expect(offers(flow)).toMatchObject({ select: true, confirm: false });
    flow = step(flow, { type: 'request', step: 'select' });
    expect(offers(flow).busy).toBe(true);
    flow = step(flow, {
      type: 'outcome',
      outcome: { ok: true, command: command('selected', { expiresAt: 31_000 }) },
    });
    expect(offers(flow)).toMatchObject({ confirm: true, cancel: true, busy: false });
    flow = step(flow, { type: 'request', step: 'operate' });
    flow = step(flow, { type: 'outcome', outcome: { ok: true, command: command('writing') } });
    expect(offers(flow)).toMatchObject({ confirm: false, cancel: false, busy: true });
    flow = step(flow, { type: 'update', command: command('verifying') });
    flow = step(flow, {
      type: 'update',
      command: command('succeeded', { readback: { state: 'stopped', value: 0, quality: 'good' } }),
    });
    expect(flow).toMatchObject({
      phase: 'command',
      command: { state: 'succeeded', readback: { state: 'stopped' } },
    });
    expect(inProgress(flow)).toBe(false);
  });

  it('never goes back: a late push of an earlier state is ignored', () => {
    let flow: Flow = { phase: 'command', command: command('verifying') };
    flow = step(flow, { type: 'update', command: command('selected') });
    expect(flow).toMatchObject({ command: { state: 'verifying' } });
    expect(inProgress(flow)).toBe(true);
  });

  it('ignores news of another command', () => {
    const flow: Flow = { phase: 'command', command: command('selected') };
    expect(step(flow, { type: 'update', command: command('succeeded', { id: 'cmd-2' }) })).toBe(flow);
  });

  it('shows a refusal with its reason, and keeps following the refused command', () => {
    let flow: Flow = { phase: 'command', command: command('selected') };
    flow = step(flow, { type: 'request', step: 'operate' });
    flow = step(flow, {
      type: 'outcome',
      outcome: {
        ok: false,
        reason: 'interlock',
        message: 'discharge valve V-1 is closed',
        command: command('refused'),
      },
    });
    expect(flow).toMatchObject({ phase: 'refused', reason: 'interlock', command: { state: 'refused' } });
    expect(offers(flow)).toMatchObject({ select: false, confirm: false, busy: false });
  });

  it('a select refused without a command (permission, target reserved) has nothing to follow', () => {
    const flow = step(
      { phase: 'pending', step: 'select' },
      {
        type: 'outcome',
        outcome: { ok: false, reason: 'target-reserved', message: 'PU-1 is selected by anna' },
      },
    );
    expect(flow).toEqual({
      phase: 'refused',
      reason: 'target-reserved',
      message: 'PU-1 is selected by anna',
    });
    expect(inProgress(flow)).toBe(false);
  });

  it('a lost connection is an error, not a result', () => {
    const flow = step(
      { phase: 'pending', step: 'operate', command: command('selected') },
      { type: 'failed', message: 'lost' },
    );
    expect(flow).toMatchObject({ phase: 'error', command: { state: 'selected' } });
    expect(inProgress(flow)).toBe(true);
  });
});

describe('remainingMs', () => {
  it('counts on the clock the core stamped the selection with', () => {
    const wall = 1_700_000_000_000;
    const sim = 1_800_000_000_000;
    // stamped on the wall clock 5 s ago, 30 s window
    expect(
      remainingMs(command('selected', { selectedAt: wall - 5_000, expiresAt: wall + 25_000 }), wall, sim),
    ).toBe(25_000);
    // stamped on the simulated clock
    expect(
      remainingMs(command('selected', { selectedAt: sim - 1_000, expiresAt: sim + 29_000 }), wall, sim),
    ).toBe(29_000);
    expect(remainingMs(command('selected', { selectedAt: wall, expiresAt: wall - 1 }), wall, sim)).toBe(0);
    expect(remainingMs(command('writing'), wall, sim)).toBeNull();
  });
});

describe('actionLabel', () => {
  it('reads like a button', () => {
    expect(actionLabel('set_speed')).toBe('Set speed');
    expect(actionLabel('stop')).toBe('Stop');
  });
});
