import { useState, type FormEvent } from 'react';
import { useAuthStore } from '../../store/authStore';
import { refusalMessage, setUpFirstAdmin } from '../../store/session';
import { SignInError, SignInFrame, PasswordField } from './SignInFrame';

/** Passwords the core accepts: at least this long, not common, not the user id (it checks). */
const MIN_PASSWORD = 12;

/**
 * The console has no user yet: create the first administrator. In a browser the form needs
 * the one-time setup code the console printed where it was started (whoever can read that
 * terminal owns the machine); the desktop window does not.
 */
export function SetupForm() {
  const codeRequired = useAuthStore((s) => s.setupCodeRequired);
  const [user, setUser] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [setupCode, setSetupCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) return setError('The two passwords differ.');
    if (password.length < MIN_PASSWORD)
      return setError(`The password needs at least ${MIN_PASSWORD} characters.`);
    setBusy(true);
    setError(null);
    try {
      await setUpFirstAdmin({
        user: user.trim(),
        password,
        ...(displayName.trim() && { displayName: displayName.trim() }),
        ...(codeRequired && { setupCode: setupCode.trim() }),
      });
    } catch (refusal) {
      setError(refusalMessage(refusal));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SignInFrame
      title="Create the first administrator"
      subtitle="This console has no users yet. The administrator then creates the operators' accounts."
      testId="setup-screen"
    >
      <form
        className="sign-in-form"
        onSubmit={(e) => void submit(e)}
        aria-label="Create the first administrator"
      >
        {codeRequired ? (
          <label>
            Setup code
            <input
              data-testid="setup-code"
              autoComplete="off"
              required
              placeholder="XXXXX-XXXXX"
              maxLength={64}
              value={setupCode}
              onChange={(e) => setSetupCode(e.target.value)}
            />
            <span className="sign-in-hint">Printed where the console was started.</span>
          </label>
        ) : null}
        <label>
          User id
          <input
            data-testid="setup-user"
            autoComplete="username"
            required
            maxLength={64}
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </label>
        <label>
          Display name (optional)
          <input
            data-testid="setup-display-name"
            autoComplete="name"
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <PasswordField
          label="Password"
          testId="setup-password"
          value={password}
          onChange={setPassword}
          fresh
          hint={<span className="sign-in-hint">At least {MIN_PASSWORD} characters, not a common one.</span>}
        />
        <PasswordField
          label="Password again"
          testId="setup-password-repeat"
          value={repeat}
          onChange={setRepeat}
          fresh
        />
        <SignInError message={error} />
        <button
          type="submit"
          className="toolbar-button sign-in-submit"
          data-testid="setup-submit"
          disabled={busy}
        >
          {busy ? 'Creating…' : 'Create administrator and log in'}
        </button>
      </form>
    </SignInFrame>
  );
}
