import { StatusTag } from '../StatusTag';
import { incidentSeverity, incidentStateWord, type IncidentState } from './incidentFormat';

/** An incident's state: diamond to act now, triangle under way or contained; the exact state in the tooltip. */
export function IncidentStateTag({ state }: { state: IncidentState }) {
  return (
    <StatusTag
      severity={incidentSeverity(state)}
      word={incidentStateWord(state)}
      testId="incident-state"
      title={state}
      data={{ state }}
    />
  );
}
