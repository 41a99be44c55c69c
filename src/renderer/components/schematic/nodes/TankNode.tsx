import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { TankFlowNode } from '../flowGraph';
import { useIsSelected, useTankFill, useTankSeverity } from '../liveSelectors';
import { Glyph } from './Glyph';

const INNER_HEIGHT = 22;

/** A tank with an analog level bar between its operating limits (ISA-101 favours analog over digits). */
function TankNodeView({ data }: NodeProps<TankFlowNode>) {
  const fill = useTankFill(data.ref.index, data.tank);
  const severity = useTankSeverity(data.ref.index, data.tank);
  const selected = useIsSelected(data.ref);
  const levelHeight = (fill ?? 0) * INNER_HEIGHT;
  return (
    <Glyph
      kind="tank"
      elementId={data.elementId}
      state={severity ?? 'normal'}
      selected={selected}
      severity={severity}
      label={data.elementId}
    >
      <svg viewBox="0 0 28 30" aria-hidden="true">
        <rect className="tank-shell" x="1" y="1" width="26" height="28" rx="2" />
        {fill === undefined ? null : (
          <rect
            className="tank-level"
            x="4"
            y={4 + INNER_HEIGHT - levelHeight}
            width="20"
            height={levelHeight}
          />
        )}
      </svg>
    </Glyph>
  );
}

export const TankNode = memo(TankNodeView);
