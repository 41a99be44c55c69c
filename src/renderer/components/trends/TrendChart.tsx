import { useMemo, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TrendSeries } from '../../../shared/operations';
import { DASHES, type TrendColours } from './trendColours';
import {
  axisOfUnits,
  chartPoints,
  formatInstant,
  formatTick,
  selectionWindow,
  spanOf,
  unitOf,
  type TrendWindow,
} from './trendModel';

type Row = { t: number } & Record<string, number | [number, number] | undefined>;

/** Every series on one time axis: rows keyed by time, one value column per tag. */
function mergeRows(series: readonly TrendSeries[]): Row[] {
  const rows = new Map<number, Row>();
  series.forEach((s, i) => {
    for (const p of chartPoints(s)) {
      let row = rows.get(p.t);
      if (!row) rows.set(p.t, (row = { t: p.t }));
      row[`v${i}`] = p.v;
      if (p.range) row[`r${i}`] = p.range;
    }
  });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * The trend: one pen per tag (colour and dash), rollups with their min–max band, a y axis
 * per unit (two at most), and a drag across the plot to zoom into that stretch.
 */
export function TrendChart({
  series,
  window: w,
  colours,
  onZoom,
  height,
}: {
  series: readonly TrendSeries[];
  window: TrendWindow;
  colours: TrendColours;
  onZoom: (w: TrendWindow) => void;
  height: number | `${number}%`;
}) {
  const rows = useMemo(() => mergeRows(series), [series]);
  const units = series.map((s) => unitOf(s.tag, s.unit));
  const axes = axisOfUnits(units);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const span = spanOf(w);
  const labelOf = (state: unknown): number | null => {
    const label = (state as { activeLabel?: unknown } | null)?.activeLabel;
    const n = typeof label === 'number' ? label : Number(label);
    return Number.isFinite(n) ? n : null;
  };
  const rightUnits = [...axes].filter(([, side]) => side === 'right').map(([u]) => u);

  return (
    <div className="trend-chart" data-testid="trend-chart">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={rows}
          margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
          onMouseDown={(state) => {
            const t = labelOf(state);
            if (t !== null) setDrag({ a: t, b: t });
          }}
          onMouseMove={(state) => {
            const t = labelOf(state);
            if (drag && t !== null) setDrag({ a: drag.a, b: t });
          }}
          onMouseUp={() => {
            const chosen = drag ? selectionWindow(drag.a, drag.b) : null;
            setDrag(null);
            if (chosen) onZoom(chosen);
          }}
          onMouseLeave={() => setDrag(null)}
        >
          <CartesianGrid stroke={colours.grid} strokeDasharray="2 4" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[w.from, w.to]}
            allowDataOverflow
            tickFormatter={(t: number) => formatTick(t, span)}
            stroke={colours.axis}
            tick={{ fill: colours.axis, fontSize: 12 }}
            minTickGap={40}
          />
          <YAxis
            yAxisId="left"
            stroke={colours.axis}
            tick={{ fill: colours.axis, fontSize: 12 }}
            width={56}
            domain={['auto', 'auto']}
            label={{
              value: [...axes].find(([, side]) => side === 'left')?.[0] ?? '',
              angle: -90,
              position: 'insideLeft',
              fill: colours.axis,
              fontSize: 12,
            }}
          />
          {rightUnits.length > 0 ? (
            <YAxis
              yAxisId="right"
              orientation="right"
              stroke={colours.axis}
              tick={{ fill: colours.axis, fontSize: 12 }}
              width={56}
              domain={['auto', 'auto']}
              label={{
                value: rightUnits.join(', '),
                angle: 90,
                position: 'insideRight',
                fill: colours.axis,
                fontSize: 12,
              }}
            />
          ) : null}
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => formatInstant(Number(t))}
            formatter={(value, name, item) => {
              const i = Number(String(item.dataKey ?? '').slice(1));
              if (Array.isArray(value)) return [null, null];
              return [`${Number(value).toFixed(2)} ${units[i] ?? ''}`, name];
            }}
            contentStyle={{ background: colours.background, borderColor: colours.grid, color: colours.text }}
            labelStyle={{ color: colours.text }}
          />
          <Legend wrapperStyle={{ color: colours.text, fontSize: 12 }} />
          {series.map((s, i) =>
            s.tier === 'raw' ? null : (
              <Area
                key={`band-${s.tag}`}
                yAxisId={axes.get(units[i]!) ?? 'left'}
                dataKey={`r${i}`}
                name={`${s.tag} min–max`}
                legendType="none"
                stroke="none"
                fill={colours.pens[i % colours.pens.length]}
                fillOpacity={0.15}
                connectNulls
                isAnimationActive={false}
                activeDot={false}
              />
            ),
          )}
          {series.map((s, i) => (
            <Line
              key={s.tag}
              yAxisId={axes.get(units[i]!) ?? 'left'}
              dataKey={`v${i}`}
              name={`${s.tag}${units[i] ? ` (${units[i]})` : ''}`}
              stroke={colours.pens[i % colours.pens.length]}
              strokeDasharray={DASHES[i % DASHES.length]}
              strokeWidth={1.6}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {drag && drag.a !== drag.b ? (
            <ReferenceArea
              yAxisId="left"
              x1={Math.min(drag.a, drag.b)}
              x2={Math.max(drag.a, drag.b)}
              fill={colours.selection}
              fillOpacity={0.15}
              stroke={colours.selection}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
