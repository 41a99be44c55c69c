// Number formatting for the operator: fixed decimals per quantity (so digits do not jump
// around as values change), SI units spelled out, and an em dash where there is no value.

const NO_VALUE = '—';

export function formatNumber(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const text = value.toFixed(decimals);
  // "-0.0" reads as a tiny reverse flow; it is zero.
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

function withUnit(value: number | undefined, decimals: number, unit: string): string {
  const text = formatNumber(value, decimals);
  return text === NO_VALUE ? text : `${text} ${unit}`;
}

/** L/s */
export const formatFlow = (value: number | undefined) => withUnit(value, 1, 'L/s');
/** m/s */
export const formatVelocity = (value: number | undefined) => withUnit(value, 2, 'm/s');
/** metres of water column, heads, levels, elevations */
export const formatMetres = (value: number | undefined) => withUnit(value, 1, 'm');
/** pipe lengths */
export const formatLength = (value: number | undefined) => withUnit(value, 0, 'm');
/** pipe and tank diameters in mm */
export const formatMillimetres = (value: number | undefined) => withUnit(value, 0, 'mm');
export const formatPercent = (value: number | undefined) => withUnit(value, 0, '%');
/** pump relative speed, 1 = nominal */
export const formatRelativeSpeed = (value: number | undefined) => withUnit(value, 2, '×');
