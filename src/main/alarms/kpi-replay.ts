// Replays a journal to recover what the operator was shown. The journal records the process
// (activations of shelved or suppressed alarms too), but alarm-rate KPIs count annunciations:
// an activation while visible, or the moment a still-active alarm comes back into view
// (unshelved, shelf expired, unsuppressed, returned to service).
//
// Pass entries from before the KPI range too when you have them: the replay needs them to know
// which alarms were already shelved or active when the range begins.
import type { Priority } from './definition';
import type { AlarmJournalEntry } from './journal';

export interface Annunciation {
  time: number;
  alarmId: string;
  priority: Priority;
}

export interface ActiveInterval {
  alarmId: string;
  start: number;
  /** undefined: still active at the end of the journal */
  end?: number;
}

export interface Replay {
  annunciations: Annunciation[];
  /** every activation of the process condition, visible or not (chattering is a property of the alarm) */
  activations: Annunciation[];
  activeIntervals: ActiveInterval[];
  /** per alarm at the end of the journal: the process condition and whether it was hidden */
  final: Map<string, { active: boolean; hidden: boolean }>;
}

interface Track {
  active: boolean;
  shelved: boolean;
  suppressed: boolean;
  outOfService: boolean;
  open?: ActiveInterval;
}

const REVEALING = new Set(['unshelved', 'shelve_expired', 'unsuppressed', 'in_service']);

export function replayJournal(entries: readonly AlarmJournalEntry[]): Replay {
  const replay: Replay = { annunciations: [], activations: [], activeIntervals: [], final: new Map() };
  const tracks = new Map<string, Track>();
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  for (const e of ordered) {
    let t = tracks.get(e.alarmId);
    if (!t) {
      t = { active: false, shelved: false, suppressed: false, outOfService: false };
      tracks.set(e.alarmId, t);
    }
    const wasHidden = t.shelved || t.suppressed || t.outOfService;
    switch (e.event) {
      case 'activated':
        t.active = true;
        t.open = { alarmId: e.alarmId, start: e.time };
        replay.activeIntervals.push(t.open);
        break;
      case 'cleared':
        t.active = false;
        if (t.open) t.open.end = e.time;
        t.open = undefined;
        break;
      case 'shelved':
        t.shelved = true;
        break;
      case 'unshelved':
      case 'shelve_expired':
        t.shelved = false;
        break;
      case 'suppressed':
        t.suppressed = true;
        break;
      case 'unsuppressed':
        t.suppressed = false;
        break;
      case 'out_of_service':
        t.outOfService = true;
        break;
      case 'in_service':
        t.outOfService = false;
        break;
      case 'acknowledged':
        break;
    }
    const hidden = t.shelved || t.suppressed || t.outOfService;
    const shown = { time: e.time, alarmId: e.alarmId, priority: e.priority };
    if (e.event === 'activated') replay.activations.push(shown);
    const activatedInView = e.event === 'activated' && !hidden;
    const revealedActive = REVEALING.has(e.event) && wasHidden && !hidden && t.active;
    if (activatedInView || revealedActive) replay.annunciations.push(shown);
    replay.final.set(e.alarmId, { active: t.active, hidden });
  }
  return replay;
}
