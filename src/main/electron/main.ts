// Desktop mode: the Electron main process runs the core in-process and shows the renderer
// in one hardened window. The renderer talks to the core only through the preload's
// send/listen pair; every message is checked for its sender before the dispatcher sees it.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Connection } from '../api/connection';
import type { Caller } from '../api/dispatcher';
import { Core } from '../core/core';
import { Speed } from '../../shared/contract';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  IPC_MESSAGE,
  IPC_REQUEST,
  isAppUrl,
  isTrustedSender,
  rendererFile,
  secureWebPreferences,
} from './policy';
import { onScreen, readWindowState, writeWindowState } from './window-state';

const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // a second launch focuses the running console instead of starting a second core
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => fail(error));
}

// Applies to every web contents the app ever creates, including ones we did not plan for.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url); // help links open in the browser
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

async function start(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    strict: false,
    options: { network: { type: 'string' }, speed: { type: 'string' }, step: { type: 'string' } },
  });
  const now = Date.now();
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const speed = Speed.safeParse(values.speed === 'max' ? 'max' : Number(values.speed ?? 60));
  const core = await Core.create({
    network: typeof values.network === 'string' ? values.network : undefined,
    assetsDir: join(appRoot, 'assets'),
    speed: speed.success ? speed.data : 60,
    hydraulicStep: Number(values.step ?? 15) || 15,
    startMs: midnight.getTime(),
    utcOffsetMinutes: -midnight.getTimezoneOffset(),
    dataDir: app.getPath('userData'),
    log: (line) => console.error(`[core] ${line}`),
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(request.url, rendererDir, process.platform === 'win32' ? '\\' : '/');
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = onScreen(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Aqueduct',
    icon: join(appRoot, 'assets', 'icons', 'aqueduct.png'),
    backgroundColor: '#1f2226',
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const saveState = () => {
    if (win.isDestroyed()) return;
    writeWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('close', saveState);

  // the window is the person at this workstation: first-run setup needs no code from a terminal
  const caller: Caller = { source: 'ipc', trusted: true };
  const connection = new Connection(core.dispatcher, caller, core, {
    send: (message) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_MESSAGE, message);
    },
  });
  ipcMain.on(IPC_REQUEST, (event, raw: unknown) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(
      {
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
        webContentsId: event.sender.id,
      },
      win.isDestroyed() ? undefined : win.webContents.id,
    );
    if (!trusted || typeof raw !== 'string') {
      console.error(`[ipc] dropped a message from an untrusted sender (${frame?.url ?? 'unknown frame'})`);
      return;
    }
    void connection.receive(raw);
  });

  Menu.setApplicationMenu(buildMenu(win, core, caller));
  win.on('closed', () => {
    connection.close();
    void core.close();
  });
  app.on('window-all-closed', () => app.quit());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

function buildMenu(win: BrowserWindow, core: Core, caller: Caller): Menu {
  const openNetwork = async () => {
    const picked = await dialog.showOpenDialog(win, {
      title: 'Open network',
      filters: [{ name: 'EPANET network', extensions: ['inp'] }],
      properties: ['openFile'],
    });
    const path = picked.filePaths[0];
    if (picked.canceled || !path) return;
    try {
      // as the window's session, through the dispatcher: the menu is no way around RBAC
      const args = { fileName: basename(path), inp: await readFile(path, 'utf8') };
      const reply = await core.dispatcher.handle(
        JSON.stringify({ kind: 'request', id: 0, name: 'network.open', args }),
        caller,
      );
      if (!reply.ok) dialog.showErrorBox('Cannot open network', reply.error.message);
    } catch (error) {
      dialog.showErrorBox('Cannot open network', (error as Error).message);
    }
  };
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open network…', accelerator: 'CmdOrCtrl+O', click: () => void openNetwork() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Aqueduct',
          click: () =>
            void dialog.showMessageBox(win, {
              type: 'info',
              title: 'About Aqueduct',
              message: `Aqueduct ${app.getVersion()}`,
              detail: `Operator console for water distribution networks.\nElectron ${process.versions.electron}, Node ${process.versions.node}, hydraulics by EPANET (epanet-js).`,
            }),
        },
      ],
    },
  ]);
}

function fail(error: Error): void {
  dialog.showErrorBox('Aqueduct could not start', error.message);
  app.exit(1);
}
