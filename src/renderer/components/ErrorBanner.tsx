import { dismissError, useConsoleStore } from '../store/consoleStore';
import { CloseIcon, WarningIcon } from './icons';

/** The last error from the core (e.g. a malformed .inp, naming the line), until dismissed. */
export function ErrorBanner() {
  const error = useConsoleStore((s) => s.error);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <WarningIcon />
      <p className="error-message">{error}</p>
      <button type="button" className="icon-button" aria-label="Dismiss error" onClick={dismissError}>
        <CloseIcon />
      </button>
    </div>
  );
}
