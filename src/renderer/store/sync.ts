// Keeps the store in step with the core: live pushes go through the coalescer, and on
// every (re)connection with an active session (the core answers nothing else), after a
// login or an unlock, and whenever the core says another network is running, the network,
// clock, latest frame, agents, alerts, alarms and commands are fetched again.
import type { ClockState, NetworkSummary } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import { getClient, RequestError, type AqueductClient } from '../api/client';
import { useAuthStore } from './authStore';
import { stateSeverity } from '../readings/agentStates';
import {
  applyLive,
  setAgents,
  setConnection,
  setNetwork,
  setSession,
  showError,
  useConsoleStore,
  type LiveValues,
} from './consoleStore';
import { createThrottle } from './throttle';
import { fetchFieldData, startFieldSync } from './fieldSync';
import { animationFrameScheduler, createLatestWinsCoalescer, type FrameScheduler } from './liveCoalescer';

type Live = LiveValues;

/** The agent list is refetched at most this often (it can be thousands of agents). */
const AGENT_LIST_MIN_INTERVAL_MS = 1_000;

let client: AqueductClient | undefined;
let live = createLatestWinsCoalescer<Live>(animationFrameScheduler, applyAndFollow);
let networkFetch: Promise<void> | null = null;
const agentList = createThrottle(AGENT_LIST_MIN_INTERVAL_MS, () => void refreshAgentList());

/** Wire the app's client to the store. Returns a function that unwires it. */
export function startSync(
  appClient: AqueductClient = getClient(),
  schedule: FrameScheduler = animationFrameScheduler,
): () => void {
  client = appClient;
  live = createLatestWinsCoalescer<Live>(schedule, applyAndFollow);
  const unsubscribe = [
    appClient.onPush('twin.frame', (frame) => live.push('frame', frame)),
    appClient.onPush('clock.state', (clock) => live.push('clock', clock)),
    appClient.onPush('agents.abnormal', (snapshot) => live.push('abnormal', snapshot)),
    appClient.onPush('alerts.recent', ({ alerts }) => live.push('alerts', alerts)),
    appClient.onPush('alarms.summary', (summary) => live.push('alarms', summary)),
    appClient.onPush('commands.recent', ({ commands }) => live.push('commands', commands)),
    appClient.onPush('network.loaded', (summary) => void reloadNetwork(summary).catch(reportFailure)),
    startFieldSync(appClient),
    appClient.onStatus((status) => {
      setConnection(status);
      if (status === 'open') onConnected();
    }),
  ];
  setConnection(appClient.status);
  if (appClient.status === 'open') onConnected();
  return () => {
    unsubscribe.forEach((off) => off());
    agentList.cancel();
  };
}

/**
 * Apply live values, then refetch the agent list (throttled) when it has gone stale in a
 * way the snapshot cannot mend: an agent it shows abnormal is back to normal (which normal
 * state, the snapshot does not say), or the agents view, which shows every state, is open.
 */
function applyAndFollow(latest: Partial<Live>): void {
  applyLive(latest);
  if (!latest.abnormal) return;
  const { abnormal, agents, dock } = useConsoleStore.getState();
  const recovered = agents.some((a) => stateSeverity(a.status) !== null && abnormal[a.id] === undefined);
  if (recovered || dock === 'agents') agentList.request();
}

function requireClient(): AqueductClient {
  if (!client) throw new Error('startSync() has not run');
  return client;
}

/** A clock state the core returned to one of our requests, e.g. after clock.set. */
export function acceptClockState(clock: ClockState): void {
  live.push('clock', clock);
}

/** An alarm summary the core returned to one of our requests (after an ack, a shelve). */
export function acceptAlarmSummary(summary: LiveValues['alarms']): void {
  live.push('alarms', summary);
  live.flushNow();
}

/** Recent commands the core returned to one of our requests. */
export function acceptCommands(commands: LiveValues['commands']): void {
  live.push('commands', commands);
}

/**
 * Apply buffered live values now instead of at the next frame, so that what the operator
 * sees when they act (e.g. pause) is everything received so far.
 */
export function flushLive(): void {
  live.flushNow();
}

let onConnected: () => void = () => void fetchEverything();

/** What to do when a channel opens (the session layer decides: resume, or the login screen). */
export function whenConnected(handler: () => void): void {
  onConnected = handler;
}

/** Everything the console shows, fetched again; only with an active session. */
export async function fetchEverything(): Promise<void> {
  const api = requireClient();
  const results = await Promise.allSettled([
    api.request('session.info', {}).then(setSession),
    api.request('clock.get', {}).then(acceptClockState),
    api.request('alarms.summary', {}).then((summary) => live.push('alarms', summary)),
    api.request('commands.recent', {}).then(({ commands }) => live.push('commands', commands)),
    reloadNetwork(),
    fetchFieldData(api),
  ]);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) reportFailure(failure.reason);
}

/**
 * Fetch the running network and its latest frame. Calls while a fetch is under way join
 * it; if the caller knows which network should now be running (`expected`, from
 * network.open or a network.loaded push) and the joined fetch returned another one
 * (it was sent before the swap), fetch once more.
 */
export async function reloadNetwork(expected?: NetworkSummary): Promise<void> {
  await (networkFetch ??= fetchNetwork().finally(() => (networkFetch = null)));
  const { network } = useConsoleStore.getState();
  if (expected && !(network && isNetwork(network, expected))) {
    await (networkFetch ??= fetchNetwork().finally(() => (networkFetch = null)));
  }
}

async function fetchNetwork(): Promise<void> {
  const api = requireClient();
  const network = await api.request('network.get', {});
  // Values of the network being replaced go; the clock (possibly just fetched, and not
  // pushed again while paused) stays.
  live.discard('frame', 'abnormal', 'alerts');
  setNetwork(network);
  live.push('frame', await api.request('twin.frame', {}));
  await fetchAgentsAndAlerts(network.loadId);
}

/** Agents and alerts of the network just fetched (pushes may have been missed meanwhile). */
async function fetchAgentsAndAlerts(loadId: string): Promise<void> {
  const api = requireClient();
  const [{ agents }, { alerts }] = await Promise.all([
    api.request('agents.list', {}),
    api.request('alerts.recent', {}),
  ]);
  // Another network arrived while these were on the way: its own fetch brings its agents.
  if (useConsoleStore.getState().network?.loadId !== loadId) return;
  // Pushes buffered now arrived before these replies: apply them first so the replies win.
  live.flushNow();
  setAgents(agents, { seedAbnormal: true });
  live.push('alerts', alerts);
}

/** Fetch the agent list again, keeping the abnormal states the pushes have set. */
export async function refreshAgentList(): Promise<void> {
  const api = requireClient();
  const loadId = useConsoleStore.getState().network?.loadId;
  try {
    const { agents } = await api.request('agents.list', {});
    if (useConsoleStore.getState().network?.loadId === loadId) setAgents(agents, { seedAbnormal: false });
  } catch (error) {
    reportFailure(error, 'Could not list the agents');
  }
}

function isNetwork(network: NetworkModel, summary: NetworkSummary): boolean {
  return (
    network.name === summary.name &&
    network.nodes.length === summary.nodes &&
    network.links.length === summary.links
  );
}

let onSessionRefused: (code: 'unauthenticated' | 'locked') => void = () => {};

/** Who to tell when the core refuses a request because the session ended or locked. */
export function whenSessionRefused(handler: (code: 'unauthenticated' | 'locked') => void): void {
  onSessionRefused = handler;
}

/**
 * Put a failed request in front of the operator, except a dropped connection (the status
 * shows that) and a session that ended or locked meanwhile (the sign-in screens show that).
 */
export function reportFailure(error: unknown, context?: string): void {
  if (error instanceof RequestError && error.code === 'disconnected') return;
  if (error instanceof RequestError && (error.code === 'unauthenticated' || error.code === 'locked')) {
    if (useAuthStore.getState().phase === 'active') onSessionRefused(error.code);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  showError(context ? `${context}: ${message}` : message);
}
