import './commands.css';
import { useEffect, useState } from 'react';
import type { CommandTargetView } from '../../../shared/operations';
import { targetsOf } from '../../store/commandActions';
import { usePermission } from '../usePermission';
import { CommandDialog, type CommandChoice } from './CommandDialog';
import { actionLabel } from './commandFlow';

/**
 * The faceplate's controls: what the core says this pump, valve or pipe (isolation valves)
 * accepts. Each action opens the select-before-operate dialog. Roles without `operate` see
 * no controls (the core would refuse them anyway).
 */
export function CommandSection({ elementId, kind }: { elementId: string; kind: string }) {
  const mayOperate = usePermission('operate');
  // keyed by element: another selection shows nothing until its own targets arrive
  const [found, setFound] = useState<{ elementId: string; targets: CommandTargetView[] } | null>(null);
  const [choice, setChoice] = useState<CommandChoice | null>(null);

  useEffect(() => {
    if (!mayOperate) return;
    let current = true;
    targetsOf(elementId, kind)
      .then((targets) => current && setFound({ elementId, targets }))
      .catch(() => current && setFound({ elementId, targets: [] }));
    return () => {
      current = false;
    };
  }, [elementId, kind, mayOperate]);

  const targets = found?.elementId === elementId ? found.targets : null;
  if (!mayOperate || !targets || targets.length === 0) return null;
  return (
    <section className="details-section" aria-label="Control" data-testid="command-section">
      <h3>Control</h3>
      {targets.map((target) => (
        <div key={target.id} className="command-target" data-target={target.id}>
          {target.id !== elementId ? (
            <p className="details-subhead">{target.description ?? target.id}</p>
          ) : null}
          <div className="command-actions">
            {target.actions.map((action) => (
              <button
                key={action.name}
                type="button"
                className="toolbar-button"
                data-testid={`command-${target.id === elementId ? '' : 'mode-'}${action.name}`}
                title={action.critical ? 'Critical: needs a second operator to approve' : undefined}
                onClick={() => setChoice({ target, action })}
              >
                {actionLabel(action.name)}
                {action.critical ? ' ◆' : ''}
              </button>
            ))}
          </div>
        </div>
      ))}
      {choice ? <CommandDialog choice={choice} onClose={() => setChoice(null)} /> : null}
    </section>
  );
}
