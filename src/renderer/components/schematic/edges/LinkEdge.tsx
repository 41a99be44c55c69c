import { memo, useMemo } from 'react';
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { abnormalSeverity, stateWord } from '../../../readings/agentStates';
import type { LinkFlowEdge } from '../flowGraph';
import { useAbnormalAgentState, useFlowSign, useIsSelected, useLinkStatus } from '../liveSelectors';
import { polylineGeometry } from './polyline';

/** Hit area around a thin pipe, in screen px, so a 1 px line is still easy to click. */
const HIT_WIDTH_PX = 12;

/**
 * A pipe, or one half of a pump/valve. Gray when open, dashed when closed. Pipes carry a
 * small chevron at their middle pointing downstream (visible once zoomed in); pump and
 * valve halves show flow as a slow moving dash, since there are few of them.
 *
 * A pipe whose agent is abnormal is drawn in its severity colour with a dash-dot pattern
 * (unlike the plain dash of a closed pipe), and once zoomed in a diamond and its state
 * word at the middle replace the chevron. Pump and valve halves stay as they are: their
 * glyph carries the cue.
 */
function LinkEdgeView({ id, data }: EdgeProps<LinkFlowEdge>) {
  const linkIndex = data?.ref.index ?? -1;
  const status = useLinkStatus(linkIndex);
  const flowSign = useFlowSign(linkIndex);
  const selected = useIsSelected(data?.ref ?? { kind: 'link', index: -1 });
  const agentState = useAbnormalAgentState(data && !data.device ? data.elementId : '');
  const geometry = useMemo(() => polylineGeometry(data?.points ?? []), [data?.points]);
  if (!data) return null;

  const closed = status === 0;
  const flowing = !closed && flowSign !== 0;
  const severity = agentState === undefined ? null : abnormalSeverity(agentState);
  const className = [
    'link-edge',
    data.device ? 'is-device' : 'is-pipe',
    closed ? 'is-closed' : null,
    data.device && flowing ? (flowSign > 0 ? 'is-flowing-forward' : 'is-flowing-backward') : null,
    severity ? `has-agent-${severity}` : null,
    selected ? 'is-selected' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const { middle } = geometry;
  const chevronAngle = middle.angle + (flowSign < 0 ? 180 : 0);

  return (
    <g data-testid="link" data-element-id={data.elementId} data-agent-state={agentState}>
      <BaseEdge
        id={id}
        path={geometry.d}
        className={className}
        style={{ strokeWidth: selected ? data.strokeWidth + 2 : data.strokeWidth }}
        interactionWidth={HIT_WIDTH_PX}
      />
      {severity && agentState ? (
        <g className={`pipe-agent-cue is-${severity}`} transform={`translate(${middle.x} ${middle.y})`}>
          {/* inner group: CSS scales it against the zoom, the outer one places it */}
          <g className="pipe-agent-cue-art">
            <path d="M 0 -5 L 5 0 L 0 5 L -5 0 Z" />
            <text x="8" y="3.5">
              {stateWord(agentState)}
            </text>
          </g>
        </g>
      ) : !data.device && flowing ? (
        <path
          className="flow-chevron"
          d="M -4 -3.5 L 2 0 L -4 3.5"
          transform={`translate(${middle.x} ${middle.y}) rotate(${chevronAngle})`}
        />
      ) : null}
    </g>
  );
}

export const LinkEdge = memo(LinkEdgeView);
