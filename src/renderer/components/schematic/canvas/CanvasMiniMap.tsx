import { useEffect, useRef, type PointerEvent } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { Scene } from '../scene/sceneModel';

const WIDTH = 200;
const HEIGHT = 150;
const PAD = 6;

/**
 * The overview map of canvas mode: the network is drawn once into a bitmap (every link as
 * a hairline), then each view change only copies it and outlines the visible area. React
 * Flow's MiniMap would draw one SVG element per node, which at NJ1 scale costs more than
 * the schematic itself. Click or drag on it to move the view there.
 */
export function CanvasMiniMap({ scene }: { scene: Scene }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();
  const flow = useReactFlow();
  const { bounds } = scene;
  const scale = Math.min(
    (WIDTH - 2 * PAD) / Math.max(1, bounds.maxX - bounds.minX),
    (HEIGHT - 2 * PAD) / Math.max(1, bounds.maxY - bounds.minY),
  );
  const offsetX = (WIDTH - (bounds.maxX - bounds.minX) * scale) / 2 - bounds.minX * scale;
  const offsetY = (HEIGHT - (bounds.maxY - bounds.minY) * scale) / 2 - bounds.minY * scale;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = WIDTH * dpr;
    canvas.height = HEIGHT * dpr;
    const base = document.createElement('canvas');
    base.width = canvas.width;
    base.height = canvas.height;
    const b = base.getContext('2d');
    if (!b) return;
    b.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * offsetX, dpr * offsetY);
    b.strokeStyle = '#8e959d';
    b.lineWidth = 0.6 / scale;
    b.beginPath();
    for (let i = 0; i < scene.linkCount; i++) {
      const start = scene.linkStart[i]!;
      const end = scene.linkStart[i + 1]!;
      if (end - start < 2) continue;
      b.moveTo(scene.pointX[start]!, scene.pointY[start]!);
      for (let p = start + 1; p < end; p++) b.lineTo(scene.pointX[p]!, scene.pointY[p]!);
    }
    b.stroke();

    let raf: number | undefined;
    const draw = () => {
      raf = undefined;
      const { transform, width, height } = flowStore.getState();
      const [x, y, zoom] = transform;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(base, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.strokeStyle = '#eef0f2';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(
        (-x / zoom) * scale + offsetX,
        (-y / zoom) * scale + offsetY,
        (width / zoom) * scale,
        (height / zoom) * scale,
      );
    };
    draw();
    const off = flowStore.subscribe((s, prev) => {
      if ((s.transform !== prev.transform || s.width !== prev.width) && raf === undefined)
        raf = requestAnimationFrame(draw);
    });
    return () => {
      off();
      if (raf !== undefined) cancelAnimationFrame(raf);
    };
  }, [scene, scale, offsetX, offsetY, flowStore]);

  const moveTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const fx = (event.clientX - box.left - offsetX) / scale;
    const fy = (event.clientY - box.top - offsetY) / scale;
    void flow.setCenter(fx, fy, { zoom: flow.getZoom() });
  };

  return (
    <canvas
      ref={canvasRef}
      className="canvas-minimap"
      data-testid="minimap"
      style={{ width: WIDTH, height: HEIGHT }}
      aria-label="Overview map of the network"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event);
      }}
      onPointerMove={(event) => {
        if (event.buttons & 1) moveTo(event);
      }}
    />
  );
}
