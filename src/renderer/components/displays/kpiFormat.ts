// How the overview shows the network's KPIs: fixed decimals, an em dash where there is no
// figure, and the comparisons that make a figure abnormal (ISA-101: only those get colour).
import type { NetworkKpis } from '../../../shared/operations';
import { formatNumber } from '../../readings/units';

type Zone = NetworkKpis['zones'][number];
type Pump = NetworkKpis['pumps'][number];

const NO_VALUE = '—';

export const formatLps = (v: number | null | undefined) =>
  v === null || v === undefined ? NO_VALUE : `${formatNumber(v, 1)} L/s`;
export const formatPct = (v: number | null | undefined, decimals = 0) =>
  v === null || v === undefined ? NO_VALUE : `${formatNumber(v, decimals)} %`;
export const formatKw = (v: number | null | undefined) =>
  v === null || v === undefined ? NO_VALUE : `${formatNumber(v, 1)} kW`;
export const formatKwh = (v: number | null | undefined) =>
  v === null || v === undefined ? NO_VALUE : `${formatNumber(v, 0)} kWh`;
/** a cost in the tariff's currency (the core does not name it) */
export const formatCost = (v: number | null | undefined) =>
  v === null || v === undefined ? NO_VALUE : formatNumber(v, 2);
export const formatPrice = (v: number | null | undefined) =>
  v === null || v === undefined ? NO_VALUE : `${formatNumber(v, 3)} /kWh`;

/** MNF this far above the zone's baseline suggests new leakage. */
export const MNF_ALERT_RATIO = 1.2;
/** pressure compliance below this share of instruments is abnormal */
export const COMPLIANCE_TARGET_PCT = 95;
/** a running pump below this hydraulic efficiency is worth a look */
export const LOW_EFFICIENCY_PCT = 60;
/** non-revenue water above this share of the inflow is abnormal */
export const NRW_ALERT_PCT = 25;

export interface Figure {
  key: string;
  label: string;
  value: string;
  /** why the figure is abnormal, in words (colour is never the only cue) */
  abnormal?: string;
}

/** MNF against baseline as a ratio, or null without both figures. */
export function mnfRatio(zone: Pick<Zone, 'mnfLps' | 'mnfBaselineLps'>): number | null {
  if (zone.mnfLps === null || zone.mnfBaselineLps === null || zone.mnfBaselineLps <= 0) return null;
  return zone.mnfLps / zone.mnfBaselineLps;
}

/** A DMA's water balance and night flow as figures. */
export function zoneFigures(zone: Zone): Figure[] {
  const ratio = mnfRatio(zone);
  const figures: Figure[] = [
    { key: 'inflow', label: 'Inflow', value: formatLps(zone.inflowLps) },
    { key: 'losses', label: 'Losses', value: formatLps(zone.lossesLps) },
    {
      key: 'nrw',
      label: 'NRW',
      value: formatPct(zone.nrwPct),
      ...(zone.nrwPct !== null && zone.nrwPct > NRW_ALERT_PCT && { abnormal: `above ${NRW_ALERT_PCT} %` }),
    },
    {
      key: 'mnf',
      label: 'Min. night flow',
      value: formatLps(zone.mnfLps),
      ...(ratio !== null && ratio > MNF_ALERT_RATIO && { abnormal: `${formatNumber(ratio, 1)}× baseline` }),
    },
    { key: 'mnf-baseline', label: 'MNF baseline', value: formatLps(zone.mnfBaselineLps) },
  ];
  return figures;
}

/** "97 % (28 of 29)" */
export function complianceText(pressure: NetworkKpis['pressure']): string {
  if (pressure.compliantPct === null) return NO_VALUE;
  const compliant = Math.round((pressure.compliantPct / 100) * pressure.instruments);
  return `${formatPct(pressure.compliantPct)} (${compliant} of ${pressure.instruments})`;
}

export function pressureFigures(pressure: NetworkKpis['pressure']): Figure[] {
  const figures: Figure[] = [
    {
      key: 'compliance',
      label: 'Compliance',
      value: complianceText(pressure),
      ...(pressure.compliantPct !== null &&
        pressure.compliantPct < COMPLIANCE_TARGET_PCT && { abnormal: `below ${COMPLIANCE_TARGET_PCT} %` }),
    },
    {
      key: 'low',
      label: 'Below limit',
      value: String(pressure.low),
      ...(pressure.low > 0 && { abnormal: 'low pressure' }),
    },
    {
      key: 'high',
      label: 'Above limit',
      value: String(pressure.high),
      ...(pressure.high > 0 && { abnormal: 'high pressure' }),
    },
    {
      key: 'lowest',
      label: 'Lowest',
      value: pressure.lowest
        ? `${formatNumber(pressure.lowest.valueM, 1)} m at ${pressure.lowest.element}`
        : NO_VALUE,
    },
  ];
  return figures;
}

export function energyFigures(energy: NetworkKpis['energy']): Figure[] {
  return [
    { key: 'power', label: 'Power now', value: formatKw(energy.powerKw) },
    { key: 'today-kwh', label: 'Energy today', value: formatKwh(energy.todayKwh) },
    { key: 'today-cost', label: 'Cost today', value: formatCost(energy.todayCost) },
    { key: 'price', label: 'Tariff now', value: formatPrice(energy.pricePerKwh) },
  ];
}

/** A pump's line: state word, flow, power, efficiency (abnormal if low while running). */
export function pumpFigures(pump: Pump): {
  state: string;
  flow: string;
  power: string;
  efficiency: string;
  abnormal?: string;
} {
  const low = pump.running && pump.efficiencyPct !== null && pump.efficiencyPct < LOW_EFFICIENCY_PCT;
  return {
    state: pump.running ? 'Running' : 'Stopped',
    flow: formatLps(pump.flowLps),
    power: formatKw(pump.powerKw),
    efficiency: pump.running ? formatPct(pump.efficiencyPct) : NO_VALUE,
    ...(low && { abnormal: `efficiency below ${LOW_EFFICIENCY_PCT} %` }),
  };
}

export function agentFigures(agents: NetworkKpis['agents']): Figure[] {
  const count = (key: keyof typeof agents, label: string, why: string): Figure => ({
    key,
    label,
    value: String(agents[key]),
    ...(agents[key] > 0 && { abnormal: why }),
  });
  return [
    { key: 'total', label: 'Agents', value: String(agents.total) },
    count('abnormal', 'Abnormal state', 'agents in an abnormal state'),
    count('restarting', 'Restarting', 'agents restarting'),
    count('offline', 'Offline', 'agents offline'),
    count('errors', 'Errors', 'agent errors'),
    count('restarts', 'Restarts', 'agent restarts'),
  ];
}
