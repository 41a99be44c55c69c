import './alarms.css';
import { useEffect } from 'react';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { acknowledgeAlarms } from '../../store/alarmActions';
import { setDock, useConsoleStore } from '../../store/consoleStore';
import { PriorityBadge } from '../alerts/PriorityBadge';
import { usePermission } from '../usePermission';
import { AlarmElement } from './AlarmElement';
import { AlarmStateTag } from './AlarmStateTag';

/** Alt+A acknowledges the banner alarm (not while typing in a field). */
const ACK_KEY = 'a';

/**
 * One line under the top bar: the latest of the highest-priority unacknowledged alarms (the
 * core picks it), blinking until acknowledged, with how many are unacknowledged. Its element
 * selects and shows it on the schematic.
 */
export function AlarmBanner() {
  const banner = useConsoleStore((s) => s.alarmSummary?.banner ?? null);
  const unacked = useConsoleStore((s) => s.alarmSummary?.counts.unacknowledged ?? 0);
  const dockOpen = useConsoleStore((s) => s.dock === 'alarms');
  const mayAck = usePermission('operate');

  useEffect(() => {
    if (!banner || !mayAck) return;
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select');
      if (event.altKey && !event.ctrlKey && event.key.toLowerCase() === ACK_KEY && !typing) {
        event.preventDefault();
        void acknowledgeAlarms([banner.id]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [banner, mayAck]);

  if (!banner) return null;
  const time = banner.since ?? banner.activeSince;
  return (
    // status, not alert: the banner changes often and must not interrupt a screen reader each time
    <div
      className={`alert-banner alarm-banner is-p${banner.priority}${banner.acked ? '' : ' is-unacked'}`}
      role="status"
      data-testid="alarm-banner"
      data-alarm-id={banner.id}
    >
      <PriorityBadge priority={banner.priority} />
      {time !== undefined ? (
        <time className="alert-time" dateTime={new Date(time).toISOString()} title={formatSimDate(time)}>
          {formatSimClock(time)}
        </time>
      ) : null}
      {banner.element ? <AlarmElement alarm={banner} testId="alarm-banner-element" /> : null}
      <span className="alert-message" data-testid="alarm-banner-message">
        {banner.message}
      </span>
      <AlarmStateTag state={banner.state} />
      <button
        type="button"
        className="toolbar-button"
        data-testid="alarm-banner-count"
        aria-pressed={dockOpen}
        title="Open the alarm summary"
        onClick={() => setDock(dockOpen ? null : 'alarms')}
      >
        {unacked === 1 ? '1 unacknowledged' : `${unacked} unacknowledged`}
      </button>
      {mayAck ? (
        <button
          type="button"
          className="toolbar-button"
          data-testid="alarm-banner-ack"
          title="Acknowledge this alarm (Alt+A)"
          aria-keyshortcuts="Alt+A"
          onClick={() => void acknowledgeAlarms([banner.id])}
        >
          Ack
        </button>
      ) : null}
    </div>
  );
}
