import { useEffect, useRef } from 'react';
import { audibleAlarms, newIds, playTone, REPEAT_MS } from '../../store/alarmSound';
import { useConsoleStore } from '../../store/consoleStore';
import { countTone, setSounding, usePrefsStore } from '../../store/prefsStore';

/**
 * Sounds the alarm tone: at once for a new unacknowledged P1/P2 alarm, then again every
 * REPEAT_MS while any such alarm stays unacknowledged and not silenced. Muted: nothing.
 */
export function AlarmSoundPlayer() {
  const alarms = useConsoleStore((s) => s.alarmSummary?.alarms);
  const silenced = usePrefsStore((s) => s.silenced);
  const muted = usePrefsStore((s) => s.muted);
  const sounding = useRef<string[]>([]);
  const priorityOf = useRef(new Map<string, number>());

  const sound = (ids: readonly string[]) => {
    if (usePrefsStore.getState().muted || ids.length === 0) return;
    const top = Math.min(...ids.map((id) => priorityOf.current.get(id) ?? 2));
    playTone(top);
    countTone();
  };

  useEffect(() => {
    const list = alarms ?? [];
    priorityOf.current = new Map(list.map((a) => [a.id, a.priority]));
    const now = audibleAlarms(list, silenced);
    const fresh = newIds(sounding.current, now);
    sounding.current = now;
    setSounding(now);
    if (fresh.length > 0) sound(fresh);
  }, [alarms, silenced]);

  useEffect(() => {
    if (muted) return;
    const timer = setInterval(() => sound(sounding.current), REPEAT_MS);
    return () => clearInterval(timer);
  }, [muted]);

  return null;
}
