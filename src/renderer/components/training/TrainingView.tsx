import './training.css';
import { useRef, useState, type ChangeEvent } from 'react';
import type { Speed } from '../../../shared/contract';
import type { TrainingStatus } from '../../../shared/operations';
import { request, RequestError } from '../../api/client';
import { formatSimClock } from '../../readings/simTime';
import { setClock } from '../../store/commands';
import { useConsoleStore } from '../../store/consoleStore';
import { useCoreResource } from '../../store/liveResource';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { KpiCard } from '../displays/Figures';
import { PauseIcon, PlayIcon } from '../icons';
import { usePermission } from '../usePermission';
import { InjectForm } from './InjectForm';
import { ScoreCard } from './ScoreCard';

const SPEEDS: { speed: Speed; label: string; id: string }[] = [
  { speed: 1, label: '1×', id: '1' },
  { speed: 10, label: '10×', id: '10' },
  { speed: 60, label: '60×', id: '60' },
  { speed: 600, label: '600×', id: '600' },
  { speed: 'max', label: 'Max', id: 'max' },
];

/**
 * The trainer's panel: load a scenario file, run, pause and speed the simulated clock, make
 * things happen in the plant now (a leak at a pipe picked on the schematic, a pump trip, a
 * sensor fault, a hydrant opening, a stuck valve), and end the session with the trainee's
 * score. The core refuses all of it to roles without `simulate`; they see the status only.
 */
export function TrainingView() {
  const mayTrain = usePermission('simulate');
  const { data: status, set: setStatus } = useCoreResource('training.status', {
    push: 'training.status',
    what: 'Could not fetch the training status',
  });
  const clock = useConsoleStore((s) => s.clock);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (call: () => Promise<TrainingStatus>, what: string) => {
    setBusy(true);
    try {
      setStatus(await call());
      setFileError(null);
      return true;
    } catch (error) {
      reportFailure(error, what);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileError(null);
    setBusy(true);
    try {
      const text = await file.text();
      setStatus(await request('training.start', { fileName: file.name.slice(0, 255), text }));
    } catch (error) {
      // a mistake in the file comes back with its line and path: shown here, beside the button
      if (error instanceof RequestError && (error.code === 'invalid_file' || error.code === 'failed'))
        setFileError(error.message);
      else reportFailure(error, `Could not start ${file.name}`);
    } finally {
      setBusy(false);
    }
  };

  const active = status?.active ?? false;
  return (
    <DockFrame
      title="Training"
      testId="training-view"
      className="is-display"
      tools={
        <span className="display-note" data-testid="training-state">
          {!status
            ? 'Asking the core…'
            : active
              ? `Session: ${status.scenario ?? 'Live exercise'}${status.startedAt ? ` since ${formatSimClock(status.startedAt)}` : ''}`
              : status.score
                ? `Ended: ${status.scenario ?? 'Live exercise'}`
                : 'No session'}
        </span>
      }
    >
      <div className="kpi-grid training-grid">
        <KpiCard title="Scenario and clock" testId="training-session">
          {mayTrain ? (
            <>
              <div className="training-row">
                <input
                  ref={fileInput}
                  id="training-file"
                  type="file"
                  accept=".yaml,.yml,.json"
                  data-testid="training-file"
                  aria-label="Scenario file"
                  tabIndex={-1}
                  className="visually-hidden"
                  onChange={(e) => void onFile(e)}
                />
                <button
                  type="button"
                  className="toolbar-button"
                  data-testid="training-load"
                  disabled={busy}
                  onClick={() => fileInput.current?.click()}
                >
                  Load scenario…
                </button>
                <button
                  type="button"
                  className="toolbar-button"
                  data-testid="training-stop"
                  disabled={busy || !active}
                  onClick={() => void run(() => request('training.stop', {}), 'Could not end the session')}
                >
                  End and score
                </button>
              </div>
              {fileError ? (
                <p className="training-error" role="alert" data-testid="training-error">
                  {fileError}
                </p>
              ) : null}
              <div className="training-row" role="group" aria-label="Simulated clock">
                <button
                  type="button"
                  className="toolbar-button"
                  data-testid="training-clock-toggle"
                  disabled={!clock}
                  onClick={() => clock && void setClock({ running: !clock.running })}
                >
                  {clock?.running === false ? <PlayIcon /> : <PauseIcon />}
                  {clock?.running === false ? 'Start' : 'Pause'}
                </button>
                <div className="segmented" role="group" aria-label="Training speed">
                  {SPEEDS.map((s) => (
                    <button
                      key={s.id}
                      type="button"
                      className="toolbar-button"
                      data-testid={`training-speed-${s.id}`}
                      aria-pressed={clock?.speed === s.speed}
                      disabled={!clock}
                      onClick={() => void setClock({ speed: s.speed })}
                    >
                      {s.label}
                    </button>
                  ))}
                </div>
              </div>
            </>
          ) : (
            <p className="display-note">Your role may watch training sessions but not run them.</p>
          )}
          <h4 className="details-subhead">What the plant was made to do</h4>
          {status && status.plantEvents.length > 0 ? (
            <ol className="training-events" data-testid="training-events">
              {status.plantEvents.map((e, i) => (
                <li key={`${e.time}-${i}`}>
                  <span className="numeric">{formatSimClock(e.time)}</span> {e.type.replace('_', ' ')}:{' '}
                  {e.detail}
                </li>
              ))}
            </ol>
          ) : (
            <p className="display-note">Nothing yet.</p>
          )}
        </KpiCard>
        {mayTrain ? (
          <KpiCard title="Inject an event now" testId="training-inject-card">
            <InjectForm
              busy={busy}
              onInject={(event) => run(() => request('training.inject', event), 'Could not inject the event')}
            />
          </KpiCard>
        ) : null}
        <ScoreCard status={status} />
      </div>
    </DockFrame>
  );
}
