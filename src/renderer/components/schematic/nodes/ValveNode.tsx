import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ValveType } from '../../../../shared/network';
import type { ValveFlowNode } from '../flowGraph';
import { useIsSelected, useLinkStatus } from '../liveSelectors';
import { Glyph } from './Glyph';

/**
 * Control valves are labelled with their type. Throttle and general purpose valves are
 * mostly isolation valves in practice: a town has dozens, and labelling each one would
 * bury the few that regulate.
 */
const LABELLED_TYPES: ReadonlySet<ValveType> = new Set(['PRV', 'PSV', 'PBV', 'FCV']);

/** A valve: the P&ID bow-tie along the pipe. Open is solid, closed hollow. */
function ValveNodeView({ data }: NodeProps<ValveFlowNode>) {
  const status = useLinkStatus(data.ref.index);
  const selected = useIsSelected(data.ref);
  const state = status === undefined ? 'unknown' : status > 0 ? 'open' : 'closed';
  const label = data.valveType && LABELLED_TYPES.has(data.valveType) ? data.valveType : null;
  return (
    <Glyph
      kind="valve"
      elementId={data.elementId}
      state={state}
      selected={selected}
      label={label}
      data={{ 'data-valve-type': data.valveType ?? undefined }}
    >
      <svg viewBox="-12 -12 24 24" aria-hidden="true">
        <path
          className="valve-body"
          transform={`rotate(${data.angle})`}
          d="M -10 -6 L 10 6 L 10 -6 L -10 6 Z"
        />
      </svg>
    </Glyph>
  );
}

export const ValveNode = memo(ValveNodeView);
