// The console's client-side state: what the core last told us, plus what the operator is
// looking at. Live values (frame, clock, abnormal agents, alerts) only change through
// `applyLive`, which the push coalescer calls at most once per animation frame.
import { create } from 'zustand';
import type { AgentAlert, AgentSummary, ClockState, ResultOf, TwinFrame } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import type { AlarmSummary, CommandView } from '../../shared/operations';
import type { ConnectionStatus } from '../api/client';
import { stateSeverity } from '../readings/agentStates';

/** A node or link of the network, by its index in NetworkModel.nodes / .links (and in TwinFrame). */
export interface ElementRef {
  kind: 'node' | 'link';
  index: number;
}

export type SessionInfo = ResultOf<'session.info'>;
export type AgentDetail = ResultOf<'agents.get'>;
/**
 * The bottom dock: the alarm summary, the alarm journal and KPIs, recent commands, the
 * agents' messages (alerts), every agent, and for administrators the audit trail and users.
 */
export type DockPanel =
  | 'alarms'
  | 'journal'
  | 'commands'
  | 'alerts'
  | 'agents'
  | 'audit'
  | 'users'
  // leak incidents and field connections
  | 'incidents'
  | 'connections'
  // the display hierarchy and the operator's tools: L1 overview, L2 zone, L4 diagnostics,
  // trends, training
  | 'overview'
  | 'zone'
  | 'diagnostics'
  | 'trends'
  | 'training';

/** Agent states pushed by the core (agents.abnormal), for the network they were computed on. */
export interface AbnormalSnapshot {
  loadId: string;
  statuses: Record<string, string>;
}

export interface ConsoleState {
  connection: ConnectionStatus;
  session: SessionInfo | null;
  network: NetworkModel | null;
  /** bumped with every network received, even the same one again: views rebuild on it */
  networkVersion: number;
  /** node index by node id, to follow a link's `from`/`to` without scanning */
  nodeIndexById: ReadonlyMap<string, number>;
  linkIndexById: ReadonlyMap<string, number>;
  frame: TwinFrame | null;
  clock: ClockState | null;
  selected: ElementRef | null;
  hovered: ElementRef | null;
  /** the last error worth the operator's attention, until dismissed */
  error: string | null;
  /** every agent as agents.list last returned it (its `status` may be stale: see currentState) */
  agents: readonly AgentSummary[];
  agentById: ReadonlyMap<string, AgentSummary>;
  /** element id → ids of the sensor agents that measure it */
  instrumentsByElement: ReadonlyMap<string, readonly string[]>;
  /** agent id → state, for every agent not in a normal state (latest snapshot) */
  abnormal: Readonly<Record<string, string>>;
  /** bumped with every abnormal snapshot applied: open views refetch their details on it */
  abnormalVersion: number;
  /** the latest agent alerts, newest first */
  alerts: readonly AgentAlert[];
  /** agents.get of the selected element's agent, while the details panel shows it */
  agentDetail: AgentDetail | null;
  dock: DockPanel | null;
  /** the ISA-18.2 alarm summary as the core last pushed it */
  alarmSummary: AlarmSummary | null;
  /** commands in progress first, then the latest finished ones */
  commands: readonly CommandView[];
  /** an element the schematic should bring into view; `seq` makes a repeat request a new one */
  focus: { ref: ElementRef; seq: number } | null;
}

export const useConsoleStore = create<ConsoleState>()(() => ({
  connection: 'connecting',
  session: null,
  network: null,
  networkVersion: 0,
  nodeIndexById: new Map(),
  linkIndexById: new Map(),
  frame: null,
  clock: null,
  selected: null,
  hovered: null,
  error: null,
  agents: [],
  agentById: new Map(),
  instrumentsByElement: new Map(),
  abnormal: {},
  abnormalVersion: 0,
  alerts: [],
  agentDetail: null,
  dock: null,
  alarmSummary: null,
  commands: [],
  focus: null,
}));

const set = useConsoleStore.setState;

export function setConnection(connection: ConnectionStatus): void {
  set({ connection });
}

export function setSession(session: SessionInfo | null): void {
  set({ session });
}

/** Logged out or the session ended: nothing of what that session saw stays on screen. */
export function clearSessionData(): void {
  set({ session: null, alarmSummary: null, commands: [], dock: null, selected: null, agentDetail: null });
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
    linkIndexById: new Map(network.links.map((link, index) => [link.id, index])),
    frame: null,
    selected: null,
    hovered: null,
    focus: null,
    // another network has other agents; its own are fetched right after
    ...agentIndexes([]),
    abnormal: {},
    alerts: [],
    agentDetail: null,
  }));
}

function sameNetwork(a: NetworkModel, b: NetworkModel): boolean {
  return a.loadId === b.loadId;
}

export interface LiveValues {
  frame: TwinFrame;
  clock: ClockState;
  abnormal: AbnormalSnapshot;
  alerts: readonly AgentAlert[];
  alarms: AlarmSummary;
  commands: readonly CommandView[];
}

/** Apply the latest live values; a frame or snapshot of another network is dropped. */
export function applyLive(latest: Partial<LiveValues>): void {
  const { network, abnormalVersion } = useConsoleStore.getState();
  const next: Partial<ConsoleState> = {};
  if (latest.clock) next.clock = latest.clock;
  // A frame can race a network swap (solved for the old network, or for the new one
  // before network.get returned); its arrays would then point at the wrong elements.
  if (latest.frame && network && frameFitsNetwork(latest.frame, network)) next.frame = latest.frame;
  // Same race for agent states: ids of the old network may exist in the new one too.
  if (latest.abnormal && network && latest.abnormal.loadId === network.loadId) {
    next.abnormal = latest.abnormal.statuses;
    next.abnormalVersion = abnormalVersion + 1;
  }
  if (latest.alerts) next.alerts = latest.alerts;
  if (latest.alarms) next.alarmSummary = latest.alarms;
  if (latest.commands) next.commands = latest.commands;
  if (Object.keys(next).length > 0) set(next);
}

/**
 * A fresh agents.list. With `seedAbnormal` (after a (re)connect or a new network, when
 * pushes may have been missed) the abnormal states are taken from the list too; later
 * snapshot pushes replace them.
 */
export function setAgents(agents: readonly AgentSummary[], options: { seedAbnormal: boolean }): void {
  const next: Partial<ConsoleState> = agentIndexes(agents);
  if (options.seedAbnormal) {
    next.abnormal = Object.fromEntries(
      agents.filter((agent) => stateSeverity(agent.status) !== null).map((a) => [a.id, a.status]),
    );
    next.abnormalVersion = useConsoleStore.getState().abnormalVersion + 1;
  }
  set(next);
}

function agentIndexes(agents: readonly AgentSummary[]) {
  const instrumentsByElement = new Map<string, string[]>();
  for (const agent of agents) {
    if (agent.kind !== 'sensor' || agent.element === null) continue;
    const list = instrumentsByElement.get(agent.element);
    if (list) list.push(agent.id);
    else instrumentsByElement.set(agent.element, [agent.id]);
  }
  return { agents, agentById: new Map(agents.map((agent) => [agent.id, agent])), instrumentsByElement };
}

export function setAgentDetail(agentDetail: AgentDetail | null): void {
  set({ agentDetail });
}

export function setDock(dock: DockPanel | null): void {
  set({ dock });
}

/** Select an element and ask the schematic to bring it into view. */
export function focusElement(ref: ElementRef): void {
  set((state) => ({ selected: ref, focus: { ref, seq: (state.focus?.seq ?? 0) + 1 } }));
}

/** The schematic element an agent stands for (an instrument: the element it measures), if any. */
export function elementOfAgent(state: ConsoleState, agentId: string): ElementRef | null {
  const elementId = state.agentById.get(agentId)?.element ?? agentId;
  const node = state.nodeIndexById.get(elementId);
  if (node !== undefined) return { kind: 'node', index: node };
  const link = state.linkIndexById.get(elementId);
  return link === undefined ? null : { kind: 'link', index: link };
}

/** The id of a node or link in the loaded network. */
export function elementId(state: ConsoleState, ref: ElementRef): string | undefined {
  return ref.kind === 'node' ? state.network?.nodes[ref.index]?.id : state.network?.links[ref.index]?.id;
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
