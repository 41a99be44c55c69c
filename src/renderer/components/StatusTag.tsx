import './status-tag.css';

export type Severity = 'alarm' | 'warning' | 'normal';

/** filled diamond: act now; outlined triangle: needs attention; none: normal */
const SHAPES = {
  alarm: 'M 0 -5.5 L 5.5 0 L 0 5.5 L -5.5 0 Z',
  warning: 'M 0 -5.5 L 5.5 4.5 L -5.5 4.5 Z',
} as const;

/**
 * A state as ISA-101 asks: shape + word + colour, calm gray when normal. `data` carries
 * the exact state for tests and tooltips (data-testid, data-*).
 */
export function StatusTag({
  severity,
  word,
  testId,
  title,
  data,
}: {
  severity: Severity;
  word: string;
  testId: string;
  title?: string;
  data: Record<string, string>;
}) {
  const attributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <span
      className={`status-tag is-${severity}`}
      data-testid={testId}
      data-severity={severity}
      title={title}
      {...attributes}
    >
      {severity !== 'normal' ? (
        <svg viewBox="-7 -7 14 14" aria-hidden="true">
          <path d={SHAPES[severity]} />
        </svg>
      ) : null}
      {word}
    </span>
  );
}
