import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { JunctionFlowNode } from '../flowGraph';
import { useIsSelected, useJunctionSeverity } from '../liveSelectors';
import { Glyph } from './Glyph';

/** A hydrant pillar: cap, body, two side outlets and a foot. */
function HydrantGlyph() {
  return (
    <svg className="hydrant-glyph" viewBox="0 0 14 18" aria-hidden="true">
      <path d="M 4 5 Q 7 0 10 5 Z" />
      <rect x="3" y="5" width="8" height="10" rx="1" />
      <rect x="0.5" y="8" width="2.5" height="3" />
      <rect x="11" y="8" width="2.5" height="3" />
      <rect x="2" y="15" width="10" height="2.5" />
    </svg>
  );
}

/** A junction: a small gray dot, or a hydrant glyph when the sidecar marks it as one. */
function JunctionNodeView({ data }: NodeProps<JunctionFlowNode>) {
  const severity = useJunctionSeverity(data.ref.index);
  const selected = useIsSelected(data.ref);
  return (
    <Glyph
      kind="junction"
      elementId={data.elementId}
      state={severity ?? 'normal'}
      selected={selected}
      severity={severity}
      data={{ 'data-hydrant': data.hydrant ? 'true' : undefined }}
    >
      {data.hydrant ? <HydrantGlyph /> : <span className="junction-dot" />}
    </Glyph>
  );
}

export const JunctionNode = memo(JunctionNodeView);
