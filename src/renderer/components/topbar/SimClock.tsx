import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { useConsoleStore } from '../../store/consoleStore';

/** The simulated time (clock.now) in local time, and whether the clock is paused. */
export function SimClock() {
  const clock = useConsoleStore((s) => s.clock);
  return (
    <div className="sim-clock" aria-label="Simulated time">
      <time
        className="sim-time"
        data-testid="sim-time"
        dateTime={clock ? new Date(clock.now).toISOString() : undefined}
      >
        {clock ? (
          <>
            <span className="sim-date">{formatSimDate(clock.now)}</span>{' '}
            <span className="sim-hms">{formatSimClock(clock.now)}</span>
          </>
        ) : (
          '—'
        )}
      </time>
      {clock && !clock.running ? <span className="state-tag">PAUSED</span> : null}
    </div>
  );
}
