// Refusals of user management, with a code the dispatcher can map onto its error codes
// ('forbidden' stays 'forbidden'; the rest are the caller's input, i.e. 'bad_args').
export type AuthErrorCode =
  'forbidden' | 'bad_args' | 'weak_password' | 'exists' | 'not_found' | 'last_admin' | 'already_set_up';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
