import './displays.css';
import { useMemo } from 'react';
import type { AlarmView } from '../../../shared/operations';
import { formatSimClock } from '../../readings/simTime';
import { useConsoleStore } from '../../store/consoleStore';
import { setZone } from '../../store/displayStore';
import { setDock } from '../../store/consoleStore';
import { useCoreResource } from '../../store/liveResource';
import { AgentStateTag } from '../agents/AgentStateTag';
import { DockFrame } from '../dock/DockFrame';
import { FigureList, KpiCard } from './Figures';
import {
  agentFigures,
  energyFigures,
  formatLps,
  mnfRatio,
  MNF_ALERT_RATIO,
  pressureFigures,
  pumpFigures,
  type Figure,
} from './kpiFormat';

/** Alarm KPIs are recomputed this often while the overview is open (wall time). */
const ALARM_KPI_POLL_MS = 15_000;

/**
 * L1, the network overview: the DMAs' water balance and night flow, alarm counts and KPIs,
 * pressure compliance, energy, pumps and agent health. Figures only: no controls (L2/L3).
 */
export function OverviewView() {
  const { data: kpis } = useCoreResource('kpis.network', {
    push: 'kpis.network',
    what: 'Could not fetch the network KPIs',
  });
  const { data: alarmKpis } = useCoreResource('alarms.kpis', {
    pollMs: ALARM_KPI_POLL_MS,
    what: 'Could not compute the alarm KPIs',
  });
  const summary = useConsoleStore((s) => s.alarmSummary);
  const alarmsByZone = useMemo(() => countByZone(summary?.alarms ?? []), [summary]);

  const alarmFigures: Figure[] = summary
    ? [
        {
          key: 'unacked',
          label: 'Unacknowledged',
          value: String(summary.counts.unacknowledged),
          ...(summary.counts.unacknowledged > 0 && { abnormal: 'to acknowledge' }),
        },
        ...[1, 2, 3, 4].map((p) => ({
          key: `p${p}`,
          label: `Priority ${p}`,
          value: String(summary.counts.byPriority[String(p)] ?? 0),
        })),
        { key: 'shelved', label: 'Shelved', value: String(summary.counts.shelved) },
        { key: 'suppressed', label: 'Suppressed', value: String(summary.counts.suppressed) },
        { key: 'oos', label: 'Out of service', value: String(summary.counts.outOfService) },
      ]
    : [];
  const alarmKpiFigures: Figure[] = alarmKpis
    ? [
        {
          key: 'per10',
          label: 'Per 10 min (avg / peak)',
          value: `${alarmKpis.per10MinPerOperator.average.toFixed(1)} / ${alarmKpis.per10MinPerOperator.peak}`,
          ...(alarmKpis.per10MinPerOperator.average > 1 && { abnormal: 'above 1 per 10 min' }),
        },
        { key: 'perday', label: 'Per day', value: alarmKpis.perDayPerOperator.toFixed(0) },
        {
          key: 'floods',
          label: 'Floods',
          value: String(alarmKpis.floods.count),
          ...(alarmKpis.floods.count > 0 && { abnormal: '> 10 in 10 min' }),
        },
        {
          key: 'chattering',
          label: 'Chattering',
          value: String(alarmKpis.chattering.length),
          ...(alarmKpis.chattering.length > 0 && { abnormal: 'chattering alarms' }),
        },
        {
          key: 'stale',
          label: 'Stale (> 24 h)',
          value: String(alarmKpis.stale.length),
          ...(alarmKpis.stale.length > 0 && { abnormal: 'stale alarms' }),
        },
      ]
    : [];

  return (
    <DockFrame
      title="L1 Overview"
      testId="overview-view"
      className="is-display"
      tools={
        <span className="display-note" data-testid="overview-time">
          {kpis ? `Figures of ${formatSimClock(kpis.time)}` : 'Waiting for the first figures…'}
        </span>
      }
    >
      <div className="kpi-grid">
        <KpiCard title="Zones (DMAs): water balance and night flow" testId="kpi-zones" wide>
          {kpis ? (
            <table className="dock-table kpi-table">
              <thead>
                <tr>
                  <th scope="col">Zone</th>
                  <th scope="col">State</th>
                  <th scope="col">Inflow</th>
                  <th scope="col">Losses</th>
                  <th scope="col">NRW</th>
                  <th scope="col">Min. night flow / baseline</th>
                  <th scope="col">Alarms</th>
                </tr>
              </thead>
              <tbody>
                {kpis.zones.map((zone) => {
                  const ratio = mnfRatio(zone);
                  const high = ratio !== null && ratio > MNF_ALERT_RATIO;
                  const alarms = alarmsByZone.get(zone.id) ?? 0;
                  return (
                    <tr key={zone.id} data-testid="kpi-zone-row" data-zone={zone.id}>
                      <th scope="row">
                        <button
                          type="button"
                          className="link-button"
                          title={`Open the L2 display of ${zone.name}`}
                          onClick={() => {
                            setZone(zone.id);
                            setDock('zone');
                          }}
                        >
                          {zone.name}
                        </button>
                      </th>
                      <td>
                        <AgentStateTag state={zone.state} />
                      </td>
                      <td className="numeric">{formatLps(zone.inflowLps)}</td>
                      <td className="numeric">{formatLps(zone.lossesLps)}</td>
                      <td className="numeric">
                        {zone.nrwPct === null ? '—' : `${zone.nrwPct.toFixed(0)} %`}
                      </td>
                      <td className={`numeric${high ? ' is-abnormal' : ''}`}>
                        {high ? <span aria-hidden="true">▲ </span> : null}
                        {formatLps(zone.mnfLps)} / {formatLps(zone.mnfBaselineLps)}
                        {high ? <span className="figure-why"> {ratio.toFixed(1)}× baseline</span> : null}
                      </td>
                      <td className={`numeric${alarms > 0 ? ' is-abnormal' : ''}`}>{alarms}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : (
            <p className="dock-empty">Waiting for the zone coordinators…</p>
          )}
        </KpiCard>
        <KpiCard title="Alarms" testId="kpi-alarms">
          <FigureList figures={alarmFigures} />
        </KpiCard>
        <KpiCard title="Alarm KPIs, last 24 h" testId="kpi-alarm-kpis">
          <FigureList figures={alarmKpiFigures} />
        </KpiCard>
        <KpiCard title="Pressure compliance" testId="kpi-pressure">
          {kpis ? <FigureList figures={pressureFigures(kpis.pressure)} /> : null}
        </KpiCard>
        <KpiCard title="Energy use and cost" testId="kpi-energy">
          {kpis ? <FigureList figures={energyFigures(kpis.energy)} /> : null}
        </KpiCard>
        <KpiCard title="Pumps" testId="kpi-pumps" wide>
          {kpis ? (
            <table className="dock-table kpi-table">
              <thead>
                <tr>
                  <th scope="col">Pump</th>
                  <th scope="col">State</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Power</th>
                  <th scope="col">Efficiency</th>
                  <th scope="col">Mode</th>
                </tr>
              </thead>
              <tbody>
                {kpis.pumps.map((pump) => {
                  const f = pumpFigures(pump);
                  return (
                    <tr key={pump.id} data-testid="kpi-pump-row" data-pump={pump.id}>
                      <th scope="row">{pump.id}</th>
                      <td>{f.state}</td>
                      <td className="numeric">{f.flow}</td>
                      <td className="numeric">{f.power}</td>
                      <td className={`numeric${f.abnormal ? ' is-abnormal' : ''}`} title={f.abnormal}>
                        {f.abnormal ? <span aria-hidden="true">▲ </span> : null}
                        {f.efficiency}
                      </td>
                      <td>{pump.mode === 'auto' ? 'Auto' : 'Remote'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </KpiCard>
        <KpiCard title="Agent health" testId="kpi-agents">
          {kpis ? <FigureList figures={agentFigures(kpis.agents)} /> : null}
        </KpiCard>
      </div>
    </DockFrame>
  );
}

function countByZone(alarms: readonly AlarmView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alarm of alarms) if (alarm.zone) counts.set(alarm.zone, (counts.get(alarm.zone) ?? 0) + 1);
  return counts;
}
