// Keeps the leak incidents and the field connections in step with the core: their pushes
// are applied as they come, and both lists are fetched again with everything else after a
// (re)connection, a login or an unlock (sync.ts calls fetchFieldData then).
import type { AqueductClient } from '../api/client';
import { useConsoleStore } from './consoleStore';
import { clearFieldData, setConnections, setIncidents } from './incidents';

/** Subscribe to the incident and connection pushes. Returns a function that unsubscribes. */
export function startFieldSync(client: AqueductClient): () => void {
  const off = [
    client.onPush('leaks.incidents', ({ incidents }) => setIncidents(incidents)),
    client.onPush('connections.status', ({ connections }) => setConnections(connections)),
    // the session ended: what it saw goes with it
    useConsoleStore.subscribe((s, prev) => {
      if (prev.session && !s.session) clearFieldData();
    }),
  ];
  return () => off.forEach((stop) => stop());
}

/** Both lists, fetched again (pushes may have been missed while disconnected). */
export async function fetchFieldData(client: AqueductClient): Promise<void> {
  const [{ incidents }, { connections }] = await Promise.all([
    client.request('leaks.incidents', {}),
    client.request('connections.list', {}),
  ]);
  setIncidents(incidents);
  setConnections(connections);
}
