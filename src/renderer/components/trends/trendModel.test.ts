import { describe, expect, it } from 'vitest';
import type { TrendSeries } from '../../../shared/operations';
import {
  axisOfUnits,
  chartPoints,
  csvRefusal,
  DAY_MS,
  exportFileName,
  formatSpan,
  HOUR_MS,
  isAtLatest,
  MAX_TAGS,
  MIN_SPAN_MS,
  MINUTE_MS,
  panWindow,
  quantityOf,
  selectionWindow,
  tierLabel,
  toggleTag,
  unitOf,
  windowEnding,
  zoomWindow,
} from './trendModel';

const T = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('trend windows', () => {
  it('ends a window at the clock, in whole milliseconds (the historian refuses fractions)', () => {
    expect(windowEnding(T + 0.5857, HOUR_MS)).toEqual({ from: T + 1 - HOUR_MS, to: T + 1 });
  });

  it('pans by a fraction of the span and never past the latest time', () => {
    const w = windowEnding(T, HOUR_MS);
    expect(panWindow(w, -0.5, T)).toEqual({ from: T - 1.5 * HOUR_MS, to: T - 0.5 * HOUR_MS });
    expect(panWindow(panWindow(w, -0.5, T), 1, T)).toEqual(w);
  });

  it('zooms around the middle or a chosen time, within the span limits, not into the future', () => {
    const w = { from: T - 2 * HOUR_MS, to: T - HOUR_MS };
    expect(zoomWindow(w, 0.5, T)).toEqual({ from: T - 1.75 * HOUR_MS, to: T - 1.25 * HOUR_MS });
    expect(zoomWindow(w, 0.5, T, w.from)).toEqual({ from: w.from, to: w.from + 0.5 * HOUR_MS });
    const out = zoomWindow(windowEnding(T, HOUR_MS), 4, T);
    expect(out).toEqual({ from: T - 4 * HOUR_MS, to: T });
    const tiny = zoomWindow(windowEnding(T, 3 * MINUTE_MS), 0.01, T);
    expect(tiny.to - tiny.from).toBe(MIN_SPAN_MS);
  });

  it('takes a drag either way as a window, and ignores a click', () => {
    expect(selectionWindow(T, T - HOUR_MS)).toEqual({ from: T - HOUR_MS, to: T });
    expect(selectionWindow(T, T + 1000)).toBeNull();
  });

  it('follows the clock when the window reaches the present', () => {
    expect(isAtLatest(windowEnding(T, HOUR_MS), T + 30_000)).toBe(true);
    expect(isAtLatest(windowEnding(T - HOUR_MS, HOUR_MS), T)).toBe(false);
  });
});

describe('trend series', () => {
  it('plots raw samples as they are and flags poor quality', () => {
    const series: TrendSeries = {
      tag: 'T-NORTH.level',
      unit: null,
      tier: 'raw',
      points: [
        { t: T, value: 3.5, quality: 0 },
        { t: T + 60_000, value: 3.6, quality: 2 },
      ],
    };
    expect(chartPoints(series)).toEqual([
      { t: T, v: 3.5 },
      { t: T + 60_000, v: 3.6, bad: true },
    ]);
    expect(tierLabel(series)).toBe('raw samples');
  });

  it('plots rollup buckets at their middle, with the average and the min–max band', () => {
    const series: TrendSeries = {
      tag: 'PU-1.flow',
      unit: 'L/s',
      tier: '1m',
      bucketMs: 8 * MINUTE_MS,
      points: [{ t: T, min: 20, max: 30, avg: 25, last: 28, count: 8 }],
    };
    expect(chartPoints(series)).toEqual([{ t: T + 4 * MINUTE_MS, v: 25, range: [20, 30] }]);
    expect(tierLabel(series)).toBe('1-minute rollups (8 min buckets)');
    expect(tierLabel({ tier: '1h' })).toBe('1-hour rollups');
  });

  it('gives each tag a unit: the historian’s, else the SI unit of its quantity', () => {
    expect(unitOf('T-NORTH.level', null)).toBe('m');
    expect(unitOf('PU-1.flow', null)).toBe('L/s');
    expect(unitOf('J-1003.pressure', 'psi')).toBe('psi');
    expect(unitOf('X.unknown', null)).toBe('');
    expect(quantityOf('S-J-1.a.pressure')).toBe('pressure');
  });

  it('puts the first unit left, the second right, and the others with the second', () => {
    expect([...axisOfUnits(['m', 'L/s', 'm', 'kW'])]).toEqual([
      ['m', 'left'],
      ['L/s', 'right'],
      ['kW', 'right'],
    ]);
  });

  it('adds and removes tags, at most eight', () => {
    const eight = Array.from({ length: MAX_TAGS }, (_, i) => `T${i}.level`);
    expect(toggleTag(eight, 'X.flow')).toEqual(eight);
    expect(toggleTag(eight, 'T0.level')).toHaveLength(7);
    expect(toggleTag([], 'X.flow')).toEqual(['X.flow']);
  });
});

describe('trend export', () => {
  it('names the file after the tags and the range', () => {
    const w = { from: new Date(2026, 11, 1, 13, 0).getTime(), to: new Date(2026, 11, 1, 14, 5).getTime() };
    expect(exportFileName(['T-NORTH.level', 'PU-1.flow'], w, 'csv')).toBe(
      'aqueduct-trend-T-NORTH.level+PU-1.flow-20261201-1300-20261201-1405.csv',
    );
    expect(exportFileName(['a/b', 'c', 'd', 'e', 'f'], w, 'png')).toMatch(
      /^aqueduct-trend-a_b\+c\+d\+2more-.*\.png$/,
    );
  });

  it('refuses the raw CSV beyond 31 days or without a tag', () => {
    expect(csvRefusal([], windowEnding(T, HOUR_MS))).toMatch(/tag/);
    expect(csvRefusal(['a.flow'], windowEnding(T, 32 * DAY_MS))).toMatch(/31 days/);
    expect(csvRefusal(['a.flow'], windowEnding(T, 31 * DAY_MS))).toBeNull();
  });

  it('reads spans in words', () => {
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(8 * MINUTE_MS)).toBe('8 min');
    expect(formatSpan(1.5 * HOUR_MS)).toBe('1.5 h');
    expect(formatSpan(3 * DAY_MS)).toBe('3 d');
  });
});
