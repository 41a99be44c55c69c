import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ReservoirFlowNode } from '../flowGraph';
import { useIsSelected } from '../liveSelectors';
import { Glyph } from './Glyph';

/** A reservoir: a wide trapezoid with a water line, larger than any other glyph (it is the source). */
function ReservoirNodeView({ data }: NodeProps<ReservoirFlowNode>) {
  const selected = useIsSelected(data.ref);
  return (
    <Glyph
      kind="reservoir"
      elementId={data.elementId}
      state="normal"
      selected={selected}
      label={data.elementId}
    >
      <svg viewBox="0 0 44 26" aria-hidden="true">
        <path className="reservoir-basin" d="M 1 1 L 43 1 L 35 25 L 9 25 Z" />
        <path className="reservoir-water" d="M 6 8 Q 11 5 16 8 T 26 8 T 36 8" />
      </svg>
    </Glyph>
  );
}

export const ReservoirNode = memo(ReservoirNodeView);
