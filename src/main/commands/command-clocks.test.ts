// Two clocks: an operator's select window runs on real time, the plant's readback on the
// plant's own (simulated) time, so a training run at 600× neither expires a selection while
// the operator reads the dialog nor waits minutes of wall time for a simulated pump.
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { CommandService } from './command-service';
import { alice, openHarness, settle, T0, type Harness } from './testing';

let h: Harness;
afterEach(() => h?.close());

/** the harness's field and its clock as the plant; real time on a clock of its own */
async function twoClocks() {
  h = await openHarness();
  const people = new SimulatedClock(T0);
  const service = new CommandService({ ...h.parts, audit: h.audit, clock: people, fieldClock: h.clock });
  return { people, service };
}

describe('command path clocks', () => {
  it('the select window follows the people clock, not the plant clock', async () => {
    const { people, service } = await twoClocks();
    const selected = await service.select(alice, { target: 'PU-1', action: 'start' });
    const id = selected.ok ? selected.command.id : '';
    await h.advance(10 * 60_000); // ten simulated minutes pass while alice reads the dialog
    expect(service.get(id)?.state).toBe('selected');
    people.advanceBy(31_000); // thirty-one real seconds
    await settle();
    expect(service.get(id)?.state).toBe('expired');
  });

  it('the readback deadline follows the plant clock', async () => {
    const { people, service } = await twoClocks();
    h.field.respondAfterMs = 5_000;
    const outcome = await service.submit(alice, { target: 'PU-1', action: 'start' });
    const id = outcome.ok ? outcome.command.id : '';
    people.advanceBy(60_000); // a real minute, but the plant's time stands still: no answer, no timeout
    await settle();
    expect(service.get(id)?.state).toBe('verifying');
    await h.advance(6_000);
    expect(service.get(id)).toMatchObject({ state: 'succeeded', readback: { state: 'running' } });
  });
});
