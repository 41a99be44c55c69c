import { useConsoleStore } from '../../store/consoleStore';
import { maintenanceFacts } from './maintenance';

/** The faceplate's maintenance facts from the element's agent (install date, material, condition…). */
export function MaintenanceSection({ elementId }: { elementId: string }) {
  const detail = useConsoleStore((s) => (s.agentDetail?.agent.id === elementId ? s.agentDetail : null));
  if (!detail) return null;
  const facts = maintenanceFacts(detail.attributes);
  return (
    <section className="details-section" aria-label="Maintenance" data-testid="faceplate-maintenance">
      <h3>Maintenance</h3>
      {facts.length === 0 ? (
        <p className="details-note">No maintenance record for this element.</p>
      ) : (
        <dl className="reading-list">
          {facts.map((f) => (
            <div key={f.key} className={`reading-row${f.abnormal ? ' is-warning' : ''}`}>
              <dt>{f.label}</dt>
              <dd>
                <span data-testid={`maintenance-${f.key}`}>{f.value}</span>
                {f.abnormal ? (
                  <span className="abnormal-tag is-warning">{f.abnormal.toUpperCase()}</span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="details-note">
        Health: {detail.health.eventsProcessed} events · {detail.health.errors} errors ·{' '}
        {detail.health.restarts} restarts
      </p>
    </section>
  );
}
