import { useEffect, useState } from 'react';
import { RequestError } from '../../api/client';
import { browseConnection } from '../../store/connectionActions';
import { Modal, ModalActions } from '../Modal';
import { nodeClassName, suggestPoint, validPoint, type OpcuaBinding } from './connectionForm';

type Entry = Awaited<ReturnType<typeof browseConnection>>['entries'][number];
type Children =
  { state: 'loading' } | { state: 'done'; entries: Entry[] } | { state: 'failed'; message: string };

/**
 * An OPC UA connection's address space as a tree, one level fetched at a time; a variable can
 * be bound to an agent point, and the bindings go into the connection's tag map (its Edit form).
 */
export function OpcuaBrowser({
  connectionId,
  onBind,
  onClose,
}: {
  connectionId: string;
  onBind: (bindings: OpcuaBinding[]) => void;
  onClose: () => void;
}) {
  /** nodeId ('' = the root) → its children */
  const [tree, setTree] = useState<ReadonlyMap<string, Children>>(new Map());
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set(['']));
  const [bindings, setBindings] = useState<OpcuaBinding[]>([]);
  const [binding, setBinding] = useState<{ nodeId: string; point: string } | null>(null);

  const fetchLevel = (nodeId: string) =>
    browseConnection(connectionId, nodeId || undefined)
      .then(({ entries }): Children => ({ state: 'done', entries }))
      .catch((error: unknown): Children => ({
        state: 'failed',
        message: error instanceof RequestError ? error.message : String(error),
      }))
      .then((children) => setTree((t) => new Map(t).set(nodeId, children)));
  const load = (nodeId: string) => {
    setTree((t) => new Map(t).set(nodeId, { state: 'loading' }));
    void fetchLevel(nodeId);
  };
  useEffect(() => {
    void fetchLevel('');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the root, once per connection
  }, [connectionId]);

  const toggle = (nodeId: string) => {
    const next = new Set(open);
    if (!next.delete(nodeId)) {
      next.add(nodeId);
      if (!tree.has(nodeId)) load(nodeId);
    }
    setOpen(next);
  };

  const bind = () => {
    if (!binding || !validPoint(binding.point)) return;
    setBindings((list) => [
      ...list.filter((b) => b.point !== binding.point),
      { point: binding.point, nodeId: binding.nodeId },
    ]);
    setBinding(null);
  };

  const level = (nodeId: string, depth: number) => {
    const children = tree.get(nodeId);
    if (!children || children.state === 'loading') return <li className="tree-note">loading…</li>;
    if (children.state === 'failed') return <li className="field-error">{children.message}</li>;
    if (children.entries.length === 0) return <li className="tree-note">(empty)</li>;
    return children.entries.map((entry) => {
      const expanded = open.has(entry.nodeId);
      const bound = bindings.find((b) => b.nodeId === entry.nodeId);
      return (
        <li
          key={entry.nodeId}
          role="treeitem"
          aria-level={depth}
          aria-expanded={entry.isVariable ? undefined : expanded}
          aria-selected={false}
          data-testid="browse-node"
          data-node-id={entry.nodeId}
          data-variable={entry.isVariable}
        >
          <div className="tree-row">
            {entry.isVariable ? (
              <span className="tree-leaf" aria-hidden="true">
                •
              </span>
            ) : (
              <button
                type="button"
                className="tree-toggle"
                data-testid="browse-expand"
                aria-label={`${expanded ? 'Collapse' : 'Expand'} ${entry.displayName}`}
                onClick={() => toggle(entry.nodeId)}
              >
                {expanded ? '▾' : '▸'}
              </button>
            )}
            <span className="tree-name">{entry.displayName}</span>
            <span className="field-note">
              {nodeClassName(entry.nodeClass)} · {entry.nodeId}
            </span>
            {entry.isVariable ? (
              bound ? (
                <span className="tree-bound" data-testid="browse-bound">
                  → {bound.point}
                </span>
              ) : (
                <button
                  type="button"
                  className="link-button"
                  data-testid="browse-bind"
                  onClick={() => setBinding({ nodeId: entry.nodeId, point: suggestPoint(entry.nodeId) })}
                >
                  Bind…
                </button>
              )
            ) : null}
          </div>
          {binding?.nodeId === entry.nodeId ? (
            <div className="tree-bind">
              <label>
                Agent point
                <input
                  className="text-input"
                  data-testid="browse-point"
                  placeholder="pump.PU-1.speed"
                  value={binding.point}
                  onChange={(e) => setBinding({ ...binding, point: e.target.value })}
                />
              </label>
              <button
                type="button"
                className="toolbar-button"
                data-testid="browse-bind-confirm"
                disabled={!validPoint(binding.point)}
                title={validPoint(binding.point) ? undefined : 'A point reads kind.element.quantity'}
                onClick={bind}
              >
                Bind
              </button>
              <button type="button" className="toolbar-button" onClick={() => setBinding(null)}>
                Cancel
              </button>
            </div>
          ) : null}
          {!entry.isVariable && expanded ? (
            <ul role="group" className="tree-level">
              {level(entry.nodeId, depth + 1)}
            </ul>
          ) : null}
        </li>
      );
    });
  };

  return (
    <Modal title={`Browse ${connectionId}`} testId="opcua-browser" onClose={onClose} wide>
      <ul className="browse-tree" role="tree" aria-label={`Address space of ${connectionId}`}>
        {level('', 1)}
      </ul>
      <p className="field-note" data-testid="browse-bindings">
        {bindings.length === 0
          ? 'Bind variables to agent points; they are added to the tag map as {point, opcua: {nodeId}}.'
          : `${bindings.length} bound: ${bindings.map((b) => b.point).join(', ')}`}
      </p>
      <ModalActions onCancel={onClose}>
        <button
          type="button"
          className="toolbar-button primary-button"
          data-testid="browse-apply"
          disabled={bindings.length === 0}
          onClick={() => onBind(bindings)}
        >
          Add to the tag map…
        </button>
      </ModalActions>
    </Modal>
  );
}
