import type { TrainingStatus } from '../../../shared/operations';
import { KpiCard } from '../displays/Figures';
import { gradeText, scoreRows } from './scoreFormat';

/** The trainee's score: while the session runs (so far) and the final one once it ends. */
export function ScoreCard({ status }: { status: TrainingStatus | null }) {
  const score = status?.score ?? null;
  const final = status !== null && !status.active && score !== null;
  return (
    <KpiCard title={final ? 'Final score' : 'Score so far'} testId="training-score">
      {score ? (
        <>
          <p className="training-grade" data-testid="training-grade" data-final={final}>
            {gradeText(score.grade)}
          </p>
          <dl className="figure-list">
            {scoreRows(score).map((row) => (
              <div key={row.key} className={`figure-row${row.abnormal ? ' is-abnormal' : ''}`}>
                <dt>{row.label}</dt>
                <dd>
                  <span className="figure-value" data-testid={`score-${row.key}`}>
                    {row.abnormal ? <span aria-hidden="true">▲ </span> : null}
                    {row.value}
                  </span>
                  {row.abnormal ? <span className="figure-why">{row.abnormal}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="display-note">The score appears once an event has run.</p>
      )}
    </KpiCard>
  );
}
