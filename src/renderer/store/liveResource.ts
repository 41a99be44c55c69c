// A figure the core serves on request and (for some) pushes as it changes: fetched when a
// view mounts and whenever the connection opens again, replaced by every push, and polled
// where the core does not push. Views hold these themselves: only they need them.
import { useEffect, useState } from 'react';
import type { ArgsOf, PayloadOf, PushName, RequestName, ResultOf } from '../../shared/contract';
import { onPush, request } from '../api/client';
import { useConsoleStore } from './consoleStore';
import { reportFailure } from './sync';

/** requests that take no arguments */
type NoArgsRequest = {
  [N in RequestName]: Record<string, never> extends ArgsOf<N> ? N : never;
}[RequestName];

export function useCoreResource<N extends NoArgsRequest, P extends PushName>(
  name: N,
  options: { push?: P; pollMs?: number; what?: string } = {},
): { data: ResultOf<N> | null; refresh: () => void; set: (data: ResultOf<N>) => void } {
  const [data, setData] = useState<ResultOf<N> | null>(null);
  const [tick, setTick] = useState(0);
  const open = useConsoleStore((s) => s.connection === 'open' && s.session !== null);
  const { push, pollMs, what } = options;

  useEffect(() => {
    if (!open) return;
    let current = true;
    const fetchIt = () =>
      request(name, {} as never)
        .then((result) => current && setData(result))
        .catch((error: unknown) => current && reportFailure(error, what ?? `Could not fetch ${name}`));
    fetchIt();
    const timer = pollMs ? setInterval(fetchIt, pollMs) : undefined;
    const off = push
      ? onPush(push, (payload: PayloadOf<P>) => current && setData(payload as unknown as ResultOf<N>))
      : undefined;
    return () => {
      current = false;
      if (timer) clearInterval(timer);
      off?.();
    };
  }, [name, push, pollMs, what, open, tick]);

  return { data, refresh: () => setTick((t) => t + 1), set: setData };
}
