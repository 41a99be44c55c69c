import type { ReactNode } from 'react';
import type { Severity } from '../../../readings/abnormal';
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
  severity?: Severity | null;
  /** extra data-* attributes for tests and styling */
  data?: Record<`data-${string}`, string | undefined>;
  children: ReactNode;
}

/**
 * The common frame of every schematic glyph. The root keeps a fixed size (React Flow
 * measures it and centres the links on it); the art, label and abnormal badge are
 * separate children so CSS can scale each for the zoom level independently.
 */
export function Glyph({ kind, elementId, state, selected, label, severity, data, children }: GlyphProps) {
  return (
    <div
      className={`glyph ${kind} is-${state}${selected ? ' is-selected' : ''}`}
      data-testid={`node-${kind}`}
      data-element-id={elementId}
      data-state={state}
      {...data}
    >
      <div className="glyph-art">{children}</div>
      {label ? <span className="glyph-label">{label}</span> : null}
      {severity ? <AbnormalMarker severity={severity} /> : null}
      <CenterHandles />
    </div>
  );
}
