// Per-element subscriptions for the schematic. Each glyph selects one small primitive
// (a status, a sign, a severity), so a new frame re-renders only the glyphs whose look
// actually changes, not all ~1,700 elements of a city network.
import { abnormalSeverity } from '../../readings/agentStates';
import { junctionPressureState, tankFill, tankLevelState, type Severity } from '../../readings/abnormal';
import { useConsoleStore, type ElementRef } from '../../store/consoleStore';
import type { NetworkNode } from '../../../shared/network';

/** Below this |flow| (L/s) a link counts as still: no direction to show. */
const STILL_FLOW_LPS = 0.05;

export function useIsSelected(ref: ElementRef): boolean {
  return useConsoleStore((s) => s.selected?.kind === ref.kind && s.selected.index === ref.index);
}

/** 1 open, 0 closed, undefined before the first frame. */
export function useLinkStatus(linkIndex: number): number | undefined {
  return useConsoleStore((s) => s.frame?.links.status[linkIndex]);
}

/** +1 flowing from→to, -1 to→from, 0 still or unknown. */
export function useFlowSign(linkIndex: number): -1 | 0 | 1 {
  return useConsoleStore((s) => {
    const flow = s.frame?.links.flow[linkIndex];
    if (flow === undefined || !(Math.abs(flow) >= STILL_FLOW_LPS)) return 0;
    return flow > 0 ? 1 : -1;
  });
}

export function useJunctionSeverity(nodeIndex: number): Severity | null {
  return useConsoleStore((s) => junctionPressureState(s.frame?.nodes.pressure[nodeIndex])?.severity ?? null);
}

export function useTankSeverity(nodeIndex: number, tank: NetworkNode['tank']): Severity | null {
  return useConsoleStore((s) => tankLevelState(s.frame?.nodes.pressure[nodeIndex], tank)?.severity ?? null);
}

/** Tank fill 0…1 in 2 % steps (finer is invisible on the glyph and would re-render it every frame). */
export function useTankFill(nodeIndex: number, tank: NetworkNode['tank']): number | undefined {
  return useConsoleStore((s) => {
    const fill = tankFill(s.frame?.nodes.pressure[nodeIndex], tank);
    return fill === undefined ? undefined : Math.round(fill * 50) / 50;
  });
}

/** The agent state of an element that is not normal, undefined while it is. */
export function useAbnormalAgentState(elementId: string): string | undefined {
  return useConsoleStore((s) => s.abnormal[elementId]);
}

/**
 * The element's most severe abnormal instrument (sensor agent), e.g. its level gauge
 * when that is Offline; undefined while all its instruments are normal.
 */
export function useAbnormalInstrument(elementId: string): string | undefined {
  return useConsoleStore((s) => {
    let worst: string | undefined;
    for (const id of s.instrumentsByElement.get(elementId) ?? []) {
      const state = s.abnormal[id];
      if (state === undefined) continue;
      if (abnormalSeverity(state) === 'alarm') return id;
      worst ??= id;
    }
    return worst;
  });
}
