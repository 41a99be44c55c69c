import { useEffect, useState } from 'react';
import type { TagSampleView } from '../../../shared/operations';
import { RequestError } from '../../api/client';
import { monitorConnection } from '../../store/connectionActions';
import { QualityTag } from './ConnectionTags';
import { formatWallClock, formatWallDate } from '../../readings/wallTime';

/** The monitor asks again this often while it is open. */
const REFRESH_MS = 1_000;

function formatSampleValue(value: TagSampleView['value']): string {
  if (value === null) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return String(value);
}

/** Each point of one connection: latest value, quality with its reason, source and received time. */
export function TagMonitor({ connectionId }: { connectionId: string }) {
  const [samples, setSamples] = useState<TagSampleView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let stopped = false;
    const load = () =>
      monitorConnection(connectionId)
        .then((s) => {
          if (stopped) return;
          setSamples(s);
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (!stopped) setProblem(error instanceof RequestError ? error.message : String(error));
        });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [connectionId]);

  const needle = filter.trim().toLowerCase();
  const rows = (samples ?? []).filter((s) => !needle || s.point.toLowerCase().includes(needle));
  const notGood = (samples ?? []).filter((s) => s.quality !== 'good').length;

  return (
    <section
      className="tag-monitor"
      data-testid="tag-monitor"
      data-connection-id={connectionId}
      aria-label={`Tag monitor of ${connectionId}`}
    >
      <header className="tag-monitor-head">
        <h3>Tag monitor · {connectionId}</h3>
        <span className="field-note numeric" data-testid="tag-monitor-counts">
          {samples ? `${samples.length} points · ${notGood} not good` : 'loading…'}
        </span>
        <input
          className="text-input"
          data-testid="tag-monitor-filter"
          aria-label="Filter points"
          placeholder="Filter points"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </header>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <table className="dock-table">
        <thead>
          <tr>
            <th>Point</th>
            <th>Value</th>
            <th>Quality</th>
            <th>Source time</th>
            <th>Received</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.point} data-testid="sample-row" data-point={s.point} data-quality={s.quality}>
              <td>{s.point}</td>
              <td className="numeric" data-testid="sample-value">
                {formatSampleValue(s.value)}
              </td>
              <td>
                <QualityTag quality={s.quality} />
                {s.reason ? (
                  <span className="field-note" data-testid="sample-reason">
                    {' '}
                    {s.reason}
                  </span>
                ) : null}
              </td>
              <td className="numeric" title={formatWallDate(s.sourceTime)}>
                {formatWallClock(s.sourceTime)}
              </td>
              <td className="numeric" title={formatWallDate(s.receivedTime)}>
                {formatWallClock(s.receivedTime)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
