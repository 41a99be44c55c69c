import { useEffect, useState } from 'react';
import type { AlarmKpisView } from '../../../shared/operations';
import { request } from '../../api/client';
import { useConsoleStore } from '../../store/consoleStore';
import { reportFailure } from '../../store/sync';
import { useThrottled } from './useThrottled';

/** ISA-18.2 / EEMUA 191 targets the numbers are read against. */
const STEADY_PER_10_MIN = 1;
const MANAGEABLE_PER_DAY = 150;
const NEEDS_WORK_PER_DAY = 300;

/** The alarm system's health over the last 24 h of simulated time, refreshed as alarms change. */
export function AlarmKpiPanel() {
  // recomputed as alarms change, at most every 5 s
  const summary = useThrottled(
    useConsoleStore((s) => s.alarmSummary),
    5_000,
  );
  const [kpis, setKpis] = useState<AlarmKpisView | null>(null);
  useEffect(() => {
    let current = true;
    request('alarms.kpis', {})
      .then((k) => current && setKpis(k))
      .catch((error: unknown) => reportFailure(error, 'Could not compute the alarm KPIs'));
    return () => {
      current = false;
    };
  }, [summary]);
  if (!kpis) return <aside className="kpi-panel">Computing KPIs…</aside>;

  const rate = kpis.per10MinPerOperator;
  const perDay = kpis.perDayPerOperator;
  const { percent, guidelinePercent } = kpis.priorityDistribution;
  return (
    <aside className="kpi-panel" data-testid="alarm-kpis" aria-label="Alarm KPIs">
      <h3>Last 24 h</h3>
      <dl className="reading-list">
        <Row label="Annunciated" value={String(kpis.annunciations)} />
        <Row
          label="Per 10 min (avg / peak)"
          value={`${rate.average.toFixed(1)} / ${rate.peak}`}
          bad={rate.average > STEADY_PER_10_MIN}
          note={`target ≤ ${STEADY_PER_10_MIN}`}
        />
        <Row
          label="Per day"
          value={perDay.toFixed(0)}
          bad={perDay > MANAGEABLE_PER_DAY}
          note={perDay >= NEEDS_WORK_PER_DAY ? 'needs work' : `manageable ≤ ${MANAGEABLE_PER_DAY}`}
        />
        <Row
          label="Floods (>10 in 10 min)"
          value={`${kpis.floods.count} · ${kpis.floods.percentTimeInFlood.toFixed(0)} % of time`}
          bad={kpis.floods.count > 0}
        />
        <Row label="Chattering" value={String(kpis.chattering.length)} bad={kpis.chattering.length > 0} />
        <Row label="Stale (> 24 h)" value={String(kpis.stale.length)} bad={kpis.stale.length > 0} />
      </dl>
      <h3 className="kpi-subhead">Priorities vs guideline</h3>
      <Bar label="High" percent={percent.high} guide={guidelinePercent.high} />
      <Bar label="Medium" percent={percent.medium} guide={guidelinePercent.medium} />
      <Bar label="Low" percent={percent.low} guide={guidelinePercent.low} />
    </aside>
  );
}

function Row({
  label,
  value,
  bad = false,
  note,
}: {
  label: string;
  value: string;
  bad?: boolean;
  note?: string;
}) {
  return (
    <div className="reading-row">
      <dt>{label}</dt>
      <dd className={bad ? 'kpi-bad' : undefined}>
        {bad ? <span aria-hidden="true">▲ </span> : null}
        {value}
        {note ? <span className="alarm-note"> ({note})</span> : null}
      </dd>
    </div>
  );
}

function Bar({ label, percent, guide }: { label: string; percent: number; guide: number }) {
  return (
    <div className="kpi-bar" title={`${label}: ${percent.toFixed(0)} % (guideline ${guide} %)`}>
      <span>{label}</span>
      <span className="kpi-bar-track" aria-hidden="true">
        <span className="kpi-bar-fill" style={{ width: `${Math.min(100, percent)}%` }} />
        <span className="kpi-bar-guide" style={{ left: `${guide}%` }} />
      </span>
      <span className="numeric">
        {percent.toFixed(0)} % <span className="alarm-note">/ {guide}</span>
      </span>
    </div>
  );
}
