import { useMemo, useState } from 'react';
import type { InjectedEvent } from '../../../shared/operations';
import { formatLength, formatMillimetres } from '../../readings/units';
import { useConsoleStore } from '../../store/consoleStore';
import {
  setLeakPipe,
  startPickingLeakPipe,
  stopPickingLeakPipe,
  useDisplayStore,
} from '../../store/displayStore';

type Kind = InjectedEvent['type'];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'leak', label: 'Leak at a pipe' },
  { kind: 'pump_trip', label: 'Pump trip' },
  { kind: 'sensor_fault', label: 'Sensor fault' },
  { kind: 'hydrant_open', label: 'Hydrant opening' },
  { kind: 'valve_stuck', label: 'Valve stuck' },
];

/**
 * One event to make happen now. A leak's pipe is picked on the schematic: "Pick on the
 * schematic", then click a pipe; the chosen pipe, its diameter and length show before the
 * injection.
 */
export function InjectForm({
  busy,
  onInject,
}: {
  busy: boolean;
  onInject: (event: InjectedEvent) => Promise<boolean>;
}) {
  const network = useConsoleStore((s) => s.network);
  const agents = useConsoleStore((s) => s.agents);
  const picking = useDisplayStore((s) => s.pickingLeakPipe);
  const pipe = useDisplayStore((s) => s.leakPipe);
  const [kind, setKind] = useState<Kind>('leak');
  const [flow, setFlow] = useState('5');
  const [ramp, setRamp] = useState('0');
  const [hydrantFlow, setHydrantFlow] = useState('25');
  const [minutes, setMinutes] = useState('30');
  const [mode, setMode] = useState<'offline' | 'stuck' | 'drift'>('offline');
  const pumps = useMemo(
    () => network?.links.filter((l) => l.kind === 'pump').map((l) => l.id) ?? [],
    [network],
  );
  const valves = useMemo(
    () => network?.links.filter((l) => l.kind === 'valve').map((l) => l.id) ?? [],
    [network],
  );
  const hydrants = useMemo(() => network?.nodes.filter((n) => n.hydrant).map((n) => n.id) ?? [], [network]);
  const sensors = useMemo(
    () =>
      agents
        .filter((a) => a.kind === 'sensor')
        .map((a) => a.id)
        .sort(),
    [agents],
  );
  const [pump, setPump] = useState('');
  const [valve, setValve] = useState('');
  const [hydrant, setHydrant] = useState('');
  const [sensor, setSensor] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const pick = <T,>(value: T | '', first: T | undefined) => (value === '' ? first : value);
  const flowLps = Number(flow);
  const event: InjectedEvent | null = (() => {
    switch (kind) {
      case 'leak':
        return pipe && flowLps > 0
          ? { type: 'leak', pipe: pipe.id, flowLps, rampMinutes: Math.max(0, Number(ramp) || 0) }
          : null;
      case 'pump_trip': {
        const id = pick(pump, pumps[0]);
        return id ? { type: 'pump_trip', pump: id } : null;
      }
      case 'valve_stuck': {
        const id = pick(valve, valves[0]);
        return id ? { type: 'valve_stuck', valve: id } : null;
      }
      case 'hydrant_open': {
        const id = pick(hydrant, hydrants[0]);
        const f = Number(hydrantFlow);
        const m = Number(minutes);
        return id && f > 0
          ? { type: 'hydrant_open', node: id, flowLps: f, ...(m > 0 && { minutes: m }) }
          : null;
      }
      case 'sensor_fault': {
        const id = pick(sensor, sensors[0]);
        return id ? { type: 'sensor_fault', sensor: id, mode, driftPerHour: 1 } : null;
      }
    }
  })();

  const inject = async () => {
    if (!event) return;
    const ok = await onInject(event);
    if (ok) setDone(`Injected: ${KINDS.find((k) => k.kind === event.type)?.label ?? event.type}`);
  };

  return (
    <div className="inject-form">
      <label>
        Event
        <select
          data-testid="training-inject-type"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setDone(null);
          }}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === 'leak' ? (
        <>
          <div className="training-row">
            <button
              type="button"
              className="toolbar-button"
              data-testid="training-pick-pipe"
              aria-pressed={picking}
              onClick={() => (picking ? stopPickingLeakPipe() : startPickingLeakPipe())}
            >
              {picking ? 'Click a pipe on the schematic…' : 'Pick on the schematic'}
            </button>
            {pipe ? (
              <button type="button" className="link-button" onClick={() => setLeakPipe(null)}>
                Clear
              </button>
            ) : null}
          </div>
          <p className="training-pipe" data-testid="training-leak-pipe" aria-live="polite">
            {pipe
              ? `Pipe ${pipe.id} · ${formatMillimetres(pipe.diameterMm)} · ${formatLength(pipe.lengthM)}`
              : 'No pipe chosen yet.'}
          </p>
          <label>
            Leak flow (L/s)
            <input
              type="number"
              min="0.1"
              max="5000"
              step="0.1"
              data-testid="training-leak-flow"
              value={flow}
              onChange={(e) => setFlow(e.target.value)}
            />
          </label>
          <label>
            Grows over (min, 0 = burst)
            <input
              type="number"
              min="0"
              max="10080"
              step="1"
              data-testid="training-leak-ramp"
              value={ramp}
              onChange={(e) => setRamp(e.target.value)}
            />
          </label>
        </>
      ) : null}
      {kind === 'pump_trip' ? (
        <Choice
          label="Pump"
          testId="training-pump"
          options={pumps}
          value={pick(pump, pumps[0]) ?? ''}
          onChange={setPump}
        />
      ) : null}
      {kind === 'valve_stuck' ? (
        <Choice
          label="Valve"
          testId="training-valve"
          options={valves}
          value={pick(valve, valves[0]) ?? ''}
          onChange={setValve}
        />
      ) : null}
      {kind === 'hydrant_open' ? (
        <>
          <Choice
            label="Hydrant"
            testId="training-hydrant"
            options={hydrants}
            value={pick(hydrant, hydrants[0]) ?? ''}
            onChange={setHydrant}
          />
          <label>
            Flow (L/s)
            <input
              type="number"
              min="1"
              max="500"
              value={hydrantFlow}
              onChange={(e) => setHydrantFlow(e.target.value)}
            />
          </label>
          <label>
            For (min)
            <input
              type="number"
              min="1"
              max="1440"
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
        </>
      ) : null}
      {kind === 'sensor_fault' ? (
        <>
          <Choice
            label="Sensor"
            testId="training-sensor"
            options={sensors}
            value={pick(sensor, sensors[0]) ?? ''}
            onChange={setSensor}
          />
          <label>
            Fault
            <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="offline">Offline</option>
              <option value="stuck">Stuck</option>
              <option value="drift">Drift</option>
            </select>
          </label>
        </>
      ) : null}
      <div className="training-row">
        <button
          type="button"
          className="toolbar-button primary-button"
          data-testid="training-inject"
          disabled={busy || event === null}
          onClick={() => void inject()}
        >
          Inject now
        </button>
        {done ? (
          <span className="display-note" role="status" data-testid="training-injected">
            {done}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function Choice({
  label,
  testId,
  options,
  value,
  onChange,
}: {
  label: string;
  testId: string;
  options: readonly string[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
