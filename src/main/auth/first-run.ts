// First-run setup for the CLI: while there is no user at all, ask on the terminal for the
// first administrator's id and password (twice, not echoed). There is no default password to
// forget to change. Only on a TTY: a password piped in would sit in a script or shell history.
import { AuthError } from './errors';
import { normalizeUserId, passwordProblems, userIdProblem } from './policy';
import { PromptCancelled, TtyLines, type PromptIO } from './tty-lines';
import type { UserInfo } from './users';

export type { PromptIO } from './tty-lines';

export interface FirstRunAuth {
  needsFirstAdmin(): boolean;
  createFirstAdmin(id: string, password: string, source?: string): Promise<UserInfo>;
}

export type FirstRunOutcome =
  | { created: true; user: UserInfo }
  | { created: false; reason: 'already-set-up' | 'not-a-tty' | 'cancelled' | 'gave-up' };

export async function firstRunPrompt(
  auth: FirstRunAuth,
  io: PromptIO,
  options: { attempts?: number; source?: string } = {},
): Promise<FirstRunOutcome> {
  const say = (text: string) => io.output.write(`${text}\n`);
  if (!auth.needsFirstAdmin()) {
    say('Aqueduct already has users: log in as an administrator to manage them.');
    return { created: false, reason: 'already-set-up' };
  }
  if (!io.input.isTTY || !io.input.setRawMode) {
    say(
      'Aqueduct has no users yet. Run this again in an interactive terminal to create the first administrator.',
    );
    return { created: false, reason: 'not-a-tty' };
  }
  const lines = new TtyLines(io);
  try {
    say('Aqueduct has no users yet. Create the first administrator (there is no default password).');
    for (let attempt = 0; attempt < (options.attempts ?? 3); attempt++) {
      const id = normalizeUserId(await lines.read('Administrator user id: ', true));
      const idProblem = userIdProblem(id);
      if (idProblem) {
        say(`That id cannot be used: ${idProblem}.`);
        continue;
      }
      const password = await lines.read('Password (at least 12 characters, not shown): ', false);
      const problems = passwordProblems(id, password);
      if (problems.length > 0) {
        say(`That password cannot be used: it ${problems.join('; ')}.`);
        continue;
      }
      if ((await lines.read('Repeat the password: ', false)) !== password) {
        say('The passwords did not match.');
        continue;
      }
      try {
        const user = await auth.createFirstAdmin(id, password, options.source ?? 'cli');
        say(`Administrator ${user.id} created. Log in with it to add the other users.`);
        return { created: true, user };
      } catch (error) {
        // someone else finished setup meanwhile (another terminal, the desktop app)
        if (error instanceof AuthError && error.code === 'already_set_up') {
          say('Another setup created the first administrator meanwhile; log in with that account.');
          return { created: false, reason: 'already-set-up' };
        }
        throw error;
      }
    }
    say('No administrator was created.');
    return { created: false, reason: 'gave-up' };
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    say('\nCancelled: no administrator was created.');
    return { created: false, reason: 'cancelled' };
  } finally {
    lines.close();
  }
}
