import './faceplate.css';
import { useEffect, useMemo, useState } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendSeries } from '../../../shared/operations';
import { request } from '../../api/client';
import { useConsoleStore } from '../../store/consoleStore';
import { openTrend, useHistoryTags } from '../../store/displayStore';
import { useTrendColours } from '../trends/trendColours';
import { chartPoints, formatInstant, formatTick, HOUR_MS, quantityOf, unitOf } from '../trends/trendModel';

const REFRESH_MS = 2_000;
/** the quantities an operator looks at first on a faceplate */
const FIRST = ['pressure', 'level', 'flow', 'speed'];
const rank = (tag: string) => {
  const i = FIRST.indexOf(quantityOf(tag));
  return i < 0 ? FIRST.length : i;
};
const POINTS = 120;

/**
 * The faceplate's small trend: the last simulated hour of the element's first historian tag
 * (its instruments' quantities), refreshed every few seconds, and a way to the full Trends.
 */
export function FaceplateTrend({ elementId }: { elementId: string }) {
  const allTags = useHistoryTags();
  const tags = useMemo(
    () =>
      (allTags ?? [])
        .filter((t) => t.tag.startsWith(`${elementId}.`))
        .map((t) => t.tag)
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
    [allTags, elementId],
  );
  const [tag, setTag] = useState<string | null>(null);
  const shownTag = tag && tags.includes(tag) ? tag : (tags[0] ?? null);
  const [series, setSeries] = useState<TrendSeries | null>(null);
  const hasClock = useConsoleStore((s) => s.clock !== null);
  const colours = useTrendColours();

  useEffect(() => {
    if (!shownTag || !hasClock) return;
    let current = true;
    const load = () => {
      const clockNow = useConsoleStore.getState().clock?.now;
      if (clockNow === undefined) return;
      // the historian takes whole milliseconds
      const now = Math.round(clockNow);
      request('history.query', { tags: [shownTag], from: now - HOUR_MS, to: now, maxPoints: POINTS })
        .then(({ series: [s] }) => current && setSeries(s ?? null))
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [shownTag, hasClock]);

  if (allTags === null || tags.length === 0) return null;
  const points = series && series.tag === shownTag ? chartPoints(series) : [];
  const unit = shownTag ? unitOf(shownTag, series?.unit) : '';
  return (
    <section className="details-section" aria-label="Trend" data-testid="faceplate-trend">
      <h3>Last hour</h3>
      {tags.length > 1 ? (
        <div className="faceplate-tags segmented" role="group" aria-label="Quantity">
          {tags.map((t) => (
            <button
              key={t}
              type="button"
              className="toolbar-button small-button"
              aria-pressed={t === shownTag}
              onClick={() => setTag(t)}
            >
              {t.slice(elementId.length + 1)}
            </button>
          ))}
        </div>
      ) : null}
      <div
        className="faceplate-chart"
        role="img"
        aria-label={`${shownTag} over the last hour: ${points.length} points`}
        data-testid="faceplate-chart"
        data-points={points.length}
      >
        {points.length > 0 ? (
          <ResponsiveContainer width="100%" height={110}>
            <LineChart data={points} margin={{ top: 4, right: 6, bottom: 0, left: 0 }}>
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => formatTick(t, HOUR_MS)}
                stroke={colours.axis}
                tick={{ fill: colours.axis, fontSize: 11 }}
                minTickGap={30}
              />
              <YAxis
                width={40}
                domain={['auto', 'auto']}
                stroke={colours.axis}
                tick={{ fill: colours.axis, fontSize: 11 }}
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => formatInstant(Number(t))}
                formatter={(v) => [`${Number(v).toFixed(2)} ${unit}`, shownTag]}
                contentStyle={{
                  background: colours.background,
                  borderColor: colours.grid,
                  color: colours.text,
                }}
              />
              <Line
                dataKey="v"
                stroke={colours.pens[0]}
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="details-note">No samples in the last hour yet.</p>
        )}
      </div>
      <button
        type="button"
        className="link-button"
        data-testid="faceplate-open-trend"
        onClick={() => openTrend(tags)}
      >
        Open in Trends
      </button>
    </section>
  );
}
