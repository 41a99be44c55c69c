import './details.css';
import { useMemo } from 'react';
import { describeElement } from '../../readings/describeElement';
import { formatSimClock } from '../../readings/simTime';
import { select, useConsoleStore } from '../../store/consoleStore';
import { CommandSection } from '../commands/CommandSection';
import { FaceplateTrend } from '../faceplate/FaceplateTrend';
import { MaintenanceSection } from '../faceplate/MaintenanceSection';
import { CloseIcon } from '../icons';
import { AgentSection } from './AgentSection';
import { ReadingList } from './ReadingList';

/** The selected element: live values (updated with every applied frame) and static attributes. */
export function DetailsPanel() {
  const selected = useConsoleStore((s) => s.selected);
  const network = useConsoleStore((s) => s.network);
  const nodeIndexById = useConsoleStore((s) => s.nodeIndexById);
  const connection = useConsoleStore((s) => s.connection);
  // Without a selection the panel is closed and need not follow frames.
  const frame = useConsoleStore((s) => (s.selected ? s.frame : null));

  const description = useMemo(
    () => (selected && network ? describeElement(selected, network, nodeIndexById, frame) : null),
    [selected, network, nodeIndexById, frame],
  );
  if (!description) return null;

  return (
    <aside
      className="details"
      data-testid="details"
      tabIndex={-1}
      aria-label={`Details of ${description.kindLabel} ${description.id}`}
    >
      <header className="details-header">
        <div>
          <h2 className="details-id" data-testid="details-id">
            {description.id}
          </h2>
          <p className="details-kind" data-testid="details-kind">
            {description.kindLabel}
          </p>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          title="Close (Esc)"
          onClick={() => select(null)}
        >
          <CloseIcon />
        </button>
      </header>
      {connection !== 'open' ? (
        <p className="details-stale" role="status">
          Not live: no connection to the core. Values are the last received.
        </p>
      ) : null}
      <section className="details-section" aria-label="Live values">
        <h3>Live</h3>
        <ReadingList readings={description.live} />
        <p className="details-frame-time">
          {frame ? `Solved at ${formatSimClock(frame.t)}` : 'Waiting for the first solution…'}
        </p>
      </section>
      {selected?.kind === 'link' && network?.links[selected.index] ? (
        <CommandSection elementId={description.id} kind={network.links[selected.index]!.kind} />
      ) : null}
      <FaceplateTrend elementId={description.id} />
      <AgentSection elementId={description.id} />
      <MaintenanceSection elementId={description.id} />
      <section className="details-section" aria-label="Attributes">
        <h3>Attributes</h3>
        <ReadingList readings={description.attributes} />
      </section>
    </aside>
  );
}
