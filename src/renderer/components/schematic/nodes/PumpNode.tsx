import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PumpFlowNode } from '../flowGraph';
import { useIsSelected, useLinkStatus } from '../liveSelectors';
import { Glyph } from './Glyph';

/**
 * A pump: circle with a triangle pointing downstream (from → to). Running is solid,
 * stopped is hollow, so the state reads without colour.
 */
function PumpNodeView({ data }: NodeProps<PumpFlowNode>) {
  const status = useLinkStatus(data.ref.index);
  const selected = useIsSelected(data.ref);
  const state = status === undefined ? 'unknown' : status > 0 ? 'running' : 'stopped';
  return (
    <Glyph kind="pump" elementId={data.elementId} state={state} selected={selected} label={data.elementId}>
      <svg viewBox="-12 -12 24 24" aria-hidden="true">
        <g transform={`rotate(${data.angle})`}>
          <circle className="pump-casing" r="10.5" />
          <path className="pump-impeller" d="M -4.5 -6 L 7 0 L -4.5 6 Z" />
        </g>
      </svg>
    </Glyph>
  );
}

export const PumpNode = memo(PumpNodeView);
