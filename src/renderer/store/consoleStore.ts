// The console's client-side state: what the core last told us, plus what the operator is
// looking at. Live values (frame, clock) only change through `applyLive`, which the push
// coalescer calls at most once per animation frame.
import { create } from 'zustand';
import type { ClockState, ResultOf, TwinFrame } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import type { ConnectionStatus } from '../api/client';

/** A node or link of the network, by its index in NetworkModel.nodes / .links (and in TwinFrame). */
export interface ElementRef {
  kind: 'node' | 'link';
  index: number;
}

export type SessionInfo = ResultOf<'session.info'>;

export interface ConsoleState {
  connection: ConnectionStatus;
  session: SessionInfo | null;
  network: NetworkModel | null;
  /** bumped with every network received, even the same one again: views rebuild on it */
  networkVersion: number;
  /** node index by node id, to follow a link's `from`/`to` without scanning */
  nodeIndexById: ReadonlyMap<string, number>;
  frame: TwinFrame | null;
  clock: ClockState | null;
  selected: ElementRef | null;
  hovered: ElementRef | null;
  /** the last error worth the operator's attention, until dismissed */
  error: string | null;
}

export const useConsoleStore = create<ConsoleState>()(() => ({
  connection: 'connecting',
  session: null,
  network: null,
  networkVersion: 0,
  nodeIndexById: new Map(),
  frame: null,
  clock: null,
  selected: null,
  hovered: null,
  error: null,
}));

const set = useConsoleStore.setState;

export function setConnection(connection: ConnectionStatus): void {
  set({ connection });
}

export function setSession(session: SessionInfo | null): void {
  set({ session });
}

/**
 * A new network invalidates the frame, selection and hover: indices now mean other
 * elements. The same network again (fetched after a reconnect) changes nothing, so the
 * operator keeps their selection and view through a brief connection loss.
 */
export function setNetwork(network: NetworkModel): void {
  const current = useConsoleStore.getState().network;
  if (current && sameNetwork(current, network)) return;
  set((state) => ({
    network,
    networkVersion: state.networkVersion + 1,
    nodeIndexById: new Map(network.nodes.map((node, index) => [node.id, index])),
    frame: null,
    selected: null,
    hovered: null,
  }));
}

function sameNetwork(a: NetworkModel, b: NetworkModel): boolean {
  return a.loadId === b.loadId;
}

/** Apply the latest live values; a frame that does not fit the loaded network is dropped. */
export function applyLive(latest: { frame?: TwinFrame; clock?: ClockState }): void {
  const { network } = useConsoleStore.getState();
  const next: Partial<ConsoleState> = {};
  if (latest.clock) next.clock = latest.clock;
  // A frame can race a network swap (solved for the old network, or for the new one
  // before network.get returned); its arrays would then point at the wrong elements.
  if (latest.frame && network && frameFitsNetwork(latest.frame, network)) next.frame = latest.frame;
  if (Object.keys(next).length > 0) set(next);
}

export function frameFitsNetwork(frame: TwinFrame, network: NetworkModel): boolean {
  const nodeCount = network.nodes.length;
  const linkCount = network.links.length;
  return (
    frame.loadId === network.loadId &&
    frame.nodes.pressure.length === nodeCount &&
    frame.nodes.head.length === nodeCount &&
    frame.nodes.demand.length === nodeCount &&
    frame.links.flow.length === linkCount &&
    frame.links.velocity.length === linkCount &&
    frame.links.status.length === linkCount &&
    frame.links.setting.length === linkCount
  );
}

export function select(selected: ElementRef | null): void {
  set({ selected });
}

export function hover(hovered: ElementRef | null): void {
  set({ hovered });
}

export function showError(error: string): void {
  set({ error });
}

export function dismissError(): void {
  set({ error: null });
}

export function sameElement(a: ElementRef | null, b: ElementRef | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.index === b.index);
}
