import type { ConnectionStatus } from '../../api/client';
import { useConsoleStore } from '../../store/consoleStore';

const TEXT: Record<ConnectionStatus, string> = {
  open: 'Connected',
  connecting: 'Connecting…',
  closed: 'Disconnected',
};

/** Link to the core. Normal is quiet gray; lost is amber with a warning shape and word. */
export function ConnectionIndicator() {
  const status = useConsoleStore((s) => s.connection);
  return (
    <div
      className={`connection is-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
    >
      <svg className="connection-glyph" viewBox="0 0 12 12" aria-hidden="true">
        {status === 'closed' ? <path d="M6 1l5 9.5H1z" /> : <circle cx="6" cy="6" r="4" />}
      </svg>
      <span>{TEXT[status]}</span>
    </div>
  );
}
