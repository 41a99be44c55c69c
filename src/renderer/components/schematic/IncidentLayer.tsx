import './incidentLayer.css';
import { useEffect, useMemo, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useConsoleStore } from '../../store/consoleStore';
import { selectIncidentHighlight } from '../../store/incidentHighlight';
import { useFieldStore } from '../../store/incidents';
import { drawIncident, planIncident, type IncidentPalette } from '../incidents/drawIncident';
import { incidentStateWord } from '../incidents/incidentFormat';
import type { Scene } from './scene/sceneModel';

/**
 * The leak incident over the schematic (the one picked in the Incidents panel, else the
 * newest open one): suspected area, ranked candidates, the isolated segment and its valves,
 * drawn on a canvas of its own that follows React Flow's viewport like the scene canvas, and
 * named in a small legend. Its data attributes say what is drawn (for tests and tools).
 */
export function IncidentLayer({ scene }: { scene: Scene }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();
  const highlight = useFieldStore(selectIncidentHighlight);
  const linkIndexById = useConsoleStore((s) => s.linkIndexById);
  const plan = useMemo(
    () => planIncident(highlight, linkIndexById, scene),
    [highlight, linkIndexById, scene],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const style = getComputedStyle(canvas);
    const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const palette: IncidentPalette = {
      warning: v('--warning', '#e3a42b'),
      alarm: v('--alarm', '#e5484d'),
      text: v('--text-strong', '#eef0f2'),
      background: v('--bg-schematic', '#25282c'),
    };
    const size = { width: 0, height: 0, dpr: window.devicePixelRatio || 1 };
    let frame = 0;
    const draw = () => {
      frame = 0;
      const [x, y, zoom] = flowStore.getState().transform;
      drawIncident(ctx, scene, plan, { x, y, zoom }, palette, size);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const observer = new ResizeObserver(() => {
      const box = canvas.parentElement?.getBoundingClientRect();
      if (!box) return;
      size.width = box.width;
      size.height = box.height;
      canvas.width = Math.round(box.width * size.dpr);
      canvas.height = Math.round(box.height * size.dpr);
      canvas.style.width = `${box.width}px`;
      canvas.style.height = `${box.height}px`;
      schedule();
    });
    if (canvas.parentElement) observer.observe(canvas.parentElement);
    const offView = flowStore.subscribe((s, prev) => {
      if (s.transform !== prev.transform) schedule();
    });
    schedule();
    return () => {
      if (frame) cancelAnimationFrame(frame);
      observer.disconnect();
      offView();
    };
  }, [plan, scene, flowStore]);

  const ids = (list: readonly string[]) => list.join(' ');
  return (
    <>
      <canvas
        ref={canvasRef}
        className="incident-layer"
        data-testid="incident-overlay"
        data-incident={highlight?.incidentId ?? ''}
        data-state={highlight?.state ?? ''}
        data-suspected={ids(highlight?.suspected ?? [])}
        data-candidates={ids(highlight?.candidates.map((c) => c.pipe) ?? [])}
        data-isolated={ids(highlight?.isolated ?? [])}
        data-valves={ids(highlight?.valves.map((v) => `${v.valve}:${v.progress}`) ?? [])}
        data-drawn={plan.drawn}
        aria-hidden="true"
      />
      {highlight ? (
        <div className="incident-legend" data-testid="incident-legend" role="note">
          <strong>
            {highlight.incidentId} · {incidentStateWord(highlight.state)}
          </strong>
          <span>
            <span className="legend-candidate" aria-hidden="true">
              1
            </span>{' '}
            candidates, ranked
          </span>
          {highlight.suspected.length > 0 ? (
            <span>
              <span className="legend-suspected" aria-hidden="true" /> suspected area
            </span>
          ) : null}
          {highlight.isolated.length > 0 ? (
            <span>
              <span className="legend-isolated" aria-hidden="true" />{' '}
              {highlight.isolationDone ? 'isolated segment' : 'segment to isolate'}
            </span>
          ) : null}
          {highlight.valves.length > 0 ? (
            <span>
              <span
                className={`legend-valve${highlight.isolationDone ? ' is-closed' : ''}`}
                aria-hidden="true"
              />{' '}
              valves {highlight.isolationDone ? 'closed' : 'to close'}
            </span>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
