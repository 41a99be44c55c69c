import type { ReactNode } from 'react';
import type { Severity } from '../../../readings/abnormal';
import { useAgentCue, worstSeverity } from '../agentCue';
import { useUnackedAlarm } from '../elementStates';
import { AbnormalMarker } from './AbnormalMarker';
import { CenterHandles } from './CenterHandles';

export type GlyphKind = 'junction' | 'tank' | 'reservoir' | 'pump' | 'valve' | 'pipe';

interface GlyphProps {
  kind: GlyphKind;
  elementId: string;
  /** normal, running, closed…: exposed as data-state and as an is-<state> class */
  state: string;
  selected: boolean;
  label?: string | null;
  /** abnormal live value (pressure, level), if any */
  severity?: Severity | null;
  /** extra data-* attributes for tests and styling */
  data?: Record<`data-${string}`, string | undefined>;
  children: ReactNode;
}

/**
 * The common frame of every schematic glyph. The root keeps a fixed size (React Flow
 * measures it and centres the links on it); the art, label and abnormal badge are
 * separate children so CSS can scale each for the zoom level independently.
 *
 * The agent cue lives here rather than in each node view so that every kind of element
 * shows its agent's (and its instruments') abnormal state the same way. So does an
 * unacknowledged alarm: its badge and words blink until an operator acknowledges it
 * (ISA-101), in the alarm's words when the agent itself shows nothing abnormal.
 */
export function Glyph({ kind, elementId, state, selected, label, severity, data, children }: GlyphProps) {
  const agent = useAgentCue(elementId);
  const unacked = useUnackedAlarm(elementId);
  const marker = worstSeverity(severity, agent?.severity, unacked?.severity);
  const classes = ['glyph', kind, `is-${state}`, selected ? 'is-selected' : null];
  if (agent) classes.push(`has-agent-${agent.severity}`);
  if (unacked) classes.push('has-unacked-alarm');
  const words = agent?.words ?? unacked?.words;
  const wordsSeverity = agent?.severity ?? unacked?.severity;
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid={`node-${kind}`}
      data-element-id={elementId}
      data-state={state}
      data-agent-state={agent?.state}
      data-instrument-state={agent?.instrumentState}
      data-unacked-alarm={unacked ? 'true' : undefined}
      {...data}
    >
      <div className="glyph-art">{children}</div>
      {label ? <span className="glyph-label">{label}</span> : null}
      {marker ? <AbnormalMarker severity={marker} /> : null}
      {words ? (
        <span className={`agent-state-label is-${wordsSeverity}`} data-testid="agent-state-label">
          {words}
        </span>
      ) : null}
      <CenterHandles />
    </div>
  );
}
