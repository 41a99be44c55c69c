/**
 * Alert priority as ISA-18.2 style indicators: each priority has its own shape (diamond,
 * triangle, outlined triangle, square) and always its text, so it reads without colour.
 */
const SHAPES: Record<number, string> = {
  1: 'M 0 -6 L 6 0 L 0 6 L -6 0 Z',
  2: 'M 0 -6 L 6 5 L -6 5 Z',
  3: 'M 0 -6 L 6 5 L -6 5 Z',
  4: 'M -4.5 -4.5 L 4.5 -4.5 L 4.5 4.5 L -4.5 4.5 Z',
};

export function PriorityBadge({ priority }: { priority: number }) {
  const level = Math.min(4, Math.max(1, Math.round(priority)));
  return (
    <span className={`priority-badge is-p${level}`} data-priority={level} title={`Priority ${level}`}>
      <svg viewBox="-7 -7 14 14" aria-hidden="true">
        <path d={SHAPES[level]} />
      </svg>
      P{level}
    </span>
  );
}
