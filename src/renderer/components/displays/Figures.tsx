import type { ReactNode } from 'react';
import type { Figure } from './kpiFormat';

/** A titled card of the overview and the diagnostics. */
export function KpiCard({
  title,
  testId,
  children,
  wide = false,
}: {
  title: string;
  testId: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section className={`kpi-card${wide ? ' is-wide' : ''}`} data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/**
 * Label/value rows; an abnormal figure gets a triangle and its reason in words besides the
 * colour (ISA-101: colour is never the only cue). Each value is `data-testid="kpi-<key>"`.
 */
export function FigureList({ figures }: { figures: readonly Figure[] }) {
  return (
    <dl className="figure-list">
      {figures.map((f) => (
        <div key={f.key} className={`figure-row${f.abnormal ? ' is-abnormal' : ''}`}>
          <dt>{f.label}</dt>
          <dd>
            <span className="figure-value" data-testid={`kpi-${f.key}`}>
              {f.abnormal ? <span aria-hidden="true">▲ </span> : null}
              {f.value}
            </span>
            {f.abnormal ? <span className="figure-why">{f.abnormal}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
