import { useState, type FormEvent } from 'react';
import { useConsoleStore } from '../../store/consoleStore';
import { logOut, refusalMessage, unlock } from '../../store/session';
import { SignInError, SignInFrame, PasswordField } from './SignInFrame';

/** The session locked after idle time: its own user's password unlocks it, or log out. */
export function LockScreen() {
  const session = useConsoleStore((s) => s.session);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlock(password);
    } catch (refusal) {
      setError(refusalMessage(refusal));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="lock-overlay">
      <SignInFrame
        title="Console locked"
        subtitle={`Locked after a period without activity. ${session ? `${session.displayName} (${session.user})` : 'Its user'} unlocks it with their password.`}
        testId="lock-screen"
      >
        <form className="sign-in-form" onSubmit={(e) => void submit(e)} aria-label="Unlock the console">
          <PasswordField
            label="Password"
            testId="unlock-password"
            value={password}
            onChange={setPassword}
            autoFocus
          />
          <SignInError message={error} />
          <div className="sign-in-actions">
            <button
              type="submit"
              className="toolbar-button sign-in-submit"
              data-testid="unlock-submit"
              disabled={busy}
            >
              Unlock
            </button>
            <button
              type="button"
              className="toolbar-button"
              data-testid="lock-logout"
              onClick={() => void logOut()}
            >
              Log out
            </button>
          </div>
        </form>
      </SignInFrame>
    </div>
  );
}
