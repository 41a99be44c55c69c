import { useState } from 'react';
import type { LeakIncidentView } from '../../../shared/operations';
import { approveIsolation, resolveIncident } from '../../store/incidentActions';
import { Modal, ModalActions } from '../Modal';
import { isolationSummary } from './incidentFormat';

/**
 * Before the valves close: which ones, how much of the network is cut off, how many nodes
 * lose supply. Closing a DMA inlet is critical: approving here counts as its second person.
 */
export function ApproveIsolationDialog({
  incident,
  onClose,
}: {
  incident: LeakIncidentView;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const iso = incident.isolation;
  const confirm = async () => {
    setBusy(true);
    if (await approveIsolation(incident.id)) onClose();
    else setBusy(false);
  };
  return (
    <Modal
      title={`Approve the isolation of ${incident.id}`}
      testId="approve-isolation-dialog"
      onClose={onClose}
    >
      <p data-testid="approve-summary">{isolationSummary(incident)}</p>
      {iso ? (
        <dl className="approve-facts">
          <dt>Valves to close</dt>
          <dd data-testid="approve-valves">{iso.valves.join(', ')}</dd>
          <dt>Nodes without supply</dt>
          <dd data-testid="approve-no-supply">{iso.nodesWithoutSupply}</dd>
          <dt>Pipes cut off</dt>
          <dd>{iso.segmentPipes.length}</dd>
        </dl>
      ) : null}
      <p className="incident-note">
        The valves close through the command path, each step audited. A DMA inlet among them counts you as its
        approving second operator.
      </p>
      <ModalActions onCancel={onClose}>
        <button
          type="button"
          className="toolbar-button primary-button"
          data-testid="approve-confirm"
          disabled={busy || !iso}
          onClick={() => void confirm()}
        >
          Close {iso?.valves.length ?? 0} valves
        </button>
      </ModalActions>
    </Modal>
  );
}

/** The repair is done (or there was no leak): the incident closes and detection re-arms. */
export function ResolveIncidentDialog({
  incident,
  onClose,
}: {
  incident: LeakIncidentView;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    if (await resolveIncident(incident.id)) onClose();
    else setBusy(false);
  };
  return (
    <Modal title={`Resolve ${incident.id}`} testId="resolve-incident-dialog" onClose={onClose}>
      <p>
        Close the incident: the repair is done, or there was no leak. Detection re-arms for zone{' '}
        {incident.zone}. The valves stay as they are: reopening them is a command like any other.
      </p>
      <ModalActions onCancel={onClose}>
        <button
          type="button"
          className="toolbar-button primary-button"
          data-testid="resolve-confirm"
          disabled={busy}
          onClick={() => void confirm()}
        >
          Resolve
        </button>
      </ModalActions>
    </Modal>
  );
}
