// Where the renderer keeps its session token between a reload and the next auth.resume:
// sessionStorage, so it lives as long as this tab (or window) and never reaches a URL, a
// log or another tab. Storage can be missing or refuse (privacy modes, tests): then the
// console simply asks for the password again after a reload.

const KEY = 'aqueduct.session';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function readToken(): string | null {
  try {
    return storage()?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    storage()?.setItem(KEY, token);
  } catch {
    // not kept: a reload will ask for the password again
  }
}

export function clearToken(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}
