// Headless / web mode: the same core, its renderer served over HTTP and its contract over
// a WebSocket at /api. Loopback only by default. A browser page from any other origin
// (or a DNS-rebound host name) is refused at the upgrade, so a web page the operator
// happens to open cannot drive the console.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/contract';
import { Connection } from '../api/connection';
import type { Core } from '../core/core';

export interface WebServerOptions {
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** built renderer (dist/renderer) */
  rendererDir: string;
  log?: (line: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  clients(): number;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export async function startWebServer(core: Core, options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const root = normalize(options.rendererDir);
  const http = createServer((req, res) => {
    serveStatic(root, req, res).catch((error: Error) => {
      log(`http ${req.url}: ${error.message}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // the hard limit closes the socket; below it, the dispatcher answers `too_large`
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * MAX_MESSAGE_BYTES });

  let port = options.port ?? 0;
  http.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, host, port);
    if (refusal) {
      log(`refused WebSocket from ${req.socket.remoteAddress}: ${refusal}`);
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\n${refusal}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(core, ws, `ws:${req.socket.remoteAddress}`, log));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url,
    port,
    clients: () => wss.clients.size,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function attach(core: Core, ws: WebSocket, source: string, log: (line: string) => void): void {
  // every socket starts without a session: only the auth requests are answered until it logs in
  const connection = new Connection(core.dispatcher, { source }, core, {
    send: (message) => {
      if (ws.readyState === ws.OPEN) ws.send(message);
    },
    backlog: () => ws.bufferedAmount,
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.send(
        JSON.stringify({
          kind: 'reply',
          id: null,
          ok: false,
          error: { code: 'malformed', message: 'binary messages are not part of the contract' },
        }),
      );
      return;
    }
    const raw = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8');
    connection.receive(raw).catch((error: Error) => log(`ws reply failed: ${error.message}`));
  });
  ws.on('error', (error) => log(`ws ${source}: ${error.message}`));
  ws.on('close', () => connection.close());
}

/** Why this upgrade must be refused, or null when it may proceed. */
export function refuseUpgrade(req: IncomingMessage, boundHost: string, port: number): string | null {
  if ((req.url ?? '').split('?')[0] !== '/api') return 'unknown endpoint';
  const hostHeader = req.headers.host ?? '';
  const allowedHosts = new Set([
    `${boundHost}:${port}`,
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
  ]);
  if (!allowedHosts.has(hostHeader)) return `unexpected Host "${hostHeader}"`;
  const origin = req.headers.origin;
  // browsers always send Origin on WebSockets; tools and tests without one are local processes
  if (origin !== undefined && origin !== `http://${hostHeader}`)
    return `cross-origin request from "${origin}"`;
  return null;
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = normalize(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
