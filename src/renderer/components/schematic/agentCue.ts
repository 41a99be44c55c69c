// What the schematic draws for an element whose agent, or one of its instruments, is not
// in a normal state: the severity (marker shape and colour) and the words beside it.
import { useMemo } from 'react';
import type { Severity } from '../../readings/abnormal';
import { abnormalSeverity, instrumentName, stateWord } from '../../readings/agentStates';
import { useConsoleStore } from '../../store/consoleStore';
import { useAbnormalAgentState, useAbnormalInstrument } from './liveSelectors';

export interface AgentCue {
  severity: Severity;
  /** "CRITICAL LOW", "LEVEL GAUGE OFFLINE", or both */
  words: string;
  /** the element's own agent state, when abnormal */
  state: string | undefined;
  /** the state of its abnormal instrument, if any */
  instrumentState: string | undefined;
}

export function worstSeverity(...severities: (Severity | null | undefined)[]): Severity | null {
  if (severities.includes('alarm')) return 'alarm';
  return severities.includes('warning') ? 'warning' : null;
}

export function useAgentCue(elementId: string): AgentCue | null {
  const state = useAbnormalAgentState(elementId);
  const instrument = useAbnormalInstrument(elementId);
  const instrumentState = useConsoleStore((s) =>
    instrument === undefined ? undefined : s.abnormal[instrument],
  );
  return useMemo(() => {
    const severity = worstSeverity(
      state === undefined ? null : abnormalSeverity(state),
      instrumentState === undefined ? null : abnormalSeverity(instrumentState),
    );
    if (!severity) return null;
    const words = [
      state === undefined ? null : stateWord(state),
      instrument === undefined || instrumentState === undefined
        ? null
        : `${instrumentName(instrument, elementId).toUpperCase()} ${stateWord(instrumentState)}`,
    ]
      .filter(Boolean)
      .join(' · ');
    return { severity, words, state, instrumentState };
  }, [elementId, state, instrument, instrumentState]);
}
