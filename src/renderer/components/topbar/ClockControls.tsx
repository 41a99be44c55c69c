import type { Speed } from '../../../shared/contract';
import { setClock } from '../../store/commands';
import { useConsoleStore } from '../../store/consoleStore';
import { PauseIcon, PlayIcon } from '../icons';
import { usePermission } from '../usePermission';

const SPEEDS: { speed: Speed; label: string; name: string; testId: string }[] = [
  { speed: 1, label: '1×', name: 'Real time', testId: 'speed-1' },
  { speed: 10, label: '10×', name: '10 times real time', testId: 'speed-10' },
  { speed: 60, label: '60×', name: '60 times real time (a minute per second)', testId: 'speed-60' },
  { speed: 600, label: '600×', name: '600 times real time (10 minutes per second)', testId: 'speed-600' },
  { speed: 'max', label: 'Max', name: 'As fast as the machine can simulate', testId: 'speed-max' },
];

/** Pause/resume and speed of the simulated clock (clock.set). */
export function ClockControls() {
  const clock = useConsoleStore((s) => s.clock);
  const connected = useConsoleStore((s) => s.connection === 'open');
  const allowed = usePermission('simulate');
  const disabled = !clock || !connected || !allowed;
  const why = allowed ? undefined : 'Your role may not control the simulation';

  return (
    <div className="clock-controls">
      <button
        type="button"
        className="toolbar-button clock-toggle"
        data-testid="clock-toggle"
        disabled={disabled}
        title={why}
        aria-label={clock?.running === false ? 'Resume the simulation' : 'Pause the simulation'}
        onClick={() => clock && void setClock({ running: !clock.running })}
      >
        {clock?.running === false ? <PlayIcon /> : <PauseIcon />}
        <span>{clock?.running === false ? 'Resume' : 'Pause'}</span>
      </button>
      <div className="segmented" role="group" aria-label="Simulation speed">
        {SPEEDS.map(({ speed, label, name, testId }) => (
          <button
            key={testId}
            type="button"
            className="toolbar-button"
            data-testid={testId}
            disabled={disabled}
            aria-pressed={clock?.speed === speed}
            aria-label={`Speed: ${name}`}
            title={why ?? name}
            onClick={() => void setClock({ speed })}
          >
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
