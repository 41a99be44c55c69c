import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { describeElement } from '../../readings/describeElement';
import { useConsoleStore } from '../../store/consoleStore';
import { useAgentCue } from './agentCue';

const OFFSET_PX = 14;

/** The hovered element's id and primary live values, following the pointer. */
export function HoverTooltip({ area }: { area: RefObject<HTMLElement | null> }) {
  const hovered = useConsoleStore((s) => s.hovered);
  const network = useConsoleStore((s) => s.network);
  const nodeIndexById = useConsoleStore((s) => s.nodeIndexById);
  // Only follow frames while something is hovered: otherwise nothing here changes.
  const frame = useConsoleStore((s) => (s.hovered ? s.frame : null));
  const tip = useRef<HTMLDivElement>(null);

  // Positioned straight on the DOM: a React render per pointer move is not needed.
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const follow = (event: PointerEvent) => {
      const box = element.getBoundingClientRect();
      const el = tip.current;
      if (!el) return;
      const x = event.clientX - box.left;
      const y = event.clientY - box.top;
      const flipX = x + OFFSET_PX + el.offsetWidth > box.width;
      const flipY = y + OFFSET_PX + el.offsetHeight > box.height;
      const left = flipX ? x - OFFSET_PX - el.offsetWidth : x + OFFSET_PX;
      const top = flipY ? y - OFFSET_PX - el.offsetHeight : y + OFFSET_PX;
      el.style.transform = `translate(${left}px, ${top}px)`;
    };
    element.addEventListener('pointermove', follow);
    return () => element.removeEventListener('pointermove', follow);
  }, [area]);

  const description = useMemo(
    () => (hovered && network ? describeElement(hovered, network, nodeIndexById, frame) : null),
    [hovered, network, nodeIndexById, frame],
  );

  return (
    <div ref={tip} className="hover-tooltip" role="tooltip" data-testid="tooltip" hidden={!description}>
      {description ? (
        <>
          <div className="tooltip-title">
            <span className="tooltip-id">{description.id}</span>
            <span className="tooltip-kind">{description.kindLabel}</span>
          </div>
          {description.live
            .filter((reading) => reading.primary)
            .map((reading) => (
              <div key={reading.key} className="tooltip-row">
                <span>{reading.label}</span>
                <span className="tooltip-value">
                  {reading.value}
                  {reading.abnormal ? (
                    <span className={`abnormal-tag is-${reading.abnormal.severity}`}>
                      {reading.abnormal.label}
                    </span>
                  ) : null}
                </span>
              </div>
            ))}
          <TooltipAgentRow elementId={description.id} />
        </>
      ) : null}
    </div>
  );
}

/** The agent's abnormal state (or its instruments'), in the same words as beside the glyph. */
function TooltipAgentRow({ elementId }: { elementId: string }) {
  const cue = useAgentCue(elementId);
  if (!cue) return null;
  return (
    <div className="tooltip-row">
      <span>Agent</span>
      <span className={`abnormal-tag is-${cue.severity}`}>{cue.words}</span>
    </div>
  );
}
