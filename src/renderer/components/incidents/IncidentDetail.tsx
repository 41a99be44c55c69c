import { useState } from 'react';
import type { LeakIncidentView } from '../../../shared/operations';
import { formatSimClock } from '../../readings/simTime';
import { showOnSchematic } from '../../store/incidentActions';
import { incidentHighlight } from '../../store/incidentHighlight';
import { usePermission } from '../usePermission';
import { ApproveIsolationDialog, ResolveIncidentDialog } from './IncidentDialogs';
import { formatFlow, formatScore, mayApprove, mayResolve } from './incidentFormat';
import { IncidentStateTag } from './IncidentStateTag';
import { IncidentTimeline } from './IncidentTimeline';
import { isolationValveLink } from '../../../shared/network';

const PROGRESS_WORDS = {
  proposed: 'to close',
  closing: 'closing…',
  closed: 'closed',
  stuck: 'STUCK',
} as const;

/** One incident: where the leak likely is, what isolating it does, and every step so far. */
export function IncidentDetail({ incident, zoneName }: { incident: LeakIncidentView; zoneName: string }) {
  const mayOperate = usePermission('operate');
  const [dialog, setDialog] = useState<'approve' | 'resolve' | null>(null);
  const highlight = incidentHighlight(incident);
  const iso = incident.isolation;
  const element = (id: string, testId: string, extra?: string) => (
    <button
      type="button"
      className="link-button"
      data-testid={testId}
      data-element-id={id}
      title={`Show ${id} on the schematic`}
      onClick={() => showOnSchematic(isolationValveLink(id))}
    >
      {id}
      {extra ? <span className="incident-extra"> {extra}</span> : null}
    </button>
  );

  return (
    <section
      className="incident-detail"
      data-testid="incident-detail"
      data-incident-id={incident.id}
      aria-label={`Incident ${incident.id}`}
    >
      <header className="incident-head">
        <IncidentStateTag state={incident.state} />
        <h3>
          {incident.id} · {zoneName}
        </h3>
        <span className="incident-meta">
          {`mode ${incident.mode} · ${formatFlow(incident.estimatedFlowLps)} · detected ${formatSimClock(incident.detectedAt)}`}
          {incident.confirmedAt !== null ? ` · confirmed ${formatSimClock(incident.confirmedAt)}` : ''}
        </span>
        {mayOperate ? (
          <span className="incident-actions">
            {mayApprove(incident) ? (
              <button
                type="button"
                className="toolbar-button primary-button"
                data-testid="incident-approve"
                onClick={() => setDialog('approve')}
              >
                Approve isolation…
              </button>
            ) : null}
            {mayResolve(incident) ? (
              <button
                type="button"
                className="toolbar-button"
                data-testid="incident-resolve"
                onClick={() => setDialog('resolve')}
              >
                Resolve…
              </button>
            ) : null}
          </span>
        ) : null}
      </header>
      <div className="incident-facts">
        <div>
          <h4>Candidates</h4>
          <ol className="incident-candidates" data-testid="incident-candidates">
            {incident.candidates.length === 0 ? <li>—</li> : null}
            {incident.candidates.map((c) => {
              const out = incident.ruledOut.includes(c.pipe);
              return (
                <li
                  key={c.pipe}
                  data-testid="incident-candidate"
                  data-pipe={c.pipe}
                  data-ruled-out={out || undefined}
                  className={out ? 'is-ruled-out' : undefined}
                >
                  {element(c.pipe, 'incident-candidate-link', out ? 'ruled out' : formatScore(c.score))}
                </li>
              );
            })}
          </ol>
          <p className="incident-note">
            Suspected area: {incident.suspectedArea.length} pipe
            {incident.suspectedArea.length === 1 ? '' : 's'}
          </p>
          {incident.location ? (
            <p className="incident-note" data-testid="incident-crew-location" data-by={incident.location.by}>
              Crew starts at {element(incident.location.pipe, 'incident-crew-link')}{' '}
              {incident.location.by === 'isolation'
                ? '(the isolation check located it)'
                : '(by the signature; survey 300 m around)'}
            </p>
          ) : null}
        </div>
        <div>
          <h4>Isolation</h4>
          {iso ? (
            <>
              <ul className="incident-valves" data-testid="incident-valves">
                {highlight?.valves.length
                  ? highlight.valves.map((v) => (
                      <li
                        key={v.valve}
                        data-testid="incident-valve"
                        data-valve={v.valve}
                        data-progress={v.progress}
                      >
                        {element(v.valve, 'incident-valve-link')}{' '}
                        <span className={`valve-progress is-${v.progress}`}>
                          {PROGRESS_WORDS[v.progress]}
                        </span>
                      </li>
                    ))
                  : iso.valves.map((v) => <li key={v}>{element(v, 'incident-valve-link')}</li>)}
              </ul>
              <p className="incident-note" data-testid="incident-no-supply">
                {iso.segmentPipes.length} pipes cut off · {iso.nodesWithoutSupply} node
                {iso.nodesWithoutSupply === 1 ? '' : 's'} without supply
                {iso.closedAt !== null ? ` · closed ${formatSimClock(iso.closedAt)}` : ''}
              </p>
            </>
          ) : (
            <p className="incident-note">
              {incident.state !== 'Unisolable'
                ? 'None proposed yet.'
                : incident.ruledOut.length > 0
                  ? 'The isolations tried did not stop the loss; their valves were reopened. A field survey must find the leak.'
                  : 'No valve set can cut this segment off.'}
            </p>
          )}
          {incident.ruledOut.length > 0 ? (
            <p className="incident-note" data-testid="incident-ruled-out">
              Ruled out by isolation: {incident.ruledOut.length} pipe
              {incident.ruledOut.length === 1 ? '' : 's'} ({incident.ruledOut.slice(0, 6).join(', ')}
              {incident.ruledOut.length > 6 ? ', …' : ''})
            </p>
          ) : null}
          {incident.stuck.length > 0 ? (
            <p className="incident-warning">Would not move: {incident.stuck.join(', ')}</p>
          ) : null}
        </div>
      </div>
      <IncidentTimeline incident={incident} />
      {dialog === 'approve' ? (
        <ApproveIsolationDialog incident={incident} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'resolve' ? (
        <ResolveIncidentDialog incident={incident} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}
