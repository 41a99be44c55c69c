import type { MiniMapNodeProps } from '@xyflow/react';

/**
 * MiniMap node as a dot of fixed map size: real glyph sizes (10 px on a 4000 px network)
 * would vanish in a 200 px overview.
 */
export function MiniMapDot({ x, y, width, height, color }: MiniMapNodeProps) {
  return <circle cx={x + width / 2} cy={y + height / 2} r={Math.max(width, height, 22)} fill={color} />;
}
