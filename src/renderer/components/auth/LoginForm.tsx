import { useState, type FormEvent } from 'react';
import { useAuthStore } from '../../store/authStore';
import { logIn, refusalMessage } from '../../store/session';
import { SignInError, SignInFrame, PasswordField } from './SignInFrame';

/** User id and password. A refusal shows the core's words: wrong credentials, locked out for a while. */
export function LoginForm() {
  const notice = useAuthStore((s) => s.notice);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(user.trim(), password);
    } catch (refusal) {
      setError(refusalMessage(refusal));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <SignInFrame title="Log in" testId="login-screen">
      {notice ? (
        <p className="sign-in-note" role="status" data-testid="sign-in-notice">
          {notice}
        </p>
      ) : null}
      <form className="sign-in-form" onSubmit={(e) => void submit(e)} aria-label="Log in">
        <label>
          User id
          <input
            data-testid="login-user"
            autoComplete="username"
            autoFocus
            required
            maxLength={64}
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </label>
        <PasswordField label="Password" testId="login-password" value={password} onChange={setPassword} />
        <SignInError message={error} />
        <button
          type="submit"
          className="toolbar-button sign-in-submit"
          data-testid="login-submit"
          disabled={busy}
        >
          {busy ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </SignInFrame>
  );
}
