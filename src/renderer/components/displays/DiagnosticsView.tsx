import './displays.css';
import { formatSimClock } from '../../readings/simTime';
import { showAgentElement } from '../../store/commands';
import { useCoreResource } from '../../store/liveResource';
import { DockFrame } from '../dock/DockFrame';
import { FigureList, KpiCard } from './Figures';
import type { Figure } from './kpiFormat';

/** The core does not push diagnostics: asked this often while the view is open (wall time). */
const POLL_MS = 2_000;

/**
 * L4, diagnostics: the agent runtime's health (lifecycles, events and their rate on the bus,
 * errors, restarts, dropped messages, mailbox depth, the agents needing attention), the
 * historian, the clients, and the field connections in short (the Connections view has them
 * in full).
 */
export function DiagnosticsView() {
  const { data: diag } = useCoreResource('diagnostics.get', {
    pollMs: POLL_MS,
    what: 'Could not fetch the diagnostics',
  });
  const { data: comms } = useCoreResource('connections.list', {
    push: 'connections.status',
    what: 'Could not list the field connections',
  });
  const agents = diag?.agents;
  const runtime: Figure[] = agents
    ? [
        { key: 'diag-total', label: 'Agents', value: String(agents.total) },
        ...Object.entries(agents.byLifecycle).map(([lifecycle, n]) => ({
          key: `diag-life-${lifecycle}`,
          label: lifecycle.replace('_', ' '),
          value: String(n),
          ...(lifecycle !== 'active' && n > 0 && { abnormal: 'not active' }),
        })),
        {
          key: 'diag-errors',
          label: 'Errors',
          value: String(agents.errors),
          ...(agents.errors > 0 && { abnormal: 'agent errors' }),
        },
        {
          key: 'diag-restarts',
          label: 'Restarts',
          value: String(agents.restarts),
          ...(agents.restarts > 0 && { abnormal: 'supervisor restarts' }),
        },
      ]
    : [];
  const bus: Figure[] = agents
    ? [
        { key: 'diag-events', label: 'Events processed', value: agents.eventsProcessed.toLocaleString('en') },
        {
          key: 'diag-rate',
          label: 'Events per simulated second',
          value: agents.eventsPerSecond === null ? 'measuring…' : agents.eventsPerSecond.toFixed(1),
        },
        {
          key: 'diag-dropped',
          label: 'Dropped messages',
          value: String(agents.dropped),
          ...(agents.dropped > 0 && { abnormal: 'mailboxes overflowed' }),
        },
        { key: 'diag-mailbox', label: 'Mailbox depth (total)', value: String(agents.mailboxDepth.total) },
        {
          key: 'diag-mailbox-max',
          label: 'Deepest mailbox',
          value: agents.mailboxDepth.deepest
            ? `${agents.mailboxDepth.max} (${agents.mailboxDepth.deepest})`
            : String(agents.mailboxDepth.max),
        },
      ]
    : [];
  const core: Figure[] = diag
    ? [
        { key: 'diag-tags', label: 'Historian tags', value: String(diag.historian.tags) },
        { key: 'diag-clients', label: 'Console clients', value: String(diag.clients) },
      ]
    : [];
  const connections = comms?.connections ?? [];
  const byState = (state: string) => connections.filter((c) => c.state === state).length;
  const commsFigures: Figure[] = [
    { key: 'comms-total', label: 'Connections', value: String(connections.length) },
    { key: 'comms-connected', label: 'Connected', value: String(byState('connected')) },
    {
      key: 'comms-down',
      label: 'Reconnecting',
      value: String(byState('backoff') + byState('connecting')),
      ...(byState('backoff') > 0 && { abnormal: 'comms lost' }),
    },
    {
      key: 'comms-bad',
      label: 'Tags not good',
      value: String(connections.reduce((n, c) => n + c.notGood, 0)),
      ...(connections.some((c) => c.notGood > 0) && { abnormal: 'bad or uncertain quality' }),
    },
  ];

  return (
    <DockFrame
      title="L4 Diagnostics"
      testId="diagnostics-view"
      className="is-display"
      tools={
        <span className="display-note">
          {diag ? `As of ${formatSimClock(diag.time)}` : 'Asking the core…'}
        </span>
      }
    >
      <div className="kpi-grid">
        <KpiCard title="Agent runtime" testId="diag-runtime">
          <FigureList figures={runtime} />
        </KpiCard>
        <KpiCard title="Bus and mailboxes" testId="diag-bus">
          <FigureList figures={bus} />
        </KpiCard>
        <KpiCard title="Core" testId="diag-core">
          <FigureList figures={core} />
        </KpiCard>
        <KpiCard title="Field connections" testId="diag-comms">
          <FigureList figures={commsFigures} />
          {connections.length > 0 ? (
            <table className="dock-table kpi-table">
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">State</th>
                  <th scope="col">Samples</th>
                  <th scope="col">Errors</th>
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" title={c.endpoint}>
                      {c.id}
                    </th>
                    <td>{c.protocol}</td>
                    <td className={c.state === 'connected' ? undefined : 'is-abnormal'}>{c.state}</td>
                    <td className="numeric">{c.counters.samples}</td>
                    <td className="numeric">{c.counters.errors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="display-note">No field connection: the console runs on its digital twin.</p>
          )}
        </KpiCard>
        <KpiCard title="Agents needing attention" testId="diag-attention" wide>
          {agents && agents.attention.length > 0 ? (
            <table className="dock-table kpi-table">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Lifecycle</th>
                  <th scope="col">Errors</th>
                  <th scope="col">Restarts</th>
                  <th scope="col">Dropped</th>
                </tr>
              </thead>
              <tbody>
                {agents.attention.map((a) => (
                  <tr key={a.id} className="is-clickable" onClick={() => showAgentElement(a.id)}>
                    <th scope="row">{a.id}</th>
                    <td>{a.lifecycle}</td>
                    <td className="numeric">{a.errors}</td>
                    <td className="numeric">{a.restarts}</td>
                    <td className="numeric">{a.dropped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="display-note">Every agent is active, without errors or restarts.</p>
          )}
        </KpiCard>
      </div>
    </DockFrame>
  );
}
