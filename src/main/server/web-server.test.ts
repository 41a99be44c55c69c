// The headless console end to end below the UI: a real core on the test network, a real
// HTTP + WebSocket server on 127.0.0.1, and real WebSocket clients.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/contract';
import { Core } from '../core/core';
import { loginAs, TEST_PASSWORD } from '../core/testing';
import { startWebServer, type WebServer } from './web-server';

const fixture = join(__dirname, '../../protocols/sim/fixtures/two-zone.inp');
let core: Core;
let server: WebServer;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'aqueduct-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Aqueduct</title>');
  core = await Core.create({
    network: fixture,
    assetsDir: '/nonexistent',
    startMs: 0,
    paced: false,
    hydraulicStep: 60,
  });
  server = await startWebServer(core, { port: 0, rendererDir });
  await loginAs(core, 'engineer'); // makes the first admin and engineer1
});
afterAll(async () => {
  await server.close();
  core.close();
});

/** A client that collects everything the server sends. */
async function client(headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
  const messages: {
    kind: string;
    id?: number;
    name?: string;
    ok?: boolean;
    result?: unknown;
    payload?: unknown;
    error?: { code: string };
  }[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const waitFor = async <T>(pick: () => T | undefined, ms = 5000): Promise<T> => {
    const deadline = performance.now() + ms;
    for (;;) {
      const found = pick();
      if (found !== undefined) return found;
      if (performance.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    ws,
    messages,
    waitFor,
    async request(name: string, args: unknown) {
      const id = nextId++;
      ws.send(JSON.stringify({ kind: 'request', id, name, args }));
      return waitFor(() => messages.find((m) => m.kind === 'reply' && m.id === id));
    },
    /** log in as engineer1, as the console's login screen does */
    async login(user = 'engineer1') {
      const reply = await this.request('auth.login', { user, password: TEST_PASSWORD });
      expect(reply.ok).toBe(true);
      return (reply.result as { token: string }).token;
    },
    async sendRaw(raw: string | Buffer) {
      const before = messages.length;
      ws.send(raw);
      return waitFor(() => messages.slice(before).find((m) => m.kind === 'reply'));
    },
  };
}

describe('web server', () => {
  it('serves the contract over the WebSocket', async () => {
    const c = await client({ Origin: `http://127.0.0.1:${server.port}` });
    await c.login();
    const network = await c.request('network.get', {});
    expect(network).toMatchObject({ ok: true, result: { name: 'two-zone', nodes: expect.any(Array) } });
    const info = await c.request('session.info', {});
    expect(info.result).toMatchObject({
      user: 'engineer1',
      role: 'engineer',
      permissions: expect.arrayContaining(['view', 'configure']),
    });
    c.ws.close();
  });

  it('answers a socket without a session only with the login requests, and pushes it nothing', async () => {
    const anonymous = await client();
    for (const name of ['network.get', 'clock.get', 'alarms.summary', 'audit.query'])
      expect((await anonymous.request(name, {})).error?.code).toBe('unauthenticated');
    expect((await anonymous.request('commands.select', { target: 'PU1', action: 'stop' })).error?.code).toBe(
      'unauthenticated',
    );
    const status = await anonymous.request('auth.status', {});
    expect(status.result).toEqual({ setupRequired: false, setupCodeRequired: true, session: null });
    const wrong = await anonymous.request('auth.login', { user: 'engineer1', password: 'not the password' });
    expect(wrong.error?.code).toBe('unauthenticated');
    core.advance(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(anonymous.messages.filter((m) => m.kind === 'push')).toEqual([]);
    anonymous.ws.close();
  });

  it('a new socket resumes a session with its token; after logout the token opens nothing', async () => {
    const first = await client();
    const token = await first.login();
    first.ws.close();
    const second = await client();
    expect((await second.request('clock.get', {})).error?.code).toBe('unauthenticated');
    expect((await second.request('auth.resume', { token })).ok).toBe(true);
    expect((await second.request('clock.get', {})).ok).toBe(true);
    expect((await second.request('auth.logout', {})).ok).toBe(true);
    expect((await second.request('clock.get', {})).error?.code).toBe('unauthenticated');
    const third = await client();
    expect((await third.request('auth.resume', { token })).error?.code).toBe('unauthenticated');
    second.ws.close();
    third.ws.close();
  });

  it('pushes new hydraulic frames as the clock moves', async () => {
    const c = await client();
    await c.login();
    core.advance(60_000);
    const push = await c.waitFor(() => c.messages.find((m) => m.kind === 'push' && m.name === 'twin.frame'));
    expect((push.payload as { t: number }).t).toBe(core.twin.time);
    c.ws.close();
  });

  it('answers garbage, binary and oversized messages with errors and keeps serving', async () => {
    const c = await client();
    expect((await c.sendRaw('not json at all')).error?.code).toBe('malformed');
    expect((await c.sendRaw(Buffer.from([0, 1, 2, 3]))).error?.code).toBe('malformed');
    expect((await c.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 10))).error?.code).toBe('too_large');
    await c.login();
    expect((await c.request('clock.get', {})).ok).toBe(true);
    c.ws.close();
  });

  it('a malformed .inp is refused with the line, and the running network is kept', async () => {
    const c = await client();
    await c.login();
    const reply = await c.request('network.open', {
      fileName: 'bad.inp',
      inp: '[JUNCTIONS]\n J1 abc 0\n[END]\n',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    expect(JSON.stringify(reply)).toMatch(/line 2 \[JUNCTIONS\]/);
    expect(core.twin.model.name).toBe('two-zone');
    c.ws.close();
  });

  it('refuses a WebSocket from another origin (a web page the operator happens to open)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
      headers: { Origin: 'http://evil.example' },
    });
    const status = await new Promise<number>((resolve) =>
      ws
        .on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        .on('error', () => resolve(-1)),
    );
    expect(status).toBe(403);
  });

  it('refuses a DNS-rebound Host header', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
      headers: { Host: `attacker.example:${server.port}` },
    });
    const status = await new Promise<number>((resolve) =>
      ws
        .on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        .on('error', () => resolve(-1)),
    );
    expect(status).toBe(403);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`${server.url}..%2f..%2fpackage.json`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${server.url}%2e%2e/%2e%2e/etc/passwd`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});
