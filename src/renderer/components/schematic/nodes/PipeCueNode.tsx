import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PipeCueFlowNode } from '../flowGraph';
import { useIsSelected } from '../liveSelectors';
import { Glyph } from './Glyph';

/**
 * Canvas mode: an abnormal pipe (or one with an unacknowledged alarm) keeps a clickable
 * glyph at its middle, a short bar across the pipe, carrying the same badge, halo and
 * state words as any other abnormal element. The pipe itself is drawn on the canvas.
 */
function PipeCueNodeView({ data }: NodeProps<PipeCueFlowNode>) {
  const selected = useIsSelected(data.ref);
  return (
    <Glyph kind="pipe" elementId={data.elementId} state="normal" selected={selected}>
      <svg viewBox="-6 -6 12 12" aria-hidden="true">
        <path className="pipe-cue-bar" transform={`rotate(${data.angle + 90})`} d="M 0 -5 L 0 5" />
      </svg>
    </Glyph>
  );
}

export const PipeCueNode = memo(PipeCueNodeView);
