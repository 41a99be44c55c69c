import { describe, expect, it } from 'vitest';
import {
  agentFigures,
  complianceText,
  energyFigures,
  formatLps,
  formatPct,
  mnfRatio,
  pressureFigures,
  pumpFigures,
  zoneFigures,
} from './kpiFormat';

const zone = {
  id: 'DMA-N',
  name: 'North',
  state: 'Normal',
  inflowLps: 3.22,
  lossesLps: 0.8,
  nrwPct: 24.8,
  mnfLps: 1.75,
  mnfBaselineLps: 1.7,
};

describe('KPI formatting', () => {
  it('shows fixed decimals with the unit, and an em dash without a figure', () => {
    expect(formatLps(3.221)).toBe('3.2 L/s');
    expect(formatLps(null)).toBe('—');
    expect(formatPct(97.4)).toBe('97 %');
    expect(formatPct(-0.01, 1)).toBe('0.0 %');
  });

  it('flags a night flow well above the baseline, with the ratio in words', () => {
    expect(mnfRatio(zone)).toBeCloseTo(1.03);
    expect(zoneFigures(zone).find((f) => f.key === 'mnf')?.abnormal).toBeUndefined();
    const leaky = { ...zone, mnfLps: 2.6 };
    expect(zoneFigures(leaky).find((f) => f.key === 'mnf')?.abnormal).toBe('1.5× baseline');
    expect(mnfRatio({ mnfLps: 1, mnfBaselineLps: null })).toBeNull();
    expect(zoneFigures({ ...zone, nrwPct: 31 }).find((f) => f.key === 'nrw')?.abnormal).toBe('above 25 %');
  });

  it('reads pressure compliance with the instrument count, abnormal under 95 %', () => {
    const pressure = {
      instruments: 9,
      compliantPct: 88.9,
      low: 1,
      high: 0,
      lowest: { element: 'J-7', valueM: 12.34 },
    };
    expect(complianceText(pressure)).toBe('89 % (8 of 9)');
    const figures = pressureFigures(pressure);
    expect(figures.find((f) => f.key === 'compliance')?.abnormal).toBe('below 95 %');
    expect(figures.find((f) => f.key === 'low')?.abnormal).toBe('low pressure');
    expect(figures.find((f) => f.key === 'high')?.abnormal).toBeUndefined();
    expect(figures.find((f) => f.key === 'lowest')?.value).toBe('12.3 m at J-7');
    expect(complianceText({ ...pressure, compliantPct: null })).toBe('—');
  });

  it('shows energy and cost', () => {
    expect(
      energyFigures({ powerKw: 23.94, todayKwh: 126.4, todayCost: 10.1, pricePerKwh: 0.08 }).map(
        (f) => f.value,
      ),
    ).toEqual(['23.9 kW', '126 kWh', '10.10', '0.080 /kWh']);
  });

  it('flags a running pump of low efficiency; a stopped one has no efficiency', () => {
    const pump = {
      id: 'PU-1',
      running: true,
      flowLps: 27.5,
      powerKw: 23.9,
      efficiencyPct: 52,
      mode: 'auto' as const,
    };
    expect(pumpFigures(pump)).toMatchObject({
      state: 'Running',
      efficiency: '52 %',
      abnormal: 'efficiency below 60 %',
    });
    expect(pumpFigures({ ...pump, efficiencyPct: 74 }).abnormal).toBeUndefined();
    expect(pumpFigures({ ...pump, running: false, efficiencyPct: null })).toMatchObject({
      state: 'Stopped',
      efficiency: '—',
    });
  });

  it('flags agents restarting, offline or in error', () => {
    const figures = agentFigures({
      total: 395,
      abnormal: 2,
      restarting: 0,
      offline: 1,
      errors: 0,
      restarts: 0,
    });
    expect(figures.filter((f) => f.abnormal).map((f) => f.key)).toEqual(['abnormal', 'offline']);
  });
});
