import type { ReactNode } from 'react';
import type { Severity } from '../../../readings/abnormal';
import { useAgentCue, worstSeverity } from '../agentCue';
import { AbnormalMarker } from './AbnormalMarker';
import { CenterHandles } from './CenterHandles';

export type GlyphKind = 'junction' | 'tank' | 'reservoir' | 'pump' | 'valve';

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
 * shows its agent's (and its instruments') abnormal state the same way.
 */
export function Glyph({ kind, elementId, state, selected, label, severity, data, children }: GlyphProps) {
  const agent = useAgentCue(elementId);
  const marker = worstSeverity(severity, agent?.severity);
  const classes = ['glyph', kind, `is-${state}`, selected ? 'is-selected' : null];
  if (agent) classes.push(`has-agent-${agent.severity}`);
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid={`node-${kind}`}
      data-element-id={elementId}
      data-state={state}
      data-agent-state={agent?.state}
      data-instrument-state={agent?.instrumentState}
      {...data}
    >
      <div className="glyph-art">{children}</div>
      {label ? <span className="glyph-label">{label}</span> : null}
      {marker ? <AbnormalMarker severity={marker} /> : null}
      {agent ? (
        <span className={`agent-state-label is-${agent.severity}`} data-testid="agent-state-label">
          {agent.words}
        </span>
      ) : null}
      <CenterHandles />
    </div>
  );
}
