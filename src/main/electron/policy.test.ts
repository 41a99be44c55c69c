// The Electron binary cannot be downloaded here, so these tests check the shell's security
// policy as plain functions (Electron mocked out: policy only). The Electron Playwright
// project in e2e/ exercises the real window where the binary exists.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isTrustedSender,
  rendererFile,
  secureWebPreferences,
} from './policy';
import { DEFAULT_WINDOW, onScreen, readWindowState, writeWindowState } from './window-state';

describe('Electron shell policy (Electron mocked: policy only)', () => {
  it('turns on every isolation the checklist asks for', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });

  it('recognises only the console’s own pages', () => {
    expect(isAppUrl('app://aqueduct/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://aqueduct/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('accepts IPC only from the main frame of the console window on the console page', () => {
    const ok = { frameUrl: 'app://aqueduct/index.html', isMainFrame: true, webContentsId: 3 };
    expect(isTrustedSender(ok, 3)).toBe(true);
    expect(isTrustedSender({ ...ok, isMainFrame: false }, 3)).toBe(false);
    expect(isTrustedSender({ ...ok, webContentsId: 4 }, 3)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, 3)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: undefined }, 3)).toBe(false);
    expect(isTrustedSender(ok, undefined)).toBe(false);
  });

  it('maps app:// requests inside the renderer folder only', () => {
    expect(rendererFile('app://aqueduct/', '/r')).toBe('/r/index.html');
    expect(rendererFile('app://aqueduct/assets/main.js', '/r/')).toBe('/r/assets/main.js');
    expect(rendererFile('app://aqueduct/..%2f..%2fetc/passwd', '/r')).toBeNull();
    // dot segments are resolved by the URL parser and can never climb above the root
    expect(rendererFile('app://aqueduct/a/%2e%2e/%2e%2e/x', '/r')).toBe('/r/x');
    expect(rendererFile('app://other/index.html', '/r')).toBeNull();
  });
});

describe('window state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aqueduct-window-'));

  it('round-trips, and a damaged file gives the default window', () => {
    const file = join(dir, 'state.json');
    writeWindowState(file, { x: 10, y: 20, width: 1366, height: 768, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1366, height: 768, maximized: true });
    writeFileSync(file, '{"width": "huge"');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW);
    expect(readWindowState(join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW);
  });

  it('brings a window back from a display that is gone', () => {
    const laptop = [{ x: 0, y: 0, width: 1366, height: 768 }];
    const onWall = { x: 3000, y: 100, width: 1200, height: 700, maximized: false };
    expect(onScreen(onWall, laptop)).toEqual({ width: 1200, height: 700, maximized: false });
    expect(onScreen({ ...onWall, x: 100 }, laptop)).toEqual({ ...onWall, x: 100 });
  });
});
