import { useEffect, useReducer, useRef, useState } from 'react';
import type { CommandTargetView, CommandView } from '../../../shared/operations';
import { RequestError } from '../../api/client';
import { cancelCommand, fetchCommand, operateCommand, selectCommand } from '../../store/commandActions';
import { useConsoleStore } from '../../store/consoleStore';
import { Modal } from '../Modal';
import { CommandResult } from './CommandResult';
import { actionLabel, commandOf, inProgress, offers, remainingMs, step, type Flow } from './commandFlow';

export interface CommandChoice {
  target: CommandTargetView;
  action: CommandTargetView['actions'][number];
}

/** While the core works on a command, ask it how it goes this often (pushes may pause with the clock). */
const POLL_MS = 1_000;

/**
 * Select-before-operate: the dialog selects the command at once (or after the value is
 * chosen), shows the time left to confirm, operates on Confirm, then follows the command to
 * its result and the readback. Closing it while selected cancels the selection.
 */
export function CommandDialog({ choice, onClose }: { choice: CommandChoice; onClose: () => void }) {
  const { target, action } = choice;
  const spec = action.value;
  const [flow, dispatch] = useReducer(step, undefined, (): Flow =>
    spec ? { phase: 'choose' } : { phase: 'pending', step: 'select' },
  );
  const [value, setValue] = useState<string>(spec?.type === 'enum' ? (spec.options[0] ?? '') : '');
  const command = commandOf(flow);
  const can = offers(flow);
  const started = useRef(false);

  async function run(which: 'select' | 'operate' | 'cancel', call: () => ReturnType<typeof selectCommand>) {
    dispatch({ type: 'request', step: which });
    try {
      dispatch({ type: 'outcome', outcome: await call() });
    } catch (error) {
      dispatch({ type: 'failed', message: error instanceof RequestError ? error.message : String(error) });
    }
  }
  const select = () => {
    const chosen = spec?.type === 'number' ? Number(value) : spec ? value : undefined;
    void run('select', () => selectCommand(target.id, action.name, chosen));
  };

  // an action without a value is selected as the dialog opens (once, also under StrictMode)
  useEffect(() => {
    if (spec || started.current) return;
    started.current = true;
    select();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on open
  }, []);

  // follow the command: pushed updates, and a poll while it is in progress
  const pushed = useConsoleStore((s) => (command ? s.commands.find((c) => c.id === command.id) : undefined));
  useEffect(() => {
    if (pushed) dispatch({ type: 'update', command: pushed });
  }, [pushed]);
  const followId = inProgress(flow) ? command?.id : undefined;
  useEffect(() => {
    if (!followId) return;
    const timer = setInterval(() => {
      fetchCommand(followId)
        .then((c) => c && dispatch({ type: 'update', command: c }))
        .catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [followId]);

  const close = () => {
    if (command?.state === 'selected' || command?.state === 'awaiting-approval')
      void cancelCommand(command.id).catch(() => undefined);
    onClose();
  };

  const valueValid =
    !spec ||
    (spec.type === 'number'
      ? value !== '' && Number(value) >= spec.min && Number(value) <= spec.max
      : value !== '');
  return (
    <Modal title={`${actionLabel(action.name)} ${target.id}`} testId="command-dialog" onClose={close} wide>
      <StepList flow={flow} />
      <p className="modal-note">
        {target.description ?? target.kind}
        {action.critical ? ' · critical: a second operator must approve it' : ''}
      </p>
      {spec ? (
        <label>
          {spec.type === 'number'
            ? `Value (${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''})`
            : 'Value'}
          {spec.type === 'number' ? (
            <input
              data-testid="command-value"
              type="number"
              min={spec.min}
              max={spec.max}
              step="any"
              disabled={!can.select}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          ) : (
            <select
              data-testid="command-value"
              disabled={!can.select}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            >
              {spec.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </label>
      ) : null}
      {command?.state === 'selected' || command?.state === 'awaiting-approval' ? (
        <Countdown command={command} />
      ) : null}
      <CommandResult flow={flow} />
      <div className="modal-actions">
        {can.cancel ? (
          <button
            type="button"
            className="toolbar-button"
            data-testid="command-cancel"
            onClick={() => command && void run('cancel', () => cancelCommand(command.id))}
          >
            Cancel command
          </button>
        ) : null}
        {can.select ? (
          <button
            type="button"
            className="toolbar-button primary-button"
            data-testid="command-select"
            disabled={!valueValid}
            onClick={select}
          >
            Select
          </button>
        ) : null}
        {can.confirm ? (
          <button
            type="button"
            className="toolbar-button primary-button"
            data-testid="command-confirm"
            onClick={() => command && void run('operate', () => operateCommand(command.id))}
          >
            Confirm {actionLabel(action.name).toLowerCase()}
          </button>
        ) : null}
        <button type="button" className="toolbar-button" data-testid="command-close" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** 1 Select · 2 Confirm · 3 Result, the current one marked in words and weight. */
function StepList({ flow }: { flow: Flow }) {
  const command = commandOf(flow);
  const current = !command
    ? 0
    : command.state === 'selected'
      ? 1
      : command.state === 'awaiting-approval'
        ? 1
        : 2;
  return (
    <ol className="command-steps" aria-label="Steps">
      {['Select', 'Confirm', 'Result'].map((name, i) => (
        <li
          key={name}
          className={i === current ? 'is-current' : i < current ? 'is-done' : undefined}
          aria-current={i === current ? 'step' : undefined}
        >
          {i < current ? '✓ ' : `${i + 1} `}
          {name}
        </li>
      ))}
    </ol>
  );
}

function Countdown({ command }: { command: CommandView }) {
  const simNow = useConsoleStore((s) => s.clock?.now);
  const [wallNow, setWallNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWallNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = remainingMs(command, wallNow, simNow);
  if (left === null) return null;
  const what = command.state === 'selected' ? 'Confirm within' : 'Approval needed within';
  return (
    <p className="command-countdown" data-testid="command-countdown" role="timer">
      {what} <strong className="numeric">{Math.ceil(left / 1000)} s</strong>
    </p>
  );
}
