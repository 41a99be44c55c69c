// `aqueduct simulate` end to end below the CLI: the demo town, its instruments, every agent,
// and the scenario files shipped in assets/scenarios.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../protocols/sim/scenario';
import { simulate, simulateFile } from './simulation';

const assetsDir = join(__dirname, '../../../assets');
const scenario = (name: string) => join(assetsDir, 'scenarios', name);

describe('aqueduct simulate', () => {
  it('raises an alarm for a pump trip and for a sensor going offline, from the right agents', async () => {
    const report = await simulateFile(scenario('night-pump-trip.yaml'), { assetsDir });
    const trip = report.alarms.find((a) => a.type === 'pump_trip');
    expect(trip).toMatchObject({
      source: 'PU-1',
      kind: 'pump',
      priority: 1,
      time: '2026-01-05T01:00:00.000Z',
    });
    const silent = report.alarms.find((a) => a.source === 'S-T-NORTH-level');
    expect(silent).toMatchObject({ kind: 'sensor', type: 'comms_loss' });
    // three missed one-minute samples after the gauge died at 02:00
    expect(Date.parse(silent!.time) - Date.parse('2026-01-05T02:00:00Z')).toBeLessThanOrEqual(4 * 60_000);
    // the zone coordinator answered the trip by starting the standby pump
    expect(report.commands).toContainEqual(
      expect.objectContaining({ target: 'PU-3', action: 'start', result: 'applied' }),
    );
    expect(report.transitions['PU-1']).toMatchObject({ Emergency_Stop: 1 });
    expect(report.transitions['PU-3']).toMatchObject({ Running: 1 });
    expect(report.plantEvents.map((e) => e.type)).toEqual(['pump_trip', 'sensor_fault']);
    expect(report.leaks).toEqual([]);
  });

  it('writes the same report for the same seed', async () => {
    const a = await simulateFile(scenario('night-pump-trip.yaml'), { assetsDir });
    const b = await simulateFile(scenario('night-pump-trip.yaml'), { assetsDir });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('a paced run (a trainer watching at N×) reports exactly what a flat-out run does', async () => {
    const flat = await simulateFile(scenario('night-pump-trip.yaml'), { assetsDir });
    const paced = await simulateFile(scenario('night-pump-trip.yaml'), { assetsDir, speed: 500_000 });
    expect(paced.alarms).toEqual(flat.alarms);
    expect(paced.transitions).toEqual(flat.transitions);
  });

  it('a fire flow brings the hydrant, the zone and the control center into action', async () => {
    const report = await simulateFile(scenario('hydrant-emergency.yaml'), { assetsDir });
    expect(report.alarms).toContainEqual(
      expect.objectContaining({ source: 'HYD-01', type: 'hydrant_in_use' }),
    );
    expect(report.alarms).toContainEqual(
      expect.objectContaining({ source: 'control-center', type: 'fire_flow' }),
    );
    expect(report.transitions['HYD-01']).toMatchObject({ In_Use: 1 });
  });

  it('a quiet day raises nothing (no false alarms from noise and model uncertainty)', async () => {
    const quiet = parseScenario(
      'name: quiet\nstart: 2026-01-05T00:00:00Z\nduration: 24h\nseed: 11\nuncertainty: { demandNoise: 0.05, roughness: 0.05 }\n',
      'quiet.yaml',
    );
    const report = await simulate(quiet, assetsDir, 'quiet.yaml', { assetsDir });
    expect(report.alarms).toEqual([]);
    expect(report.simulated.readings).toBeGreaterThan(24 * 60 * 20);
  });

  it('takes agent attributes from the network sidecar, and names the agent when one is wrong', async () => {
    const { mkdtempSync, copyFileSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aqueduct-sidecar-'));
    copyFileSync(join(assetsDir, 'demo-town', 'demo-town.inp'), join(dir, 'town.inp'));
    const sidecar = JSON.parse(readFileSync(join(assetsDir, 'demo-town', 'demo-town.zones.json'), 'utf8'));
    const scenarioText = 'name: x\nnetwork: town.inp\nstart: 2026-01-05T00:00:00Z\nduration: 1h\n';
    // a pressure logger that calls 45 m low pressure: a sidecar threshold, not the default 20 m
    // (found with the same sidecar: `auto` loggers are placed around its meters and hydrants)
    writeFileSync(join(dir, 'town.zones.json'), JSON.stringify(sidecar));
    const logger = (await simulate(parseScenario(scenarioText, 'x.yaml'), dir, 'x.yaml', { assetsDir }))
      .transitions;
    const sensorId = Object.keys(logger).find((id) => id.endsWith('-pressure'))!;
    writeFileSync(
      join(dir, 'town.zones.json'),
      JSON.stringify({
        ...sidecar,
        agents: { [sensorId]: { thresholds: { warningLow: 200, criticalLow: 150 } } },
      }),
    );
    const report = await simulate(parseScenario(scenarioText, 'x.yaml'), dir, 'x.yaml', { assetsDir });
    expect(report.alarms).toContainEqual(expect.objectContaining({ source: sensorId, kind: 'sensor' }));
    writeFileSync(
      join(dir, 'town.zones.json'),
      JSON.stringify({ ...sidecar, agents: { 'P-001': { material: 'unobtainium' } } }),
    );
    await expect(
      simulate(parseScenario(scenarioText, 'x.yaml'), dir, 'x.yaml', { assetsDir }),
    ).rejects.toThrow(/agent P-001: pipe config: material/);
    writeFileSync(
      join(dir, 'town.zones.json'),
      JSON.stringify({ ...sidecar, agents: { 'NOPE-9': { material: 'pvc' } } }),
    );
    await expect(
      simulate(parseScenario(scenarioText, 'x.yaml'), dir, 'x.yaml', { assetsDir }),
    ).rejects.toThrow(/no element or instrument NOPE-9/);
  });

  it('reports a missing scenario or network clearly', async () => {
    await expect(simulateFile('/no/such.yaml', { assetsDir })).rejects.toThrow(
      'cannot read scenario /no/such.yaml: no such file',
    );
    const bad = parseScenario(
      'name: x\nnetwork: nowhere.inp\nstart: 2026-01-05T00:00:00Z\nduration: 1h\n',
      'x.yaml',
    );
    await expect(simulate(bad, '/tmp', 'x.yaml', { assetsDir })).rejects.toThrow(
      /x\.yaml: network nowhere\.inp: cannot read/,
    );
  });
});
