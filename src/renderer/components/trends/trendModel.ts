// Pure trend logic: time windows (range picker, pan, zoom, live), the historian's series
// turned into chart points (raw samples or rollup buckets), units and export names.
import type { TrendSeries } from '../../../shared/operations';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** the historian keeps raw samples this long: the CSV export is refused beyond it */
export const MAX_CSV_SPAN_MS = 31 * DAY_MS;
/** the narrowest and widest window the chart zooms to */
export const MIN_SPAN_MS = 2 * MINUTE_MS;
export const MAX_SPAN_MS = 90 * DAY_MS;
/** history.query accepts at most this many tags */
export const MAX_TAGS = 8;

export interface TrendRange {
  id: string;
  label: string;
  spanMs: number;
}

export const RANGES: readonly TrendRange[] = [
  { id: '15m', label: '15 min', spanMs: 15 * MINUTE_MS },
  { id: '1h', label: '1 h', spanMs: HOUR_MS },
  { id: '8h', label: '8 h', spanMs: 8 * HOUR_MS },
  { id: '24h', label: '24 h', spanMs: DAY_MS },
  { id: '7d', label: '7 d', spanMs: 7 * DAY_MS },
];

export interface TrendWindow {
  from: number;
  to: number;
}

export const spanOf = (w: TrendWindow) => w.to - w.from;

/** The window of `spanMs` ending at `end` (live: the clock's now). */
export function windowEnding(end: number, spanMs: number): TrendWindow {
  // the simulated clock runs in fractions of a millisecond; the historian takes whole ones
  const to = Math.round(end);
  return { from: to - Math.round(spanMs), to };
}

/** Move the window by a fraction of its span (negative: back in time), never past `latest`. */
export function panWindow(w: TrendWindow, fraction: number, latest: number): TrendWindow {
  const span = spanOf(w);
  const shift = Math.round(span * fraction);
  const to = Math.round(Math.min(latest, w.to + shift));
  return { from: to - span, to };
}

/**
 * Zoom around `centre` (default the middle): factor < 1 zooms in, > 1 out. The span stays
 * within MIN_SPAN_MS..MAX_SPAN_MS and the window never reaches past `latest`.
 */
export function zoomWindow(w: TrendWindow, factor: number, latest: number, centre?: number): TrendWindow {
  const span = spanOf(w);
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, Math.round(span * factor)));
  const c = centre ?? w.from + span / 2;
  const ratio = span > 0 ? (c - w.from) / span : 0.5;
  let from = Math.round(c - next * ratio);
  let to = from + next;
  if (to > latest) {
    to = Math.round(latest);
    from = to - next;
  }
  return { from, to };
}

/** A window from a drag selection on the chart (either direction); null if too narrow. */
export function selectionWindow(a: number, b: number): TrendWindow | null {
  const from = Math.round(Math.min(a, b));
  const to = Math.round(Math.max(a, b));
  return to - from >= MIN_SPAN_MS / 4 ? { from, to } : null;
}

/** Whether a window ends at (about) the latest time: then it follows the clock. */
export function isAtLatest(w: TrendWindow, latest: number, toleranceMs = MINUTE_MS): boolean {
  return latest - w.to <= toleranceMs;
}

export interface ChartPoint {
  t: number;
  /** the raw value, or the bucket's average */
  v: number;
  /** rollups: the bucket's range, for the min/max band */
  range?: [number, number];
  /** a raw sample of uncertain or bad quality */
  bad?: boolean;
}

/** Chart points of one series: raw samples as they are, rollup buckets at their middle. */
export function chartPoints(series: TrendSeries): ChartPoint[] {
  const half = (series.bucketMs ?? 0) / 2;
  return series.points.map((p) =>
    'value' in p
      ? p.quality > 0
        ? { t: p.t, v: p.value, bad: true }
        : { t: p.t, v: p.value }
      : { t: p.t + half, v: p.avg, range: [p.min, p.max] },
  );
}

export function tierLabel(series: Pick<TrendSeries, 'tier' | 'bucketMs'>): string {
  if (series.tier === 'raw') return 'raw samples';
  const bucket = series.bucketMs ? ` (${formatSpan(series.bucketMs)} buckets)` : '';
  return `${series.tier === '1m' ? '1-minute' : '1-hour'} rollups${bucket}`;
}

/** "45 s", "8 min", "2 h", "3 d" */
export function formatSpan(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  if (ms < DAY_MS) return `${+(ms / HOUR_MS).toFixed(1)} h`;
  return `${+(ms / DAY_MS).toFixed(1)} d`;
}

/** `T-NORTH.level` → `level`; a tag without a dot is its own quantity */
export function quantityOf(tag: string): string {
  const dot = tag.lastIndexOf('.');
  return dot < 0 ? tag : tag.slice(dot + 1);
}

export function elementOf(tag: string): string {
  const dot = tag.lastIndexOf('.');
  return dot < 0 ? tag : tag.slice(0, dot);
}

const UNITS: Record<string, string> = {
  pressure: 'm',
  head: 'm',
  level: 'm',
  flow: 'L/s',
  demand: 'L/s',
  velocity: 'm/s',
  speed: '×',
  power: 'kW',
  energy: 'kWh',
  vibration: 'mm/s',
  temperature: '°C',
  chlorine: 'mg/L',
  turbidity: 'NTU',
  ph: 'pH',
  position: '%',
  setting: '',
  status: '',
};

/** The historian's unit, or the SI unit the console uses for the quantity. */
export function unitOf(tag: string, unit: string | null | undefined): string {
  if (unit) return unit;
  return UNITS[quantityOf(tag).toLowerCase()] ?? '';
}

/**
 * Which y axis each unit goes on: the first unit left, the second right, any further
 * unit shares the right one (its values keep their own numbers in the tooltip).
 */
export function axisOfUnits(units: readonly string[]): Map<string, 'left' | 'right'> {
  const axes = new Map<string, 'left' | 'right'>();
  for (const unit of units) {
    if (axes.has(unit)) continue;
    axes.set(unit, axes.size === 0 ? 'left' : 'right');
  }
  return axes;
}

/** Add a tag (at most MAX_TAGS) or take it away. */
export function toggleTag(selected: readonly string[], tag: string): string[] {
  if (selected.includes(tag)) return selected.filter((t) => t !== tag);
  if (selected.length >= MAX_TAGS) return [...selected];
  return [...selected, tag];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time as 20261201-1405, for file names. */
export function fileStamp(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** `aqueduct-trend-T-NORTH.level+PU-1.flow-20261201-1300-20261201-1400.csv` */
export function exportFileName(tags: readonly string[], w: TrendWindow, extension: 'csv' | 'png'): string {
  const names = tags.length > 3 ? [...tags.slice(0, 3), `${tags.length - 3}more`] : tags;
  const safe = names.join('+').replace(/[^A-Za-z0-9.+_-]/g, '_');
  return `aqueduct-trend-${safe}-${fileStamp(w.from)}-${fileStamp(w.to)}.${extension}`;
}

/** Why the CSV export is refused for this window, or null when it is allowed. */
export function csvRefusal(tags: readonly string[], w: TrendWindow): string | null {
  if (tags.length === 0) return 'Choose a tag first';
  if (spanOf(w) > MAX_CSV_SPAN_MS) return 'Raw CSV covers at most 31 days: narrow the range';
  return null;
}

/** Axis tick: HH:MM within two days, MM-DD HH:MM beyond. */
export function formatTick(t: number, spanMs: number): string {
  const d = new Date(t);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return spanMs <= 2 * DAY_MS ? hm : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** Full time for the tooltip. */
export function formatInstant(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
