// What the operator does to a leak incident: approve the isolation the agents proposed
// (advise mode; the valves then close through the audited command path) and resolve it once
// repaired. The core answers with the incident as it now is; its push follows.
import type { LeakIncidentView } from '../../shared/operations';
import { request } from '../api/client';
import { showAgentElement } from './commands';
import { acceptIncident } from './incidents';
import { reportFailure } from './sync';

async function act(verb: string, id: string, run: () => Promise<LeakIncidentView>): Promise<boolean> {
  try {
    acceptIncident(await run());
    return true;
  } catch (error) {
    reportFailure(error, `Could not ${verb} incident ${id}`);
    return false;
  }
}

export function approveIsolation(id: string): Promise<boolean> {
  return act('approve the isolation of', id, () => request('leaks.approve', { id }));
}

export function resolveIncident(id: string): Promise<boolean> {
  return act('resolve', id, () => request('leaks.resolve', { id }));
}

/** Select a pipe or valve on the schematic and bring it into view; false if it is not drawn. */
export function showOnSchematic(elementId: string): boolean {
  return showAgentElement(elementId);
}
