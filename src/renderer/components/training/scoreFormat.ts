// A trainee's score as the debrief shows it.
import type { TraineeScore } from '../../../shared/operations';
import { formatNumber } from '../../readings/units';

const NO_VALUE = '—';

/** "45 s", "2 min 05 s", "1 h 02 min"; an em dash for no figure. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NO_VALUE;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function gradeWord(grade: number): string {
  if (grade >= 90) return 'Excellent';
  if (grade >= 75) return 'Good';
  if (grade >= 50) return 'Fair';
  return 'Needs work';
}

export interface ScoreRow {
  key: string;
  label: string;
  value: string;
  /** what went wrong, in words */
  abnormal?: string;
}

/** Seconds to acknowledge beyond which the debrief flags it (EEMUA: act within minutes). */
export const SLOW_ACK_S = 300;
/** The seed target: a leak isolated within 5 minutes of its start. */
export const SLOW_ISOLATE_S = 300;

export function scoreRows(score: TraineeScore): ScoreRow[] {
  const rows: ScoreRow[] = [
    { key: 'events', label: 'Events', value: String(score.events) },
    { key: 'to-alarm', label: 'Time to alarm', value: formatSeconds(score.secondsToAlarm) },
    {
      key: 'to-ack',
      label: 'Time to acknowledge',
      value: formatSeconds(score.secondsToAcknowledge),
      ...(score.secondsToAcknowledge !== null &&
        score.secondsToAcknowledge > SLOW_ACK_S && { abnormal: 'slow' }),
    },
    {
      key: 'unacked',
      label: 'Not acknowledged',
      value: String(score.unacknowledged),
      ...(score.unacknowledged > 0 && { abnormal: 'alarms left' }),
    },
    {
      key: 'to-isolate',
      label: 'Time to isolate',
      value: formatSeconds(score.secondsToIsolate),
      ...(score.secondsToIsolate !== null && score.secondsToIsolate > SLOW_ISOLATE_S && { abnormal: 'slow' }),
    },
    {
      key: 'not-isolated',
      label: 'Leaks not isolated',
      value: String(score.leaksNotIsolated),
      ...(score.leaksNotIsolated > 0 && { abnormal: 'still leaking' }),
    },
    { key: 'water-lost', label: 'Water lost', value: `${formatNumber(score.waterLostM3, 1)} m³` },
    {
      key: 'wrong',
      label: 'Wrong commands',
      value: `${score.wrongCommands} of ${score.commands}`,
      ...(score.wrongCommands > 0 && { abnormal: 'refused or failed' }),
    },
  ];
  return rows;
}

/** "82 / 100 · Good" */
export function gradeText(grade: number): string {
  return `${Math.round(grade)} / 100 · ${gradeWord(grade)}`;
}
