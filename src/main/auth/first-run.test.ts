import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstRunPrompt, type PromptIO } from './first-run';
import { ADMIN_PASSWORD, openAuthFixture, type AuthFixture } from './test-support';

/** A terminal made of streams: what the user types goes in, what the prompt shows is collected. */
function fakeTerminal(isTTY = true) {
  const rawModes: boolean[] = [];
  const input = Object.assign(
    new PassThrough(),
    isTTY ? { isTTY, setRawMode: (raw: boolean) => rawModes.push(raw) } : {},
  );
  let shown = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      shown += chunk.toString();
      done();
    },
  });
  const io: PromptIO = { input, output };
  return { io, type: (keys: string) => input.write(keys), shown: () => shown, rawModes };
}

describe('firstRunPrompt', () => {
  let f: AuthFixture;
  beforeEach(() => {
    f = openAuthFixture();
  });
  afterEach(() => f.close());

  it('asks for the id and the password twice, without echoing the password', async () => {
    const t = fakeTerminal();
    // a typo fixed with backspace, and Enter as the terminal sends it in raw mode
    t.type(`Adminx\u007f\r${ADMIN_PASSWORD}\r`);
    const outcome = firstRunPrompt(f.auth, t.io);
    t.type(`${ADMIN_PASSWORD}\r`);
    await expect(outcome).resolves.toMatchObject({ created: true, user: { id: 'admin', role: 'admin' } });
    expect(t.shown()).toContain('Administrator user id: Adminx\b \b\n');
    expect(t.shown()).not.toContain('horse');
    expect(t.rawModes).toEqual([true, false]);
    expect((await f.auth.login('admin', ADMIN_PASSWORD, 'cli')).ok).toBe(true);
  });

  it('asks again after a mismatch or a weak password', async () => {
    const t = fakeTerminal();
    t.type(`admin\n${ADMIN_PASSWORD}\n${ADMIN_PASSWORD}!\n`); // mismatch
    t.type('admin\nadmin\n'); // the id as password
    t.type(`admin\r\n${ADMIN_PASSWORD}\r\n${ADMIN_PASSWORD}\r\n`); // CRLF counts once
    await expect(firstRunPrompt(f.auth, t.io)).resolves.toMatchObject({ created: true });
    expect(t.shown()).toContain('The passwords did not match.');
    expect(t.shown()).toContain('must not be the user id');
  });

  it('gives up after the allowed attempts', async () => {
    const t = fakeTerminal();
    t.type('x\n'.repeat(2));
    await expect(firstRunPrompt(f.auth, t.io, { attempts: 2 })).resolves.toEqual({
      created: false,
      reason: 'gave-up',
    });
    expect(f.auth.needsFirstAdmin()).toBe(true);
  });

  it('stops on Ctrl-C and restores the terminal', async () => {
    const t = fakeTerminal();
    t.type('admin\rsecret\u0003');
    await expect(firstRunPrompt(f.auth, t.io)).resolves.toEqual({ created: false, reason: 'cancelled' });
    expect(t.rawModes).toEqual([true, false]);
    expect(f.auth.needsFirstAdmin()).toBe(true);
  });

  it('refuses to read a password from something that is not a terminal', async () => {
    const t = fakeTerminal(false);
    t.type(`admin\n${ADMIN_PASSWORD}\n${ADMIN_PASSWORD}\n`);
    await expect(firstRunPrompt(f.auth, t.io)).resolves.toEqual({ created: false, reason: 'not-a-tty' });
    expect(f.auth.needsFirstAdmin()).toBe(true);
  });

  it('does nothing once there is a user', async () => {
    await f.auth.createFirstAdmin('admin', ADMIN_PASSWORD);
    const t = fakeTerminal();
    await expect(firstRunPrompt(f.auth, t.io)).resolves.toEqual({ created: false, reason: 'already-set-up' });
    expect(t.rawModes).toEqual([]);
  });
});
