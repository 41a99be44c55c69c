import './displays.css';
import { useEffect, useMemo } from 'react';
import { currentState } from '../../readings/agentStates';
import { formatFlow, formatMetres, formatRelativeSpeed } from '../../readings/units';
import { focusElement, useConsoleStore, type ElementRef } from '../../store/consoleStore';
import { setZone, showZoneOnSchematic, useDisplayStore } from '../../store/displayStore';
import { useCoreResource } from '../../store/liveResource';
import { AgentStateTag } from '../agents/AgentStateTag';
import { DockFrame } from '../dock/DockFrame';
import { FigureList, KpiCard } from './Figures';
import { zoneFigures } from './kpiFormat';

const KINDS = [
  { kind: 'pump', title: 'Pumps' },
  { kind: 'valve', title: 'Valves' },
  { kind: 'tank', title: 'Tanks' },
  { kind: 'hydrant', title: 'Hydrants' },
] as const;

/**
 * L2, one DMA: the schematic brought to the zone, its water balance, its alarms, and its
 * pumps, valves, tanks and hydrants with their state and live value. A row's Faceplate opens
 * the element's L3 faceplate (the details panel), where its controls are.
 */
export function ZoneView() {
  const network = useConsoleStore((s) => s.network);
  const zones = useMemo(() => network?.zones ?? [], [network]);
  const chosen = useDisplayStore((s) => s.zone);
  const zoneId = chosen && zones.some((z) => z.id === chosen) ? chosen : (zones[0]?.id ?? null);
  const zone = zones.find((z) => z.id === zoneId) ?? null;
  const { data: kpis } = useCoreResource('kpis.network', {
    push: 'kpis.network',
    what: 'Could not fetch the network KPIs',
  });
  const zoneKpis = kpis?.zones.find((z) => z.id === zoneId) ?? null;
  const agents = useConsoleStore((s) => s.agents);
  const abnormal = useConsoleStore((s) => s.abnormal);
  const frame = useConsoleStore((s) => s.frame);
  const nodeIndexById = useConsoleStore((s) => s.nodeIndexById);
  const linkIndexById = useConsoleStore((s) => s.linkIndexById);
  const alarms = useConsoleStore((s) => s.alarmSummary?.alarms);
  const zoneAlarms = useMemo(() => (alarms ?? []).filter((a) => a.zone === zoneId), [alarms, zoneId]);

  useEffect(() => {
    if (zoneId) showZoneOnSchematic(zoneId);
  }, [zoneId]);

  const members = useMemo(
    () => agents.filter((a) => a.zone === zoneId && KINDS.some((k) => k.kind === a.kind)),
    [agents, zoneId],
  );

  const refOf = (id: string): ElementRef | null => {
    const node = nodeIndexById.get(id);
    if (node !== undefined) return { kind: 'node', index: node };
    const link = linkIndexById.get(id);
    return link === undefined ? null : { kind: 'link', index: link };
  };
  const liveValue = (kind: string, id: string): string => {
    const ref = refOf(id);
    if (!ref || !frame) return '—';
    if (ref.kind === 'node') {
      const p = frame.nodes.pressure[ref.index];
      if (kind === 'tank') return `level ${formatMetres(p)}`;
      const demand = frame.nodes.demand[ref.index] ?? 0;
      return demand > 0.05 ? `${formatFlow(demand)} out` : formatMetres(p);
    }
    const flow = formatFlow(frame.links.flow[ref.index]);
    const open = frame.links.status[ref.index] === 1;
    if (kind === 'pump')
      return open ? `${flow} · ${formatRelativeSpeed(frame.links.setting[ref.index])}` : 'stopped';
    return open ? `open · ${flow}` : 'closed';
  };

  return (
    <DockFrame
      title="L2 Zone"
      testId="zone-view"
      className="is-display"
      tools={
        <div className="segmented" role="group" aria-label="Zone">
          {zones.map((z) => (
            <button
              key={z.id}
              type="button"
              className="toolbar-button"
              data-testid={`zone-tab-${z.id}`}
              aria-pressed={z.id === zoneId}
              onClick={() => {
                setZone(z.id);
                showZoneOnSchematic(z.id);
              }}
            >
              {z.name}
            </button>
          ))}
        </div>
      }
    >
      {!zone ? (
        <p className="dock-empty">This network has no DMAs (its sidecar names none).</p>
      ) : (
        <div className="kpi-grid">
          <KpiCard title={`${zone.name} (${zone.id})`} testId="zone-balance">
            {zoneKpis ? (
              <>
                <p className="zone-state">
                  Coordinator: <AgentStateTag state={zoneKpis.state} testId="zone-state" />
                </p>
                <FigureList figures={zoneFigures(zoneKpis)} />
              </>
            ) : (
              <p className="dock-empty">Waiting for the zone coordinator…</p>
            )}
            <p className="display-note">Inlets: {zone.inlets.join(', ') || '—'}</p>
          </KpiCard>
          <KpiCard title={`Alarms in ${zone.name}`} testId="zone-alarms">
            {zoneAlarms.length === 0 ? (
              <p className="display-note">No annunciated alarm.</p>
            ) : (
              <ul className="zone-alarm-list">
                {zoneAlarms.slice(0, 12).map((a) => (
                  <li key={a.id} className={a.acked ? undefined : 'is-abnormal'}>
                    <span className="numeric">P{a.priority}</span> {a.message}
                  </li>
                ))}
              </ul>
            )}
          </KpiCard>
          {KINDS.map(({ kind, title }) => {
            const list = members.filter((m) => m.kind === kind);
            if (list.length === 0) return null;
            return (
              <KpiCard key={kind} title={title} testId={`zone-${kind}s`}>
                <table className="dock-table kpi-table">
                  <thead>
                    <tr>
                      <th scope="col">Id</th>
                      <th scope="col">State</th>
                      <th scope="col">Live</th>
                      <th scope="col">
                        <span className="visually-hidden">Faceplate</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((agent) => {
                      const ref = refOf(agent.element ?? agent.id);
                      return (
                        <tr key={agent.id} data-testid="zone-element-row" data-element={agent.id}>
                          <th scope="row">{agent.id}</th>
                          <td>
                            <AgentStateTag state={currentState(agent, abnormal)} />
                          </td>
                          <td className="numeric">{liveValue(kind, agent.element ?? agent.id)}</td>
                          <td>
                            {ref ? (
                              <button
                                type="button"
                                className="toolbar-button small-button"
                                data-testid="zone-faceplate"
                                aria-label={`Faceplate of ${agent.id}`}
                                title={`L3 faceplate of ${agent.id}: state, trend, controls`}
                                onClick={() => focusElement(ref)}
                              >
                                L3
                              </button>
                            ) : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </KpiCard>
            );
          })}
        </div>
      )}
    </DockFrame>
  );
}
