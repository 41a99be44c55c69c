import './trends.css';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TrendSeries } from '../../../shared/operations';
import { request } from '../../api/client';
import { useConsoleStore } from '../../store/consoleStore';
import { setTrendTags, useDisplayStore, useHistoryTags } from '../../store/displayStore';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { TrendChart } from './TrendChart';
import { useTrendColours } from './trendColours';
import { exportCsv, exportPng } from './trendExport';
import {
  csvRefusal,
  formatInstant,
  HOUR_MS,
  isAtLatest,
  MAX_TAGS,
  panWindow,
  RANGES,
  spanOf,
  tierLabel,
  toggleTag,
  unitOf,
  windowEnding,
  zoomWindow,
  type TrendWindow,
} from './trendModel';

/** A live trend asks the historian again this often (wall time). */
const LIVE_REFRESH_MS = 2_000;
const MAX_POINTS = 1_500;

/** The tags a trend opens on when the operator has chosen none: a tank level and a pump flow. */
function defaultTags(all: readonly { tag: string }[]): string[] {
  const level = all.find((t) => t.tag.endsWith('.level'))?.tag;
  const pump = all.find((t) => /^PU-/.test(t.tag) && t.tag.endsWith('.flow'))?.tag;
  const picked = [level, pump].filter((t): t is string => t !== undefined);
  return picked.length > 0 ? picked : all.slice(0, 1).map((t) => t.tag);
}

/**
 * Trends from the historian: up to 8 tags, a range picker, live (following the simulated
 * clock) or historical, pan and zoom (buttons, keys, the mouse wheel, or a drag across the
 * plot), and export of the raw samples as CSV or the chart as PNG.
 */
export function TrendsView() {
  const allTags = useHistoryTags();
  const chosen = useDisplayStore((s) => s.trendTags);
  const tags = useMemo(() => (chosen ? [...chosen] : allTags ? defaultTags(allTags) : []), [chosen, allTags]);
  const tagsKey = tags.join('|');
  const [spanMs, setSpanMs] = useState(HOUR_MS);
  /** null: live, the window ends at the clock's now */
  const [fixed, setFixed] = useState<TrendWindow | null>(null);
  const [result, setResult] = useState<{ window: TrendWindow; series: TrendSeries[] } | null>(null);
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chartRef = useRef<HTMLDivElement>(null);
  const colours = useTrendColours();
  const hasClock = useConsoleStore((s) => s.clock !== null);
  const live = fixed === null;

  useEffect(() => {
    if (!hasClock || tagsKey === '') return;
    let current = true;
    const fetchWindow = (w: TrendWindow) =>
      request('history.query', { tags: tagsKey.split('|'), from: w.from, to: w.to, maxPoints: MAX_POINTS })
        .then(({ series }) => current && setResult({ window: w, series }))
        .catch((error: unknown) => current && reportFailure(error, 'Could not query the historian'));
    let timer: ReturnType<typeof setInterval> | undefined;
    if (fixed) void fetchWindow(fixed);
    else {
      const loadLive = () => {
        const now = useConsoleStore.getState().clock?.now;
        if (now !== undefined) void fetchWindow(windowEnding(now, spanMs));
      };
      loadLive();
      timer = setInterval(loadLive, LIVE_REFRESH_MS);
    }
    return () => {
      current = false;
      if (timer) clearInterval(timer);
    };
  }, [fixed, spanMs, tagsKey, hasClock]);

  const latest = () => useConsoleStore.getState().clock?.now ?? 0;
  const shown = result?.window ?? fixed ?? windowEnding(latest(), spanMs);
  /** a new window: live again when it reaches the present */
  const goTo = (w: TrendWindow) => {
    setSpanMs(spanOf(w));
    setFixed(isAtLatest(w, latest()) ? null : w);
  };
  const pan = (fraction: number) => goTo(panWindow(shown, fraction, latest()));
  const zoom = (factor: number) => goTo(zoomWindow(shown, factor, latest()));

  // the wheel zooms around the pointer (a non-passive listener, so the dock does not scroll)
  useEffect(() => {
    const el = chartRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = el.getBoundingClientRect();
      const plotLeft = box.left + 60;
      const plotWidth = Math.max(1, box.width - 60 - 76);
      const ratio = Math.min(1, Math.max(0, (event.clientX - plotLeft) / plotWidth));
      const w = result?.window;
      if (!w) return;
      const centre = w.from + spanOf(w) * ratio;
      goTo(zoomWindow(w, event.deltaY > 0 ? 1.25 : 0.8, latest(), centre));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const onChartKey = (event: KeyboardEvent) => {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(-0.25),
      ArrowRight: () => pan(0.25),
      '+': () => zoom(0.5),
      '=': () => zoom(0.5),
      '-': () => zoom(2),
      End: () => setFixed(null),
    };
    const act = actions[event.key];
    if (act) {
      event.preventDefault();
      act();
    }
  };

  const csvWhyNot = csvRefusal(tags, shown);
  const onCsv = async () => {
    setBusy(true);
    try {
      const rows = await exportCsv(tags, shown);
      setStatus(`Exported ${rows} rows as CSV`);
    } catch (error) {
      reportFailure(error, 'Could not export the CSV');
    } finally {
      setBusy(false);
    }
  };
  const onPng = async () => {
    const svg = chartRef.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
    if (!svg) return;
    setBusy(true);
    try {
      const title = `${tags.join(', ')} · ${formatInstant(shown.from)} – ${formatInstant(shown.to)}`;
      const pens = (result?.series ?? []).map((series, i) => ({
        name: `${series.tag} (${unitOf(series.tag, series.unit) || '—'})`,
        colour: colours.pens[i % colours.pens.length]!,
      }));
      await exportPng(svg, tags, shown, title, { background: colours.background, text: colours.text }, pens);
      setStatus('Exported the chart as PNG');
    } catch (error) {
      reportFailure(error, 'Could not export the PNG');
    } finally {
      setBusy(false);
    }
  };

  const visibleTags = (allTags ?? []).filter((t) =>
    t.tag.toLowerCase().includes(filter.trim().toLowerCase()),
  );
  const setTags = (next: string[]) => setTrendTags(next);

  return (
    <DockFrame
      title="Trends"
      testId="trends-view"
      className="is-display"
      tools={
        <div className="trend-tools">
          <div className="segmented" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button
                key={r.id}
                type="button"
                className="toolbar-button"
                data-testid={`trend-range-${r.id}`}
                aria-pressed={spanMs === r.spanMs}
                onClick={() => {
                  setSpanMs(r.spanMs);
                  setFixed(fixed ? windowEnding(fixed.to, r.spanMs) : null);
                }}
              >
                {r.label}
              </button>
            ))}
          </div>
          <div className="segmented" role="group" aria-label="Pan and zoom">
            <button
              type="button"
              className="toolbar-button"
              data-testid="trend-pan-back"
              aria-label="Back in time"
              title="Back in time (←)"
              onClick={() => pan(-0.5)}
            >
              ◀
            </button>
            <button
              type="button"
              className="toolbar-button"
              data-testid="trend-pan-forward"
              aria-label="Forward in time"
              title="Forward in time (→)"
              disabled={live}
              onClick={() => pan(0.5)}
            >
              ▶
            </button>
            <button
              type="button"
              className="toolbar-button"
              data-testid="trend-zoom-in"
              aria-label="Zoom in"
              title="Zoom in (+)"
              onClick={() => zoom(0.5)}
            >
              +
            </button>
            <button
              type="button"
              className="toolbar-button"
              data-testid="trend-zoom-out"
              aria-label="Zoom out"
              title="Zoom out (−)"
              onClick={() => zoom(2)}
            >
              −
            </button>
          </div>
          <button
            type="button"
            className="toolbar-button"
            data-testid="trend-live"
            aria-pressed={live}
            title="Follow the simulated clock (End)"
            onClick={() => setFixed(live ? shown : null)}
          >
            {live ? '● Live' : 'Live'}
          </button>
          <button
            type="button"
            className="toolbar-button"
            data-testid="trend-export-csv"
            disabled={busy || csvWhyNot !== null}
            title={csvWhyNot ?? 'Raw samples of the shown range as CSV'}
            onClick={() => void onCsv()}
          >
            CSV
          </button>
          <button
            type="button"
            className="toolbar-button"
            data-testid="trend-export-png"
            disabled={busy || tags.length === 0}
            title="The chart as a PNG image"
            onClick={() => void onPng()}
          >
            PNG
          </button>
        </div>
      }
    >
      <div className="trends-layout">
        <div className="trend-tags">
          <label className="trend-filter">
            <span className="visually-hidden">Filter tags</span>
            <input
              type="search"
              data-testid="trend-tag-filter"
              placeholder="Filter tags…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
          <p className="display-note" aria-live="polite">
            {tags.length} of {MAX_TAGS} tags
          </p>
          <ul className="trend-tag-list" aria-label="Historian tags">
            {allTags === null ? <li className="display-note">Loading tags…</li> : null}
            {visibleTags.map((t) => {
              const on = tags.includes(t.tag);
              return (
                <li key={t.tag}>
                  <label>
                    <input
                      type="checkbox"
                      data-testid="trend-tag"
                      data-tag={t.tag}
                      checked={on}
                      disabled={!on && tags.length >= MAX_TAGS}
                      onChange={() => setTags(toggleTag(tags, t.tag))}
                    />
                    {t.tag}
                    <span className="display-note"> {unitOf(t.tag, t.unit)}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        </div>
        <div className="trend-main">
          <div
            ref={chartRef}
            className="trend-plot"
            tabIndex={0}
            role="group"
            aria-label={`Trend of ${tags.join(', ') || 'no tag'}: arrow keys pan, + and − zoom, End goes live`}
            onKeyDown={onChartKey}
          >
            {result && tags.length > 0 && result.series.length > 0 ? (
              <TrendChart
                series={result.series}
                window={result.window}
                colours={colours}
                onZoom={goTo}
                height="100%"
              />
            ) : (
              <p className="dock-empty">
                {tags.length === 0 ? 'Choose up to 8 tags on the left.' : 'Asking the historian…'}
              </p>
            )}
          </div>
          <p className="trend-status" data-testid="trend-status">
            <span data-testid="trend-window">
              {formatInstant(shown.from)} – {formatInstant(shown.to)}
            </span>
            {result?.series.map((s) => (
              <span
                key={s.tag}
                data-testid="trend-series"
                data-tag={s.tag}
                data-tier={s.tier}
                data-points={s.points.length}
              >
                {' · '}
                {s.tag}: {s.points.length} {tierLabel(s)}
              </span>
            ))}
            {status ? <span role="status"> · {status}</span> : null}
          </p>
        </div>
      </div>
    </DockFrame>
  );
}
