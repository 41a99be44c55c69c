import type { AlarmStateName } from '../../../shared/operations';
import { STATE_LABELS } from './alarmTable';

/** Short words for the table and banner; the long label is the tooltip. */
const SHORT: Record<AlarmStateName, string> = {
  unacknowledged: 'UNACK',
  rtn_unacknowledged: 'CLEARED · UNACK',
  acknowledged: 'ACKED',
  shelved: 'SHELVED',
  suppressed: 'SUPPRESSED',
  out_of_service: 'OUT OF SERVICE',
  normal: 'NORMAL',
};

/** An alarm's state in words; unacknowledged ones are marked (and blink) until acked. */
export function AlarmStateTag({ state }: { state: AlarmStateName }) {
  const unacked = state === 'unacknowledged' || state === 'rtn_unacknowledged';
  return (
    <span
      className={`alarm-state-tag${unacked ? ' is-unacked' : ''}`}
      data-testid="alarm-state"
      data-state={state}
      title={STATE_LABELS[state]}
    >
      {SHORT[state]}
    </span>
  );
}
