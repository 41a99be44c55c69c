import { describe, expect, it } from 'vitest';
import { formatSeconds, gradeText, gradeWord, scoreRows } from './scoreFormat';

const score = {
  events: 1,
  secondsToAlarm: 95,
  secondsToAcknowledge: 420,
  unacknowledged: 0,
  secondsToIsolate: null,
  leaksNotIsolated: 1,
  waterLostM3: 12.345,
  wrongCommands: 1,
  commands: 4,
  grade: 62.4,
};

describe('trainee score', () => {
  it('reads durations in seconds, minutes and hours', () => {
    expect(formatSeconds(45.4)).toBe('45 s');
    expect(formatSeconds(125)).toBe('2 min 05 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
    expect(formatSeconds(null)).toBe('—');
  });

  it('grades in words', () => {
    expect(gradeWord(95)).toBe('Excellent');
    expect(gradeWord(75)).toBe('Good');
    expect(gradeWord(50)).toBe('Fair');
    expect(gradeWord(10)).toBe('Needs work');
    expect(gradeText(62.4)).toBe('62 / 100 · Fair');
  });

  it('lists the debrief and flags what went wrong', () => {
    const rows = Object.fromEntries(scoreRows(score).map((r) => [r.key, r]));
    expect(rows['to-alarm']).toMatchObject({ value: '1 min 35 s' });
    expect(rows['to-ack']).toMatchObject({ value: '7 min 00 s', abnormal: 'slow' });
    expect(rows['to-isolate']).toMatchObject({ value: '—' });
    expect(rows['to-isolate']!.abnormal).toBeUndefined();
    expect(rows['not-isolated']).toMatchObject({ value: '1', abnormal: 'still leaking' });
    expect(rows['water-lost']).toMatchObject({ value: '12.3 m³' });
    expect(rows['wrong']).toMatchObject({ value: '1 of 4', abnormal: 'refused or failed' });
    expect(rows['unacked']!.abnormal).toBeUndefined();
  });
});
