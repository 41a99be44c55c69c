import { useState, type FormEvent } from 'react';
import type { AlarmView } from '../../../shared/operations';
import { shelveAlarm } from '../../store/alarmActions';
import { Modal, ModalActions } from '../Modal';

/** ISA-18.2: shelving is always time-limited (the core allows 1–720 minutes) and says why. */
const DURATIONS = [15, 30, 60, 120, 240, 480, 720];

const label = (minutes: number) => (minutes < 60 ? `${minutes} minutes` : `${minutes / 60} h`);

export function ShelveDialog({ alarm, onClose }: { alarm: AlarmView; onClose: () => void }) {
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    const done = await shelveAlarm(alarm.id, minutes, reason);
    setBusy(false);
    if (done) onClose();
  }

  return (
    <Modal title={`Shelve ${alarm.id}`} testId="shelve-dialog" onClose={onClose}>
      <form className="modal-body-form" onSubmit={(e) => void submit(e)}>
        <p className="modal-note">{alarm.message}</p>
        <p className="modal-note">
          The alarm is still evaluated while shelved and comes back by itself when the time is up.
        </p>
        <label>
          Shelve for
          <select
            data-testid="shelve-minutes"
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
          >
            {DURATIONS.map((m) => (
              <option key={m} value={m}>
                {label(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason (required)
          <textarea
            data-testid="shelve-reason"
            required
            maxLength={500}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <ModalActions onCancel={onClose}>
          <button
            type="submit"
            className="toolbar-button primary-button"
            data-testid="shelve-submit"
            disabled={busy || !reason.trim()}
          >
            Shelve
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
