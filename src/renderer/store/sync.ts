// Keeps the store in step with the core: live pushes go through the coalescer, and on
// every (re)connection, and whenever the core says another network is running, the
// network, clock and latest frame are fetched again.
import type { ClockState, NetworkSummary, TwinFrame } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import { getClient, RequestError, type AqueductClient } from '../api/client';
import { applyLive, setConnection, setNetwork, setSession, showError, useConsoleStore } from './consoleStore';
import { animationFrameScheduler, createLatestWinsCoalescer, type FrameScheduler } from './liveCoalescer';

interface Live {
  frame: TwinFrame;
  clock: ClockState;
}

let client: AqueductClient | undefined;
let live = createLatestWinsCoalescer<Live>(animationFrameScheduler, applyLive);
let networkFetch: Promise<void> | null = null;

/** Wire the app's client to the store. Returns a function that unwires it. */
export function startSync(
  appClient: AqueductClient = getClient(),
  schedule: FrameScheduler = animationFrameScheduler,
): () => void {
  client = appClient;
  live = createLatestWinsCoalescer<Live>(schedule, applyLive);
  const unsubscribe = [
    appClient.onPush('twin.frame', (frame) => live.push('frame', frame)),
    appClient.onPush('clock.state', (clock) => live.push('clock', clock)),
    appClient.onPush('network.loaded', (summary) => void reloadNetwork(summary).catch(reportFailure)),
    appClient.onStatus((status) => {
      setConnection(status);
      if (status === 'open') void fetchEverything();
    }),
  ];
  setConnection(appClient.status);
  if (appClient.status === 'open') void fetchEverything();
  return () => unsubscribe.forEach((off) => off());
}

function requireClient(): AqueductClient {
  if (!client) throw new Error('startSync() has not run');
  return client;
}

/** A clock state the core returned to one of our requests, e.g. after clock.set. */
export function acceptClockState(clock: ClockState): void {
  live.push('clock', clock);
}

/**
 * Apply buffered live values now instead of at the next frame, so that what the operator
 * sees when they act (e.g. pause) is everything received so far.
 */
export function flushLive(): void {
  live.flushNow();
}

async function fetchEverything(): Promise<void> {
  const api = requireClient();
  const results = await Promise.allSettled([
    api.request('session.info', {}).then(setSession),
    api.request('clock.get', {}).then(acceptClockState),
    reloadNetwork(),
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
  live.discard();
  setNetwork(network);
  live.push('frame', await api.request('twin.frame', {}));
}

function isNetwork(network: NetworkModel, summary: NetworkSummary): boolean {
  return (
    network.name === summary.name &&
    network.nodes.length === summary.nodes &&
    network.links.length === summary.links
  );
}

/** Put a failed request in front of the operator, except a dropped connection: the status shows that. */
export function reportFailure(error: unknown, context?: string): void {
  if (error instanceof RequestError && error.code === 'disconnected') return;
  const message = error instanceof Error ? error.message : String(error);
  showError(context ? `${context}: ${message}` : message);
}
