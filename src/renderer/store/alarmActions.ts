// What the operator does to alarms: acknowledge, shelve, unshelve. Each alarm answers for
// itself (the core says why one was refused, e.g. not shelvable); the summary is fetched
// again at once, because the core pushes it only as its clock ticks, and a paused training
// clock does not.
import type { AlarmView } from '../../shared/operations';
import { request } from '../api/client';
import { showAgentElement } from './commands';
import { showError } from './consoleStore';
import { acceptAlarmSummary, reportFailure } from './sync';

type Results = { id: string; ok: boolean; reason?: string | undefined }[];

/** The refusals, in words, or null when every alarm took the action. */
function refusals(verb: string, results: Results): string | null {
  const refused = results.filter((r) => !r.ok);
  if (refused.length === 0) return null;
  return `Could not ${verb} ${refused.map((r) => `${r.id}${r.reason ? ` (${r.reason})` : ''}`).join(', ')}`;
}

async function act(verb: string, run: () => Promise<{ results: Results }>): Promise<boolean> {
  try {
    const { results } = await run();
    const refused = refusals(verb, results);
    if (refused) showError(refused);
    return refused === null;
  } catch (error) {
    reportFailure(error, `Could not ${verb}`);
    return false;
  } finally {
    void refreshAlarms();
  }
}

export async function refreshAlarms(): Promise<void> {
  try {
    acceptAlarmSummary(await request('alarms.summary', {}));
  } catch (error) {
    reportFailure(error, 'Could not fetch the alarm summary');
  }
}

export function acknowledgeAlarms(ids: readonly string[], comment?: string): Promise<boolean> {
  const note = comment?.trim();
  return act('acknowledge', () => request('alarms.ack', { ids: [...ids], ...(note && { comment: note }) }));
}

export function shelveAlarm(id: string, minutes: number, reason: string): Promise<boolean> {
  return act('shelve', () => request('alarms.shelve', { id, minutes, comment: reason.trim() }));
}

export function unshelveAlarm(id: string): Promise<boolean> {
  return act('unshelve', () => request('alarms.unshelve', { id }));
}

/** Select the alarm's element on the schematic and bring it into view. */
export function showAlarmElement(alarm: AlarmView): boolean {
  return alarm.element ? showAgentElement(alarm.element) : false;
}
