import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most every `ms`: for views that fetch when the alarm summary
 * changes, which in an alarm flood or at full simulation speed is many times a second.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
