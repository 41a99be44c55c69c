import '../components/auth/auth.css';
import { useEffect } from 'react';
import { startBlinkClock } from '../components/alarms/blinkClock';
import { LockScreen } from '../components/auth/LockScreen';
import { LoginForm } from '../components/auth/LoginForm';
import { SetupForm } from '../components/auth/SetupForm';
import { SignInFrame } from '../components/auth/SignInFrame';
import { useAuthStore } from '../store/authStore';
import { useConsoleStore } from '../store/consoleStore';
import { ConsoleView } from './ConsoleView';

/**
 * The sign-in gate: nothing of the network appears before a session is active (the core
 * would not send it anyway). A locked session keeps the console mounted, so the operator
 * finds their view as they left it, but covered and unreachable until unlocked.
 */
export function AppView() {
  const phase = useAuthStore((s) => s.phase);
  const connection = useConsoleStore((s) => s.connection);
  useEffect(() => startBlinkClock(), []);
  if (phase === 'active' || phase === 'locked') {
    return (
      <>
        <div className="app-shell" inert={phase === 'locked'} aria-hidden={phase === 'locked'}>
          <ConsoleView />
        </div>
        {phase === 'locked' ? <LockScreen /> : null}
      </>
    );
  }
  if (phase === 'setup') return <SetupForm />;
  if (phase === 'login') return <LoginForm />;
  return (
    <SignInFrame title="Aqueduct">
      <p className="sign-in-note" role="status" data-testid="connecting">
        {connection === 'closed' ? 'No connection to the core. Retrying…' : 'Connecting to the core…'}
      </p>
    </SignInFrame>
  );
}
