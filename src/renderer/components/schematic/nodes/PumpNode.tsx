import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PumpFlowNode } from '../flowGraph';
import { useIsSelected, useLinkStatus } from '../liveSelectors';
import { CenterHandles } from './CenterHandles';

/**
 * A pump: circle with a triangle pointing downstream (from → to). Running is solid,
 * stopped is hollow, so the state reads without colour.
 */
function PumpNodeView({ data }: NodeProps<PumpFlowNode>) {
  const status = useLinkStatus(data.ref.index);
  const selected = useIsSelected(data.ref);
  const running = status === undefined ? undefined : status > 0;
  const state = running === undefined ? 'unknown' : running ? 'running' : 'stopped';
  return (
    <div
      className={`glyph pump is-${state}${selected ? ' is-selected' : ''}`}
      data-testid="node-pump"
      data-element-id={data.elementId}
      data-state={state}
    >
      <svg viewBox="-12 -12 24 24" aria-hidden="true">
        <g transform={`rotate(${data.angle})`}>
          <circle className="pump-casing" r="10.5" />
          <path className="pump-impeller" d="M -4.5 -6 L 7 0 L -4.5 6 Z" />
        </g>
      </svg>
      <span className="glyph-label">{data.elementId}</span>
      <CenterHandles />
    </div>
  );
}

export const PumpNode = memo(PumpNodeView);
