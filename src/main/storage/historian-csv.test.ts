import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SampleInput } from './historian';
import { openTestHistorian, T0, TempDir } from './test-support';

describe('SqliteHistorian CSV export', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('writes a header, ISO-8601 UTC times, quoted fields where needed, one tag after the other', async () => {
    const { historian } = openTestHistorian(dir);
    await historian.defineTag('zone "A", pressure', 'm');
    await historian.defineTag('flow', 'L/s');
    historian.append([
      { tag: 'zone "A", pressure', t: T0 + 1_500, value: 42.25 },
      { tag: 'flow', t: T0, value: -0.5, quality: 'uncertain' },
      { tag: 'zone "A", pressure', t: T0, value: 41, quality: 'bad' },
      { tag: 'flow', t: T0 + 60_000, value: 3 }, // at `to`: excluded
    ]);
    await historian.flush();
    const csv = await historian.exportCsv(['zone "A", pressure', 'flow'], T0, T0 + 60_000);
    expect(csv).toBe(
      'time,tag,value,unit,quality\n' +
        '2024-01-01T00:00:00.000Z,"zone ""A"", pressure",41,m,bad\n' +
        '2024-01-01T00:00:01.500Z,"zone ""A"", pressure",42.25,m,good\n' +
        '2024-01-01T00:00:00.000Z,flow,-0.5,L/s,uncertain\n',
    );
    await historian.close();
  });

  it('streams to a slow writer with backpressure and writes the same text', async () => {
    const { historian } = openTestHistorian(dir);
    const samples: SampleInput[] = [];
    for (let i = 0; i < 25_000; i++) samples.push({ tag: 'p', t: T0 + i * 1_000, value: i / 8 });
    historian.append(samples);
    await historian.flush();

    const chunks: string[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 1_024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        queueMicrotask(done);
      },
    });
    slow.on('drain', () => drains++);
    const summary = await historian.exportCsv(['p'], T0, T0 + 25_000 * 1_000, slow);
    expect(summary).toEqual({ rows: 25_000 });
    expect(drains).toBeGreaterThan(0);
    const text = chunks.join('');
    expect(text).toBe(await historian.exportCsv(['p'], T0, T0 + 25_000 * 1_000));
    expect(text.split('\n').at(-2)).toBe('2024-01-01T06:56:39.000Z,p,3124.875,,good');
    await historian.close();
  });

  it('refuses unknown tags before writing anything', async () => {
    const { historian } = openTestHistorian(dir);
    await expect(historian.exportCsv(['missing'], T0, T0 + 1)).rejects.toThrow('unknown tag "missing"');
    await historian.close();
  });
});
