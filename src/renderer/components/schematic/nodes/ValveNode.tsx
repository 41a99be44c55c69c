import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ValveFlowNode } from '../flowGraph';
import { useIsSelected, useLinkStatus } from '../liveSelectors';
import { CenterHandles } from './CenterHandles';

/** A valve: the P&ID bow-tie along the pipe, labelled with its type (PRV, FCV…). Open is solid, closed hollow. */
function ValveNodeView({ data }: NodeProps<ValveFlowNode>) {
  const status = useLinkStatus(data.ref.index);
  const selected = useIsSelected(data.ref);
  const state = status === undefined ? 'unknown' : status > 0 ? 'open' : 'closed';
  return (
    <div
      className={`glyph valve is-${state}${selected ? ' is-selected' : ''}`}
      data-testid="node-valve"
      data-element-id={data.elementId}
      data-valve-type={data.valveType ?? undefined}
      data-state={state}
    >
      <svg viewBox="-12 -12 24 24" aria-hidden="true">
        <path className="valve-body" transform={`rotate(${data.angle})`} d="M -10 -6 L 10 6 L 10 -6 L -10 6 Z" />
      </svg>
      <span className="glyph-label">{data.valveType ?? data.elementId}</span>
      <CenterHandles />
    </div>
  );
}

export const ValveNode = memo(ValveNodeView);
