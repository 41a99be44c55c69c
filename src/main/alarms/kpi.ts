// Alarm-system performance KPIs (ISA-18.2 §16 / EEMUA 191) as one pure function of the journal
// and a time range. Conventions, so the numbers can be checked by hand:
// - rates count annunciations (kpi-replay.ts), in fixed 10-minute windows starting at `from`
//   (the last window may be shorter); the average is over the whole range, the peak is the
//   busiest window.
// - a flood is a run of consecutive windows with more than 10 annunciations per operator
//   (EEMUA's fixed-interval method); time in flood is the length of those windows.
// - chattering: 3 or more activations of one alarm within any 60 s (activations while hidden
//   count too: shelving a chattering alarm does not cure it).
// - stale: the process condition active continuously for more than 24 h within the range.
// - priority distribution of annunciations against the 5/15/80 % guideline, reading our four
//   priorities as high = 1 + 2, medium = 3, low = 4 (ISA-18.2: priority 1 is the rare top
//   band that sits above and within the 5 %).
import type { Priority } from './definition';
import type { AlarmJournalEntry } from './journal';
import { replayJournal, type Annunciation } from './kpi-replay';

export const KPI = {
  windowMs: 10 * 60_000,
  floodAbove: 10,
  chatterWindowMs: 60_000,
  chatterActivations: 3,
  staleAfterMs: 24 * 3600_000,
  topN: 10,
  guidelinePercent: { high: 5, medium: 15, low: 80 },
} as const;

export interface KpiRange {
  /** inclusive, ms */
  from: number;
  /** exclusive, ms */
  to: number;
  /** operator positions sharing the alarms; rates are per operator (default 1) */
  operators?: number;
}

export interface Flood {
  start: number;
  end: number;
  annunciations: number;
}

export interface AlarmKpis {
  from: number;
  to: number;
  operators: number;
  annunciations: number;
  per10MinPerOperator: { average: number; peak: number };
  perDayPerOperator: number;
  floods: { count: number; timeInFloodMs: number; percentTimeInFlood: number; episodes: Flood[] };
  chattering: { alarmId: string; activations: number; maxInOneMinute: number }[];
  stale: { alarmId: string; activeSince: number; activeForMs: number }[];
  topFrequent: { alarmId: string; count: number; percent: number }[];
  priorityDistribution: {
    counts: Record<Priority, number>;
    percent: { high: number; medium: number; low: number };
    guidelinePercent: { high: number; medium: number; low: number };
  };
}

export function computeAlarmKpis(entries: readonly AlarmJournalEntry[], range: KpiRange): AlarmKpis {
  const { from, to } = range;
  const operators = range.operators ?? 1;
  if (!(to > from)) throw new RangeError(`KPI range must have to > from (got ${from}..${to})`);
  if (!(operators > 0)) throw new RangeError(`operators must be positive (got ${operators})`);
  const inRange = (x: { time: number }) => x.time >= from && x.time < to;
  const replay = replayJournal(entries);
  const shown = replay.annunciations.filter(inRange);
  const durationMs = to - from;

  const windows = windowCounts(shown, from, to);
  const floods = floodEpisodes(windows, operators);
  const timeInFloodMs = floods.reduce((sum, f) => sum + (f.end - f.start), 0);

  return {
    from,
    to,
    operators,
    annunciations: shown.length,
    per10MinPerOperator: {
      average: (shown.length * KPI.windowMs) / durationMs / operators,
      peak: windows.reduce((max, w) => Math.max(max, w.count), 0) / operators,
    },
    perDayPerOperator: (shown.length * 86_400_000) / durationMs / operators,
    floods: {
      count: floods.length,
      timeInFloodMs,
      percentTimeInFlood: (100 * timeInFloodMs) / durationMs,
      episodes: floods,
    },
    chattering: chattering(replay.activations.filter(inRange)),
    stale: replay.activeIntervals
      .filter((i) => i.start < to && (i.end === undefined || i.end > from))
      .map((i) => ({
        alarmId: i.alarmId,
        activeSince: i.start,
        activeForMs: Math.min(i.end ?? to, to) - i.start,
      }))
      .filter((i) => i.activeForMs > KPI.staleAfterMs),
    topFrequent: topFrequent(shown),
    priorityDistribution: priorityDistribution(shown),
  };
}

interface Window {
  start: number;
  end: number;
  count: number;
}

function windowCounts(shown: readonly Annunciation[], from: number, to: number): Window[] {
  const windows: Window[] = [];
  for (let start = from; start < to; start += KPI.windowMs) {
    windows.push({ start, end: Math.min(start + KPI.windowMs, to), count: 0 });
  }
  for (const a of shown) windows[Math.floor((a.time - from) / KPI.windowMs)]!.count++;
  return windows;
}

function floodEpisodes(windows: readonly Window[], operators: number): Flood[] {
  const floods: Flood[] = [];
  let current: Flood | undefined;
  for (const w of windows) {
    if (w.count / operators <= KPI.floodAbove) {
      current = undefined;
      continue;
    }
    if (current) {
      current.end = w.end;
      current.annunciations += w.count;
    } else {
      current = { start: w.start, end: w.end, annunciations: w.count };
      floods.push(current);
    }
  }
  return floods;
}

function chattering(activations: readonly Annunciation[]): AlarmKpis['chattering'] {
  const timesById = new Map<string, number[]>();
  for (const a of activations) {
    const times = timesById.get(a.alarmId) ?? [];
    times.push(a.time);
    timesById.set(a.alarmId, times);
  }
  const result: AlarmKpis['chattering'] = [];
  for (const [alarmId, times] of timesById) {
    times.sort((a, b) => a - b);
    // two pointers: the most activations inside any [t, t + 60 s)
    let maxInOneMinute = 0;
    for (let lo = 0, hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= KPI.chatterWindowMs) lo++;
      maxInOneMinute = Math.max(maxInOneMinute, hi - lo + 1);
    }
    if (maxInOneMinute >= KPI.chatterActivations) {
      result.push({ alarmId, activations: times.length, maxInOneMinute });
    }
  }
  return result.sort((a, b) => b.maxInOneMinute - a.maxInOneMinute || a.alarmId.localeCompare(b.alarmId));
}

function topFrequent(shown: readonly Annunciation[]): AlarmKpis['topFrequent'] {
  const counts = new Map<string, number>();
  for (const a of shown) counts.set(a.alarmId, (counts.get(a.alarmId) ?? 0) + 1);
  return [...counts]
    .sort(([idA, a], [idB, b]) => b - a || idA.localeCompare(idB))
    .slice(0, KPI.topN)
    .map(([alarmId, count]) => ({ alarmId, count, percent: (100 * count) / shown.length }));
}

function priorityDistribution(shown: readonly Annunciation[]): AlarmKpis['priorityDistribution'] {
  const counts: Record<Priority, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const a of shown) counts[a.priority]++;
  const pct = (n: number) => (shown.length === 0 ? 0 : (100 * n) / shown.length);
  return {
    counts,
    percent: { high: pct(counts[1] + counts[2]), medium: pct(counts[3]), low: pct(counts[4]) },
    guidelinePercent: { ...KPI.guidelinePercent },
  };
}
