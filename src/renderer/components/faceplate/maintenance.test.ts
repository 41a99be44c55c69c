import { describe, expect, it } from 'vitest';
import { maintenanceFacts } from './maintenance';

describe('faceplate maintenance facts', () => {
  it('labels the agent attributes a maintainer reads, and flags a degraded condition', () => {
    const facts = maintenanceFacts({
      material: 'cast_iron',
      installDate: '1968-05-01',
      conditionScore: 45,
      degradedBelow: 60,
      diameterMm: 100,
    });
    expect(facts.map((f) => [f.label, f.value, f.abnormal])).toEqual([
      ['Installed', '1968-05-01', undefined],
      ['Material', 'cast iron', undefined],
      ['Condition', '45 / 100', 'degraded'],
    ]);
  });

  it('flags a low battery and skips what is not there', () => {
    expect(maintenanceFacts({ batteryPct: 12, lastCalibration: '' })).toEqual([
      { key: 'batteryPct', label: 'Battery', value: '12 %', abnormal: 'low battery' },
    ]);
  });
});
