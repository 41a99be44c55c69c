import './admin.css';
import { useEffect, useState } from 'react';
import { Role } from '../../../shared/access';
import type { UserView } from '../../../shared/operations';
import { request } from '../../api/client';
import { showError, useConsoleStore } from '../../store/consoleStore';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { PasswordDialog, UserDialog } from './UserDialogs';
import { formatWallDate } from '../../readings/wallTime';

/** Local users (administrators): create, change role, enable/disable, reset a password. */
export function UsersView() {
  const me = useConsoleStore((s) => s.session?.user);
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    let current = true;
    request('users.list', {})
      .then((reply) => current && setUsers(reply.users))
      .catch((error: unknown) => reportFailure(error, 'Could not list the users'));
    return () => {
      current = false;
    };
  }, [version]);

  /** a refusal (the last admin, a weak password) is the core's to explain */
  const change = async (run: () => Promise<unknown>, what: string) => {
    try {
      await run();
    } catch (error) {
      showError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
    reload();
  };

  const tools = (
    <button
      type="button"
      className="toolbar-button"
      data-testid="user-create"
      onClick={() => setCreating(true)}
    >
      New user…
    </button>
  );
  return (
    <DockFrame title="Users" testId="users-view" tools={tools}>
      {!users ? (
        <p className="dock-empty">Reading the users…</p>
      ) : (
        <table className="dock-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last login</th>
              <th>Failed logins</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-user-id={u.id}>
                <td>{u.id}</td>
                <td>{u.displayName}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.id}`}
                    data-testid="user-role-select"
                    value={u.role}
                    onChange={(e) =>
                      void change(
                        () => request('users.setRole', { id: u.id, role: e.target.value as Role }),
                        `Could not change the role of ${u.id}`,
                      )
                    }
                  >
                    {Role.options.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-testid="user-status">
                  {u.disabled ? <span className="state-tag">DISABLED</span> : 'enabled'}
                </td>
                <td className="numeric">{u.lastLoginAt ? formatWallDate(u.lastLoginAt) : '—'}</td>
                <td className="numeric">{u.failedLogins}</td>
                <td className="user-actions">
                  <button
                    type="button"
                    className="toolbar-button"
                    data-testid="user-toggle"
                    disabled={u.id === me}
                    title={u.id === me ? 'You cannot disable yourself' : undefined}
                    onClick={() =>
                      void change(
                        () => request('users.setEnabled', { id: u.id, enabled: u.disabled }),
                        `Could not change ${u.id}`,
                      )
                    }
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                  <button
                    type="button"
                    className="toolbar-button"
                    data-testid="user-reset"
                    onClick={() => setResetting(u)}
                  >
                    Reset password…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating ? (
        <UserDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            reload();
          }}
        />
      ) : null}
      {resetting ? <PasswordDialog user={resetting} onClose={() => setResetting(null)} /> : null}
    </DockFrame>
  );
}
