// What an engineer does to field connections from the Connections view. Requests go through
// the one client; refusals come back as RequestErrors whose message the core wrote (the field
// at fault for bad settings, the file and line for a bad tag map) and are shown in the form.
import type { ArgsOf, ResultOf } from '../../shared/contract';
import type { ConnectionView, TagSampleView } from '../../shared/operations';
import { request } from '../api/client';
import { setConnections, useFieldStore } from './incidents';

export interface SavedConnection {
  settings: Record<string, unknown>;
  tagMap: { fileName: string; text: string };
}

/**
 * The settings and tag map of the connections added from this window, so Edit starts from
 * them (the core does not send settings back: they may hold passwords).
 */
const remembered = new Map<string, SavedConnection>();

export function rememberedConnection(id: string): SavedConnection | undefined {
  return remembered.get(id);
}

export function testConnection(args: ArgsOf<'connections.test'>): Promise<ResultOf<'connections.test'>> {
  return request('connections.test', args);
}

function upsert(view: ConnectionView): void {
  const { connections } = useFieldStore.getState();
  setConnections(
    connections.some((c) => c.id === view.id)
      ? connections.map((c) => (c.id === view.id ? view : c))
      : [...connections, view],
  );
}

export async function addConnection(saved: SavedConnection): Promise<ConnectionView> {
  const view = await request('connections.add', saved);
  remembered.set(view.id, saved);
  upsert(view);
  return view;
}

/**
 * Edit = remove the running connection, then add it with the new settings. If the new ones
 * are refused, the old ones are put back, so a typo does not cost the station.
 */
export async function replaceConnection(oldId: string, saved: SavedConnection): Promise<ConnectionView> {
  const previous = remembered.get(oldId);
  await removeConnection(oldId);
  try {
    return await addConnection(saved);
  } catch (error) {
    if (previous) await addConnection(previous).catch(() => undefined);
    throw error;
  }
}

export async function removeConnection(id: string): Promise<void> {
  await request('connections.remove', { id });
  remembered.delete(id);
  setConnections(useFieldStore.getState().connections.filter((c) => c.id !== id));
}

export async function monitorConnection(id: string): Promise<TagSampleView[]> {
  return (await request('connections.monitor', { id })).samples;
}

export function browseConnection(id: string, nodeId?: string) {
  return request('connections.browse', { id, ...(nodeId !== undefined && { nodeId }) });
}

export function discoverEndpoints(endpointUrl: string) {
  return request('connections.discover', { endpointUrl });
}

export function listCertificates() {
  return request('connections.certificates', {});
}

export function trustCertificate(file: string, trusted: boolean) {
  return request('connections.trust', { file, trusted });
}

export function listSerialPorts() {
  return request('connections.serialPorts', {});
}

/** The list again: the core pushes it when a state changes, not as counters climb. */
export async function refreshConnections(): Promise<void> {
  setConnections((await request('connections.list', {})).connections);
}
