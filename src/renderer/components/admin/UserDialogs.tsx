import { useState, type FormEvent } from 'react';
import { Role } from '../../../shared/access';
import type { UserView } from '../../../shared/operations';
import { request } from '../../api/client';
import { refusalMessage } from '../../store/session';
import { SignInError, PasswordField } from '../auth/SignInFrame';
import { Modal, ModalActions } from '../Modal';

/** Create a user; the core checks the password (≥ 12 characters, not common, not the id). */
export function UserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [id, setId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await request('users.create', {
        id: id.trim(),
        role,
        password,
        ...(displayName.trim() && { displayName: displayName.trim() }),
      });
      onCreated();
    } catch (refusal) {
      setError(refusalMessage(refusal));
    }
  }

  return (
    <Modal title="New user" testId="user-dialog" onClose={onClose}>
      <form className="modal-body-form" onSubmit={(e) => void submit(e)}>
        <label>
          User id
          <input
            data-testid="new-user-id"
            required
            maxLength={64}
            autoComplete="off"
            value={id}
            onChange={(e) => setId(e.target.value)}
          />
        </label>
        <label>
          Display name
          <input
            data-testid="new-user-name"
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label>
          Role
          <select data-testid="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <PasswordField
          label="Initial password"
          testId="new-user-password"
          value={password}
          onChange={setPassword}
          fresh
        />
        <SignInError message={error} />
        <ModalActions onCancel={onClose}>
          <button type="submit" className="toolbar-button primary-button" data-testid="new-user-submit">
            Create
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

export function PasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await request('users.resetPassword', { id: user.id, password });
      setDone(true);
      setError(null);
    } catch (refusal) {
      setError(refusalMessage(refusal));
    }
  }

  return (
    <Modal title={`Reset the password of ${user.id}`} testId="password-dialog" onClose={onClose}>
      <form className="modal-body-form" onSubmit={(e) => void submit(e)}>
        <PasswordField
          label="New password"
          testId="reset-password"
          value={password}
          onChange={setPassword}
          fresh
        />
        <SignInError message={error} />
        {done ? (
          <p className="modal-note" role="status">
            ✓ Password changed. Give it to {user.displayName} by a safe channel.
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="toolbar-button" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done ? (
            <button type="submit" className="toolbar-button primary-button" data-testid="reset-submit">
              Reset
            </button>
          ) : null}
        </div>
      </form>
    </Modal>
  );
}
