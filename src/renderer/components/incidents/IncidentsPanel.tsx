import './incidents.css';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { useConsoleStore } from '../../store/consoleStore';
import { highlightedIncident } from '../../store/incidentHighlight';
import { pickIncident, useFieldStore } from '../../store/incidents';
import { DockFrame } from '../dock/DockFrame';
import { formatFlow } from './incidentFormat';
import { IncidentDetail } from './IncidentDetail';
import { IncidentStateTag } from './IncidentStateTag';

/**
 * Leak incidents, newest first, and the one picked (or the newest open one) in detail: its
 * candidates and isolation, Approve / Resolve for operators, and the timeline of every step
 * the agents took. The picked incident is the one the schematic highlights.
 */
export function IncidentsPanel() {
  const incidents = useFieldStore((s) => s.incidents);
  const picked = useFieldStore((s) => s.pickedIncident);
  const zones = useConsoleStore((s) => s.network?.zones);
  const shown = highlightedIncident(incidents, picked);
  const zoneName = (zone: string) => zones?.find((z) => z.id === zone)?.name ?? zone;
  const open = incidents.filter((i) => i.state !== 'Resolved' && i.state !== 'Faded').length;

  return (
    <DockFrame
      title="Incidents"
      testId="incidents-panel"
      tools={<span className="incident-count">{`${open} open · ${incidents.length} in all`}</span>}
    >
      {incidents.length === 0 ? (
        <p className="dock-empty" data-testid="incidents-empty">
          No leak incident. The agents open one when the readings point to a leak.
        </p>
      ) : (
        <div className="incidents-layout">
          <div className="incident-list">
            <table className="dock-table incident-table" data-testid="incident-table">
              <thead>
                <tr>
                  <th>State</th>
                  <th>Zone</th>
                  <th>Detected</th>
                  <th>Flow</th>
                  <th>Best candidates</th>
                  <th title="Nodes without supply once isolated">No supply</th>
                </tr>
              </thead>
              <tbody>
                {incidents.map((incident) => (
                  <tr
                    key={incident.id}
                    className={`is-clickable${shown?.id === incident.id ? ' is-selected' : ''}`}
                    data-testid="incident-row"
                    data-incident-id={incident.id}
                    data-state={incident.state}
                    aria-selected={shown?.id === incident.id}
                    onClick={() => pickIncident(incident.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="row-pick"
                        aria-label={`Show incident ${incident.id}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          pickIncident(incident.id);
                        }}
                      >
                        <IncidentStateTag state={incident.state} />
                      </button>
                    </td>
                    <td>{zoneName(incident.zone)}</td>
                    <td className="numeric" title={formatSimDate(incident.detectedAt)}>
                      {formatSimClock(incident.detectedAt)}
                    </td>
                    <td className="numeric">{formatFlow(incident.estimatedFlowLps)}</td>
                    <td>
                      {incident.candidates
                        .map((c) => c.pipe)
                        .filter((pipe) => !incident.ruledOut.includes(pipe))
                        .slice(0, 3)
                        .join(', ') || '—'}
                    </td>
                    <td className="numeric">
                      {incident.isolation ? incident.isolation.nodesWithoutSupply : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown ? <IncidentDetail incident={shown} zoneName={zoneName(shown.zone)} /> : null}
        </div>
      )}
    </DockFrame>
  );
}
