import type { ConnectionView, TagSampleView } from '../../../shared/operations';

const DIAMOND = 'M 0 -5.5 L 5.5 0 L 0 5.5 L -5.5 0 Z';
const TRIANGLE = 'M 0 -5.5 L 5.5 4.5 L -5.5 4.5 Z';

type Look = { word: string; severity: 'alarm' | 'warning' | 'normal' };

const STATE_LOOK: Record<ConnectionView['state'], Look> = {
  connected: { word: 'CONNECTED', severity: 'normal' },
  connecting: { word: 'CONNECTING', severity: 'warning' },
  backoff: { word: 'LOST · RETRYING', severity: 'alarm' },
  stopped: { word: 'STOPPED', severity: 'warning' },
};

const QUALITY_LOOK: Record<TagSampleView['quality'], Look> = {
  good: { word: 'good', severity: 'normal' },
  uncertain: { word: 'UNCERTAIN', severity: 'warning' },
  bad: { word: 'BAD', severity: 'alarm' },
};

function Tag({ look, testId, data }: { look: Look; testId: string; data: string }) {
  return (
    <span
      className={`field-tag is-${look.severity}`}
      data-testid={testId}
      data-value={data}
      data-severity={look.severity}
    >
      {look.severity !== 'normal' ? (
        <svg viewBox="-7 -7 14 14" aria-hidden="true">
          <path d={look.severity === 'alarm' ? DIAMOND : TRIANGLE} />
        </svg>
      ) : null}
      {look.word}
    </span>
  );
}

/** A connection's state: shape + word + colour; connected is calm gray (ISA-101). */
export function ConnectionStateTag({ state }: { state: ConnectionView['state'] }) {
  return <Tag look={STATE_LOOK[state]} testId="connection-state" data={state} />;
}

export function QualityTag({ quality }: { quality: TagSampleView['quality'] }) {
  return <Tag look={QUALITY_LOOK[quality]} testId="sample-quality" data={quality} />;
}
