import { useEffect } from 'react';
import { refreshAgentDetail } from '../../store/commands';
import { useConsoleStore, type AgentDetail } from '../../store/consoleStore';
import { createThrottle } from '../../store/throttle';

/** agents.get is refetched at most this often while state pushes keep arriving. */
const DETAIL_MIN_INTERVAL_MS = 1_000;

/**
 * The selected element's agent in detail (state history, health). Fetched when the
 * selection changes and again whenever an agents.abnormal snapshot arrives while the panel
 * is open: a snapshot means some agent changed state, and it may be this one.
 */
export function useAgentDetail(agentId: string | null): AgentDetail | null {
  useEffect(() => {
    if (agentId === null) return;
    const throttle = createThrottle(DETAIL_MIN_INTERVAL_MS, () => void refreshAgentDetail(agentId));
    throttle.request();
    const unsubscribe = useConsoleStore.subscribe((state, previous) => {
      if (state.abnormalVersion !== previous.abnormalVersion) throttle.request();
    });
    return () => {
      unsubscribe();
      throttle.cancel();
    };
  }, [agentId]);
  return useConsoleStore((s) =>
    agentId !== null && s.agentDetail?.agent.id === agentId ? s.agentDetail : null,
  );
}
