// The command path as the console drives it: what an element accepts, and the steps of
// select-before-operate. Refusals come back as outcomes (shown in the dialog); only failed
// requests throw.
import type { CommandOutcome, CommandTargetView, CommandView } from '../../shared/operations';
import { request } from '../api/client';
import { acceptCommands } from './sync';

/** The targets of an element: itself, and a pump's Local/Remote switch `<pump>.mode`. */
export async function targetsOf(elementId: string, kind: string): Promise<CommandTargetView[]> {
  const ids = kind === 'pump' ? [elementId, `${elementId}.mode`] : [elementId];
  const replies = await Promise.all(ids.map((target) => request('commands.targets', { target })));
  return replies.flatMap((r) => r.targets);
}

export function selectCommand(
  target: string,
  action: string,
  value?: number | string,
): Promise<CommandOutcome> {
  return request('commands.select', { target, action, ...(value !== undefined && { value }) });
}

export function operateCommand(id: string): Promise<CommandOutcome> {
  return request('commands.operate', { id });
}

export function cancelCommand(id: string): Promise<CommandOutcome> {
  return request('commands.cancel', { id });
}

export function approveCommand(id: string): Promise<CommandOutcome> {
  return request('commands.approve', { id });
}

export async function fetchCommand(id: string): Promise<CommandView | null> {
  return (await request('commands.get', { id })).command;
}

export async function refreshRecentCommands(): Promise<void> {
  acceptCommands((await request('commands.recent', {})).commands);
}
