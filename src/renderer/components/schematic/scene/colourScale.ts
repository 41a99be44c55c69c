// Optional colour modes for the pipes. The default is gray (ISA-101: colour means
// abnormal). An engineer analysing the network can colour pipes by pressure or velocity;
// the ramp is a blue sequential one, kept clear of the amber and red that mean warning and
// alarm, and every mode comes with a legend of its bins.
export type ColourMode = 'status' | 'pressure' | 'velocity';

export interface ColourBin {
  /** lower bound, inclusive (the first bin is open below) */
  from: number;
  colour: string;
  label: string;
}

export interface ColourScale {
  mode: Exclude<ColourMode, 'status'>;
  title: string;
  unit: string;
  bins: readonly ColourBin[];
}

/** Dark to light: more pressure / faster water reads brighter. */
const RAMP = ['#34506e', '#3f6f93', '#4f8fb0', '#6fb0c6', '#9fd0db', '#d2ecef'] as const;

const bins = (bounds: readonly number[], unit: string): ColourBin[] =>
  bounds.map((from, i) => {
    const next = bounds[i + 1];
    const label =
      i === 0 ? `< ${next} ${unit}` : next === undefined ? `≥ ${from} ${unit}` : `${from}–${next} ${unit}`;
    return { from: i === 0 ? -Infinity : from, colour: RAMP[i]!, label };
  });

export const COLOUR_SCALES: Record<Exclude<ColourMode, 'status'>, ColourScale> = {
  pressure: { mode: 'pressure', title: 'Pressure', unit: 'm', bins: bins([0, 10, 20, 35, 50, 70], 'm') },
  velocity: {
    mode: 'velocity',
    title: 'Velocity',
    unit: 'm/s',
    bins: bins([0, 0.1, 0.3, 0.6, 1, 1.5], 'm/s'),
  },
};

/** Index of the bin `value` falls in, or -1 for no value (drawn gray). */
export function binOf(scale: ColourScale, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return -1;
  let bin = 0;
  for (let i = 1; i < scale.bins.length; i++) if (value >= scale.bins[i]!.from) bin = i;
  return bin;
}
