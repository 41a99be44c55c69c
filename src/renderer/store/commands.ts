// What the operator can ask the core to do from the console. Components call these and
// never the client directly, so errors reach the banner the same way everywhere.
import { MAX_INP_CHARS, MAX_MESSAGE_BYTES, type Speed } from '../../shared/contract';
import { request } from '../api/client';
import {
  elementId,
  elementOfAgent,
  focusElement,
  setAgentDetail,
  showError,
  useConsoleStore,
} from './consoleStore';
import { acceptClockState, flushLive, reloadNetwork, reportFailure } from './sync';

/** The contract's limit on file names; longer names are cut rather than refused. */
const MAX_FILE_NAME_CHARS = 255;

export async function setClock(change: { speed?: Speed; running?: boolean }): Promise<void> {
  flushLive();
  try {
    acceptClockState(await request('clock.set', change));
  } catch (error) {
    reportFailure(error, 'Could not change the simulation clock');
  }
}

export async function openNetworkFile(file: File): Promise<void> {
  const tooLarge = `Could not open ${file.name}: the file is larger than the console accepts (${MAX_INP_CHARS / 1024 / 1024} MB).`;
  // Refuse before reading a file that could never fit in one message to the core.
  if (file.size > MAX_MESSAGE_BYTES) {
    showError(tooLarge);
    return;
  }
  try {
    const inp = await file.text();
    if (inp.length > MAX_INP_CHARS) {
      showError(tooLarge);
      return;
    }
    if (inp.trim().length === 0) {
      showError(`Could not open ${file.name}: the file is empty.`);
      return;
    }
    const summary = await request('network.open', { fileName: file.name.slice(0, MAX_FILE_NAME_CHARS), inp });
    await reloadNetwork(summary);
  } catch (error) {
    // The core's message already names the file and the line.
    reportFailure(error, 'Could not open the network');
  }
}

/** Fetch the agent of the selected element (agents.get) for the details panel. */
export async function refreshAgentDetail(agentId: string): Promise<void> {
  try {
    const detail = await request('agents.get', { id: agentId });
    // The operator may have selected another element while this was on the way.
    const state = useConsoleStore.getState();
    if (state.selected && elementId(state, state.selected) === agentId) setAgentDetail(detail);
  } catch (error) {
    reportFailure(error, `Could not fetch agent ${agentId}`);
  }
}

/**
 * Select the element an agent stands for and bring it into view. Returns false for an
 * agent with no element on the schematic (a zone, the control centre).
 */
export function showAgentElement(agentId: string): boolean {
  const ref = elementOfAgent(useConsoleStore.getState(), agentId);
  if (!ref) return false;
  focusElement(ref);
  return true;
}
