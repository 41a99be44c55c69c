// Where the console is in signing in: waiting for the core, creating the first
// administrator, the login form, signed in, or locked (idle). The session itself (who,
// which role) is in the console store; this is only what the sign-in screens need.
import { create } from 'zustand';

export type AuthPhase = 'connecting' | 'setup' | 'login' | 'active' | 'locked';

export interface AuthState {
  phase: AuthPhase;
  /** the first-administrator form must ask for the setup code the console printed */
  setupCodeRequired: boolean;
  /** why the operator is at the login screen (session ended, logged out elsewhere) */
  notice: string | null;
}

export const useAuthStore = create<AuthState>()(() => ({
  phase: 'connecting',
  setupCodeRequired: true,
  notice: null,
}));

export function setAuth(next: Partial<AuthState>): void {
  useAuthStore.setState(next);
}
