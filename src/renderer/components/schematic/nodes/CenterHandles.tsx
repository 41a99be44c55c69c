import { Handle, Position } from '@xyflow/react';

/**
 * React Flow only draws an edge between handles. Links join element centres, so every
 * glyph gets one invisible, non-connectable handle pair at its centre.
 */
export function CenterHandles() {
  return (
    <>
      <Handle type="target" position={Position.Top} className="center-handle" isConnectable={false} />
      <Handle type="source" position={Position.Top} className="center-handle" isConnectable={false} />
    </>
  );
}
