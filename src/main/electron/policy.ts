// The Electron security checklist, as plain data and predicates so it can be tested
// without the Electron binary. main.ts applies them; nothing here imports electron.

/** The renderer is served from this privileged scheme, never from file:// or the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'aqueduct';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React Flow positions nodes with inline styles
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const IPC_REQUEST = 'aqueduct:request';
export const IPC_MESSAGE = 'aqueduct:message';

export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: true,
  } as const;
}

/** True only for pages of the console itself. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * An IPC message is accepted only from the main frame of the console's own window
 * showing the console's own page: not from a subframe, another window, or a page the
 * window was somehow navigated to.
 */
export function isTrustedSender(
  sender: { frameUrl: string | undefined; isMainFrame: boolean; webContentsId: number },
  consoleWebContentsId: number | undefined,
): boolean {
  return (
    sender.isMainFrame &&
    consoleWebContentsId !== undefined &&
    sender.webContentsId === consoleWebContentsId &&
    sender.frameUrl !== undefined &&
    isAppUrl(sender.frameUrl)
  );
}

/** Map a request for app://aqueduct/<path> to a file below the renderer folder, or null. */
export function rendererFile(url: string, rendererDir: string, sep = '/'): string | null {
  if (!isAppUrl(url)) return null;
  let path = decodeURIComponent(new URL(url).pathname);
  if (path === '/' || path === '') path = '/index.html';
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) return null;
  return [rendererDir.replace(/[\\/]+$/, ''), ...segments].join(sep);
}
