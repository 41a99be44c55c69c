import { describe, expect, it } from 'vitest';
import { incident } from './fixtures';
import {
  formatElapsed,
  formatScore,
  incidentSeverity,
  incidentStateWord,
  isolationSummary,
  kindLabel,
  mayApprove,
  mayResolve,
  storySteps,
  timelineRows,
} from './incidentFormat';

const t0 = new Date(2026, 11, 1, 7, 16, 0).getTime();

describe('incident timeline', () => {
  const steps = [
    { time: t0 + 120_000, from: 'DMA-C', to: 'operator', kind: 'isolation', message: 'proposed' },
    { time: t0, from: 'S-J-31-pressure', to: 'P-120', kind: 'residual', message: 'pressure 1.2 m below' },
    { time: t0 + 60_000, from: 'P-120', to: 'DMA-C', kind: 'suspect', message: 'suspect' },
    { time: t0 + 60_000, from: 'P-120', to: 'DMA-C', kind: 'work-order', message: 'repair' },
  ];

  it('lists every step oldest first with time, route, kind and time since detection', () => {
    const rows = timelineRows(incident({ detectedAt: t0, timeline: steps }));
    expect(rows.map((r) => r.kind)).toEqual(['residual', 'suspect', 'work-order', 'isolation']);
    expect(rows[0]).toMatchObject({
      clock: '07:16:00',
      route: 'S-J-31-pressure → P-120',
      kindLabel: 'Residual',
      sinceDetection: '+0s',
    });
    expect(rows[3]!.sinceDetection).toBe('+2m 00s');
    expect(rows[2]!.kindLabel).toBe('Work order');
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
  });

  it('knows which steps of the isolation story are there', () => {
    expect(storySteps(incident({ timeline: steps }))).toEqual({
      residual: true,
      suspect: true,
      localized: false,
      isolation: true,
      valve: false,
      'work-order': true,
    });
  });

  it('formats elapsed times and unknown kinds', () => {
    expect(formatElapsed(45_000)).toBe('+45s');
    expect(formatElapsed(3_725_000)).toBe('+1h 02m');
    expect(kindLabel('pressure_drop')).toBe('Pressure drop');
  });
});

describe('incident state and actions', () => {
  it('marks every state with a word and a severity; colour is never alone', () => {
    expect([incidentSeverity('Proposed'), incidentStateWord('Proposed')]).toEqual([
      'alarm',
      'APPROVAL NEEDED',
    ]);
    expect(incidentSeverity('Isolated')).toBe('warning');
    expect(incidentSeverity('Resolved')).toBe('normal');
  });

  it('says what approving does before the operator confirms', () => {
    const proposed = incident({
      state: 'Proposed',
      isolation: {
        valves: ['IV-09', 'IV-10'],
        segmentPipes: ['P-1', 'P-2', 'P-3'],
        nodesWithoutSupply: 83,
        closedAt: null,
      },
    });
    expect(isolationSummary(proposed)).toBe(
      'Close 2 valves (IV-09, IV-10); 3 pipes cut off; 83 nodes lose supply.',
    );
    expect(mayApprove(proposed)).toBe(true);
    expect(mayApprove(incident())).toBe(false);
    expect(mayResolve(incident({ state: 'Resolved' }))).toBe(false);
    expect(formatScore(0.9969)).toBe('0.997');
    expect(formatScore(0.874)).toBe('0.874');
  });
});
