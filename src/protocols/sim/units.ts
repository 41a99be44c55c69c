// EPANET computes in the units of the .inp's FLOW UNITS option: US customary for
// CFS/GPM/MGD/IMGD/AFD, metric otherwise. The console speaks SI only (m, mm, L/s, m/s),
// so every value crossing out of the twin is converted here, once.
import { FlowUnits } from 'epanet-js';

/** litres per second in one unit of each EPANET flow unit */
const litresPerSecond: Record<FlowUnits, number> = {
  [FlowUnits.CFS]: 28.316846592,
  [FlowUnits.GPM]: 0.0630901964,
  [FlowUnits.MGD]: 43.812636389,
  [FlowUnits.IMGD]: 52.616782,
  [FlowUnits.AFD]: 14.276410468,
  [FlowUnits.LPS]: 1,
  [FlowUnits.LPM]: 1 / 60,
  [FlowUnits.MLD]: 1e6 / 86_400,
  [FlowUnits.CMH]: 1000 / 3600,
  [FlowUnits.CMD]: 1000 / 86_400,
};

export interface UnitFactors {
  /** source flow unit name, e.g. "GPM" */
  name: string;
  /** source flow → L/s */
  flow: number;
  /** source length (ft or m) → m; also heads, elevations, tank levels */
  length: number;
  /** source pipe diameter (in or mm) → mm */
  diameter: number;
  /** source velocity (ft/s or m/s) → m/s */
  velocity: number;
  /** source pressure unit (psi, kPa, m, bar, ft: EPANET 2.3's PRESSURE option) → m of water */
  pressure: number;
}

/** EPANET 2.3's EN_PRESS_UNITS option code; epanet-js has no enum member for it yet */
export const PRESSURE_UNITS_OPTION = 25;

/** m of water column in one unit of each EN_PRESS_UNITS value: psi, kPa, m, bar, ft */
const metresPerPressureUnit = [0.703_070, 0.101_972, 1, 10.197_162, 0.3048];

export function unitFactors(units: FlowUnits, pressureUnits: number): UnitFactors {
  const us = units <= FlowUnits.AFD;
  return {
    name: FlowUnits[units] ?? String(units),
    flow: litresPerSecond[units],
    length: us ? 0.3048 : 1,
    diameter: us ? 25.4 : 1,
    velocity: us ? 0.3048 : 1,
    pressure: metresPerPressureUnit[pressureUnits] ?? (us ? 0.703_07 : 1),
  };
}
