import { incidentSeverity, incidentStateWord, type IncidentState } from './incidentFormat';

/** filled diamond: act now; outlined triangle: under way or contained; none: over */
const SHAPES = {
  alarm: 'M 0 -5.5 L 5.5 0 L 0 5.5 L -5.5 0 Z',
  warning: 'M 0 -5.5 L 5.5 4.5 L -5.5 4.5 Z',
} as const;

/** An incident's state: shape + word + colour (ISA-101), the exact state in the tooltip. */
export function IncidentStateTag({ state }: { state: IncidentState }) {
  const severity = incidentSeverity(state);
  return (
    <span
      className={`incident-state is-${severity}`}
      data-testid="incident-state"
      data-state={state}
      data-severity={severity}
      title={state}
    >
      {severity !== 'normal' ? (
        <svg viewBox="-7 -7 14 14" aria-hidden="true">
          <path d={SHAPES[severity]} />
        </svg>
      ) : null}
      {incidentStateWord(state)}
    </span>
  );
}
