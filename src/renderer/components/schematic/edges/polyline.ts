import type { Point } from '../flowGraph';

export interface PolylineGeometry {
  /** SVG path data */
  d: string;
  /** the point halfway along the line, and the line's direction there (degrees) */
  middle: { x: number; y: number; angle: number };
}

export function polylineGeometry(points: readonly Point[]): PolylineGeometry {
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'} ${x} ${y}`).join(' ');
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const length = Math.hypot(bx - ax, by - ay);
    lengths.push(length);
    total += length;
  }
  let remaining = total / 2;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const length = lengths[i - 1]!;
    if (remaining <= length || i === points.length - 1) {
      const t = length > 0 ? Math.min(1, remaining / length) : 0;
      return {
        d,
        middle: {
          x: ax + (bx - ax) * t,
          y: ay + (by - ay) * t,
          angle: (Math.atan2(by - ay, bx - ax) * 180) / Math.PI,
        },
      };
    }
    remaining -= length;
  }
  const [x, y] = points[0] ?? [0, 0];
  return { d, middle: { x, y, angle: 0 } };
}
