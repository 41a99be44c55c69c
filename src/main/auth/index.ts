// Local users, logins and sessions: what the rest of the core imports.
export {
  AuthService,
  type AuthServiceOptions,
  type LoginRefusal,
  type LoginResult,
  type UnlockResult,
} from './auth-service';
export { AuthError, type AuthErrorCode } from './errors';
export { firstRunPrompt, type FirstRunAuth, type FirstRunOutcome, type PromptIO } from './first-run';
export { hashPassword, verifyPassword, SCRYPT_PARAMS, type PasswordHasher } from './password';
export { MIN_PASSWORD_LENGTH, passwordProblems, userIdProblem, normalizeUserId } from './policy';
export { AUTH_MIGRATIONS, AUTH_SCHEMA } from './schema';
export { DEFAULT_SESSION_TIMES, type SessionEvent, type SessionState, type SessionTimes } from './sessions';
export { DEFAULT_LOCKOUT, type LockoutPolicy } from './throttle';
export type { NewUserInput } from './user-admin';
export type { UserInfo } from './users';
