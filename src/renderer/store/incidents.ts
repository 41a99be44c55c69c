// Leak incidents and field connections as the core last reported them (leaks.incidents and
// connections.status are full snapshots, latest wins), and which incident the operator has
// picked in the Incidents panel. Kept apart from the console store: these change rarely and
// are applied as they come, not through the per-frame coalescer.
import { create } from 'zustand';
import type { ConnectionView, LeakIncidentView } from '../../shared/operations';

export interface FieldState {
  /** newest first */
  incidents: readonly LeakIncidentView[];
  /** the incident the Incidents panel shows in detail (and the schematic highlights), if picked */
  pickedIncident: string | null;
  connections: readonly ConnectionView[];
}

export const useFieldStore = create<FieldState>()(() => ({
  incidents: [],
  pickedIncident: null,
  connections: [],
}));

export function setIncidents(incidents: readonly LeakIncidentView[]): void {
  useFieldStore.setState({ incidents });
}

/** One incident the core returned to an action (approve, resolve): it replaces its old copy. */
export function acceptIncident(incident: LeakIncidentView): void {
  const { incidents } = useFieldStore.getState();
  const known = incidents.some((i) => i.id === incident.id);
  setIncidents(
    known ? incidents.map((i) => (i.id === incident.id ? incident : i)) : [incident, ...incidents],
  );
}

export function pickIncident(id: string | null): void {
  useFieldStore.setState({ pickedIncident: id });
}

export function setConnections(connections: readonly ConnectionView[]): void {
  useFieldStore.setState({ connections });
}

/** Logged out: nothing of what that session saw stays. */
export function clearFieldData(): void {
  useFieldStore.setState({ incidents: [], pickedIncident: null, connections: [] });
}
