import { COLOUR_SCALES, type ColourMode } from './scene/colourScale';

const MODES: { mode: ColourMode; label: string }[] = [
  { mode: 'status', label: 'Status' },
  { mode: 'pressure', label: 'Pressure' },
  { mode: 'velocity', label: 'Velocity' },
];

/**
 * How pipes are coloured: "Status" (gray, colour only for abnormal: the operator's
 * default) or by pressure or velocity for analysis, with the legend of the bins.
 */
export function ColourLegend({ mode, onChange }: { mode: ColourMode; onChange: (mode: ColourMode) => void }) {
  const scale = mode === 'status' ? null : COLOUR_SCALES[mode];
  return (
    <div className="colour-legend" data-testid="colour-legend">
      <div className="colour-modes" role="group" aria-label="Colour pipes by">
        {MODES.map(({ mode: m, label }) => (
          <button
            key={m}
            type="button"
            aria-pressed={m === mode}
            data-testid={`colour-${m}`}
            onClick={() => onChange(m)}
          >
            {label}
          </button>
        ))}
      </div>
      {scale ? (
        <ul className="colour-bins" aria-label={`${scale.title} (${scale.unit})`}>
          {scale.bins.map((bin) => (
            <li key={bin.label}>
              <span className="swatch" style={{ background: bin.colour }} />
              {bin.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
