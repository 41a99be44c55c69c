import { memo, useMemo } from 'react';
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import type { LinkFlowEdge } from '../flowGraph';
import { useFlowSign, useIsSelected, useLinkStatus } from '../liveSelectors';
import { polylineGeometry } from './polyline';

/** Hit area around a thin pipe, in screen px, so a 1 px line is still easy to click. */
const HIT_WIDTH_PX = 12;

/**
 * A pipe, or one half of a pump/valve. Gray when open, dashed when closed. Pipes carry a
 * small chevron at their middle pointing downstream (visible once zoomed in); pump and
 * valve halves show flow as a slow moving dash, since there are few of them.
 */
function LinkEdgeView({ id, data }: EdgeProps<LinkFlowEdge>) {
  const linkIndex = data?.ref.index ?? -1;
  const status = useLinkStatus(linkIndex);
  const flowSign = useFlowSign(linkIndex);
  const selected = useIsSelected(data?.ref ?? { kind: 'link', index: -1 });
  const geometry = useMemo(() => polylineGeometry(data?.points ?? []), [data?.points]);
  if (!data) return null;

  const closed = status === 0;
  const flowing = !closed && flowSign !== 0;
  const className = [
    'link-edge',
    data.device ? 'is-device' : 'is-pipe',
    closed ? 'is-closed' : null,
    data.device && flowing ? (flowSign > 0 ? 'is-flowing-forward' : 'is-flowing-backward') : null,
    selected ? 'is-selected' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const { middle } = geometry;
  const chevronAngle = middle.angle + (flowSign < 0 ? 180 : 0);

  return (
    <>
      <BaseEdge
        id={id}
        path={geometry.d}
        className={className}
        style={{ strokeWidth: selected ? data.strokeWidth + 2 : data.strokeWidth }}
        interactionWidth={HIT_WIDTH_PX}
      />
      {!data.device && flowing ? (
        <path
          className="flow-chevron"
          d="M -4 -3.5 L 2 0 L -4 3.5"
          transform={`translate(${middle.x} ${middle.y}) rotate(${chevronAngle})`}
        />
      ) : null}
    </>
  );
}

export const LinkEdge = memo(LinkEdgeView);
