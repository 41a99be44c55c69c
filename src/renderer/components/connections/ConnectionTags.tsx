import { type Severity, StatusTag } from '../StatusTag';
import type { ConnectionView, TagSampleView } from '../../../shared/operations';

type Look = { word: string; severity: Severity };

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
  return <StatusTag severity={look.severity} word={look.word} testId={testId} data={{ value: data }} />;
}

/** A connection's state: shape + word + colour; connected is calm gray (ISA-101). */
export function ConnectionStateTag({ state }: { state: ConnectionView['state'] }) {
  return <Tag look={STATE_LOOK[state]} testId="connection-state" data={state} />;
}

export function QualityTag({ quality }: { quality: TagSampleView['quality'] }) {
  return <Tag look={QUALITY_LOOK[quality]} testId="sample-quality" data={quality} />;
}
