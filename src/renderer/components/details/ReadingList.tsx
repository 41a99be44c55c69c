import type { Reading } from '../../readings/describeElement';

/** Label/value rows; each value is findable as data-testid="value-<key>". */
export function ReadingList({ readings }: { readings: Reading[] }) {
  return (
    <dl className="reading-list">
      {readings.map((reading) => (
        <div
          key={reading.key}
          className={`reading-row${reading.abnormal ? ` is-${reading.abnormal.severity}` : ''}`}
        >
          <dt>{reading.label}</dt>
          <dd>
            <span className="reading-value" data-testid={`value-${reading.key}`}>
              {reading.value}
            </span>
            {reading.abnormal ? (
              <span className={`abnormal-tag is-${reading.abnormal.severity}`}>{reading.abnormal.label}</span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
