import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { pump, PumpConfig } from './pump';
import {
  aCommand,
  advance,
  aPublish,
  aSchedule,
  aSend,
  anAlert,
  checkRow,
  commands,
  message,
  operator,
  reading,
  type Row,
  run,
} from './testing';

const T0 = Date.UTC(2025, 0, 6);
const S = 1_000;
const config = PumpConfig.parse({
  id: 'PU1',
  inlet: 'J0',
  outlet: 'J5',
  targetOutletPressureM: 50,
  zone: 'Z1',
});
const t = (seconds: number) => T0 + seconds * S;
const speed = (v: number, at: number) => reading('PU1', 'speed', v, at);
const vibration = (v: number, at: number) => reading('PU1', 'vibration', v, at);
const temperature = (v: number, at: number) => reading('PU1', 'temperature', v, at);
const outlet = (v: number, at: number) => reading('J5', 'pressure', v, at);

const rampingUp: AgentEvent[] = [operator('start', t(0))];
const running: AgentEvent[] = [...rampingUp, speed(80, t(10))];
const warning: AgentEvent[] = [...running, vibration(5, t(20))];
const rampingDown: AgentEvent[] = [...running, operator('stop', t(20))];
const tripped: AgentEvent[] = [...running, vibration(8, t(20))];
const maintenance: AgentEvent[] = [operator('maintenance_start', t(0))];

const fault = (v: number, at: number) => reading('PU1', 'fault', v, at);

describe('pump transitions', () => {
  const rows: Row[] = [
    {
      from: 'Idle',
      on: 'the drive turning (started by local control)',
      to: 'Running',
      given: [],
      event: speed(100, t(0)),
      without: [aCommand('PU1', 'start', 80)],
    },
    {
      from: 'Running',
      on: 'the drive standing without a trip (stopped by local control)',
      to: 'Idle',
      given: [speed(100, t(0))],
      event: speed(0, t(60)),
    },
    {
      from: 'Running',
      on: 'the drive’s trip signal',
      to: 'Emergency_Stop',
      given: running,
      event: fault(1, t(30)),
      effects: [anAlert('pump_trip', 1), aSend('Z1', 'pump_tripped'), aPublish('agent/pump/PU1/maintenance')],
      // the drive has already stopped the pump: nothing to command
      without: [aCommand('PU1', 'emergency_stop')],
    },
    {
      from: 'Idle',
      on: 'the trip signal of a standing pump (it cannot be started)',
      to: 'Emergency_Stop',
      given: [],
      event: fault(1, t(0)),
      effects: [anAlert('pump_trip', 1)],
    },
    {
      from: 'Emergency_Stop',
      on: 'the trip signal still present',
      to: 'Emergency_Stop',
      given: [...running, fault(1, t(30))],
      event: fault(1, t(90)),
      without: [anAlert('pump_trip', 1)],
    },
    {
      from: 'Running',
      on: 'a healthy fault signal',
      to: 'Running',
      given: running,
      event: fault(0, t(30)),
    },
    {
      from: 'Idle',
      on: 'operator start',
      to: 'Ramping_Up',
      given: [],
      event: operator('start', t(0)),
      effects: [aCommand('PU1', 'start', 80), aSchedule('ramp', 30 * S)],
    },
    {
      from: 'Idle',
      on: 'start message',
      to: 'Ramping_Up',
      given: [],
      event: message({ type: 'start', reason: 'standby' }, t(0)),
    },
    {
      from: 'Idle',
      on: 'a tank asks for refill',
      to: 'Ramping_Up',
      given: [],
      event: message({ type: 'refill_request', tank: 'T1', levelM: 2, urgency: 'normal' }, t(0)),
    },
    {
      from: 'Idle',
      on: 'demand rising at a hydrant',
      to: 'Ramping_Up',
      given: [],
      event: message({ type: 'demand_rising', source: 'H1', flowLps: 25 }, t(0)),
    },
    {
      from: 'Ramping_Up',
      on: 'speed reached',
      to: 'Running',
      given: rampingUp,
      event: speed(78, t(10)),
      effects: [{ type: 'cancel', key: 'ramp' }],
    },
    {
      from: 'Ramping_Up',
      on: 'ramp time, no speed instrument',
      to: 'Running',
      given: rampingUp,
      event: advance(t(30)),
    },
    {
      from: 'Ramping_Up',
      on: 'ramp time, speed still short',
      to: 'Warning',
      given: [...rampingUp, speed(50, t(10))],
      event: advance(t(30)),
      effects: [anAlert('slow_ramp', 3)],
    },
    {
      from: 'Warning',
      on: 'slow pump reaches speed',
      to: 'Running',
      given: [...rampingUp, speed(50, t(10)), advance(t(30))],
      event: speed(80, t(40)),
    },
    {
      from: 'Running',
      on: 'vibration past warning',
      to: 'Warning',
      given: running,
      event: vibration(5, t(20)),
      effects: [anAlert('vibration_high', 3)],
    },
    {
      from: 'Running',
      on: 'temperature past warning',
      to: 'Warning',
      given: running,
      event: temperature(85, t(20)),
      effects: [anAlert('temperature_high', 3)],
    },
    {
      from: 'Warning',
      on: 'vibration back below the deadband',
      to: 'Running',
      given: warning,
      event: vibration(4.1, t(30)),
    },
    {
      from: 'Warning',
      on: 'vibration 4.3 (inside deadband)',
      to: 'Warning',
      given: warning,
      event: vibration(4.3, t(30)),
    },
    {
      from: 'Running',
      on: 'vibration past critical',
      to: 'Emergency_Stop',
      given: running,
      event: vibration(7.5, t(20)),
      effects: [
        aCommand('PU1', 'emergency_stop'),
        aPublish('agent/pump/PU1/maintenance', { pump: 'PU1', vibration: 7.5 }),
        anAlert('pump_trip', 1),
        aSend('Z1', 'pump_tripped', { pump: 'PU1' }),
      ],
    },
    {
      from: 'Warning',
      on: 'temperature past critical',
      to: 'Emergency_Stop',
      given: warning,
      event: temperature(96, t(30)),
      effects: [aCommand('PU1', 'emergency_stop')],
    },
    {
      from: 'Ramping_Up',
      on: 'vibration past critical',
      to: 'Emergency_Stop',
      given: rampingUp,
      event: vibration(9, t(5)),
    },
    {
      from: 'Ramping_Down',
      on: 'vibration past critical',
      to: 'Emergency_Stop',
      given: rampingDown,
      event: vibration(9, t(25)),
    },
    {
      from: 'Running',
      on: 'operator stop',
      to: 'Ramping_Down',
      given: running,
      event: operator('stop', t(20)),
      effects: [aCommand('PU1', 'stop'), aSchedule('ramp')],
    },
    {
      from: 'Warning',
      on: 'stop message',
      to: 'Ramping_Down',
      given: warning,
      event: message({ type: 'stop', reason: 'zone' }, t(30)),
    },
    {
      from: 'Ramping_Up',
      on: 'operator stop',
      to: 'Ramping_Down',
      given: rampingUp,
      event: operator('stop', t(5)),
    },
    {
      from: 'Running',
      on: 'the tank that started it is full',
      to: 'Ramping_Down',
      given: [
        message({ type: 'refill_request', tank: 'T1', levelM: 2, urgency: 'normal' }, t(0)),
        speed(80, t(10)),
      ],
      event: message({ type: 'refill_done', tank: 'T1' }, t(600)),
    },
    { from: 'Ramping_Down', on: 'speed near zero', to: 'Idle', given: rampingDown, event: speed(1, t(30)) },
    { from: 'Ramping_Down', on: 'ramp time', to: 'Idle', given: rampingDown, event: advance(t(50)) },
    {
      from: 'Emergency_Stop',
      on: 'operator reset',
      to: 'Idle',
      given: tripped,
      event: operator('reset', t(60)),
    },
    {
      from: 'Emergency_Stop',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: tripped,
      event: operator('maintenance_start', t(60)),
    },
    {
      from: 'Idle',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: [],
      event: operator('maintenance_start', t(0)),
    },
    {
      from: 'Running',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: running,
      event: operator('maintenance_start', t(20)),
      effects: [aCommand('PU1', 'stop')],
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends',
      to: 'Idle',
      given: maintenance,
      event: operator('maintenance_end', t(60)),
    },
    { from: 'Maintenance', on: 'repair', to: 'Idle', given: maintenance, event: operator('repair', t(60)) },
    {
      from: 'Maintenance',
      on: 'a start request',
      to: 'Maintenance',
      given: maintenance,
      event: message({ type: 'start', reason: 'x' }, t(60)),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(pump, config, row);
  });
});

describe('pump seed behaviour: pressure control', () => {
  it('raises its speed a step when the outlet pressure is below target', () => {
    const r = run(pump, config, [...running, outlet(45, t(70))]);
    expect(r.last).toEqual([aCommand('PU1', 'set_speed', 85)]);
  });

  it('waits a control interval between steps, so the network answers one step first', () => {
    const r = run(pump, config, [...running, outlet(45, t(70)), outlet(45, t(100)), outlet(45, t(131))]);
    expect(commands(r.effects, 'set_speed').map((c) => c.value)).toEqual([85, 90]);
  });

  it('lowers its speed above target, never below its minimum, and holds inside the deadband', () => {
    const high = Array.from({ length: 12 }, (_, i) => outlet(60, t(70 + i * 60)));
    const r = run(pump, config, [...running, ...high, outlet(50.5, t(900))]);
    const steps = commands(r.effects, 'set_speed').map((c) => c.value);
    expect(steps.at(-1)).toBe(40);
    expect(steps).toEqual([75, 70, 65, 60, 55, 50, 45, 40]);
  });

  it('a pump in Warning holds its speed', () => {
    const r = run(pump, config, [...warning, outlet(40, t(120))]);
    expect(commands(r.last, 'set_speed')).toEqual([]);
  });

  it('answers a hydrant opening at once, without waiting for the control interval', () => {
    const r = run(pump, config, [
      ...running,
      message({ type: 'demand_rising', source: 'H1', flowLps: 25 }, t(11)),
    ]);
    expect(r.last).toEqual([aCommand('PU1', 'set_speed', 85)]);
  });

  it('keeps running after refill_done when it was not started for the tank', () => {
    const r = run(pump, config, [
      ...running,
      message({ type: 'refill_request', tank: 'T1', levelM: 2, urgency: 'normal' }, t(20)),
      message({ type: 'refill_done', tank: 'T1' }, t(600)),
    ]);
    expect(r.status).toBe('Running');
  });

  it('ignores vibration of a standing pump', () => {
    expect(run(pump, config, [vibration(9, t(0))]).status).toBe('Idle');
  });

  it('starts Running when configured as already turning', () => {
    expect(pump.init(PumpConfig.parse({ ...config, running: true }), T0).state.status).toBe('Running');
  });
});
