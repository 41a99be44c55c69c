import { useEffect, useRef, useState } from 'react';
import { setDock, useConsoleStore, type DockPanel } from '../../store/consoleStore';
import { logOut } from '../../store/session';
import { usePermission } from '../usePermission';

/** Who is logged in and with which role; the administrator's views; log out. */
export function UserMenu() {
  const session = useConsoleStore((s) => s.session);
  const admin = usePermission('administer');
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', closeOutside);
    window.addEventListener('keydown', closeOnEscape);
    return () => {
      window.removeEventListener('mousedown', closeOutside);
      window.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  if (!session) return null;
  const show = (panel: DockPanel) => {
    setDock(panel);
    setOpen(false);
  };
  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        className="toolbar-button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen(!open)}
      >
        <span data-testid="user-name">{session.displayName}</span>
        <span className="role-tag" data-testid="user-role">
          {session.role}
        </span>
      </button>
      {open ? (
        <div className="user-menu-list" role="menu">
          <p className="user-menu-who">
            <strong>{session.displayName}</strong>
            {session.user} · {session.role}
          </p>
          {admin ? (
            <>
              <button
                type="button"
                role="menuitem"
                className="toolbar-button"
                data-testid="open-audit"
                onClick={() => show('audit')}
              >
                Audit trail
              </button>
              <button
                type="button"
                role="menuitem"
                className="toolbar-button"
                data-testid="open-users"
                onClick={() => show('users')}
              >
                Users
              </button>
            </>
          ) : null}
          <button
            type="button"
            role="menuitem"
            className="toolbar-button"
            data-testid="logout"
            onClick={() => void logOut()}
          >
            Log out
          </button>
        </div>
      ) : null}
    </div>
  );
}
