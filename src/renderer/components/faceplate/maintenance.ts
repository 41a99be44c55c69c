// The maintenance facts of a faceplate, from the agent's attributes (the network sidecar's
// material, install date, inspections…): labelled, in the order a maintainer reads them.
type Attributes = Readonly<Record<string, string | number | boolean>>;

export interface MaintenanceFact {
  key: string;
  label: string;
  value: string;
  abnormal?: string;
}

const FACTS: { key: string; label: string; format?: (v: string | number | boolean) => string }[] = [
  { key: 'installDate', label: 'Installed' },
  { key: 'material', label: 'Material', format: (v) => String(v).replace(/_/g, ' ') },
  { key: 'conditionScore', label: 'Condition', format: (v) => `${v} / 100` },
  { key: 'pumpType', label: 'Type' },
  { key: 'valveType', label: 'Type' },
  { key: 'actuator', label: 'Actuator' },
  { key: 'type', label: 'Measures' },
  { key: 'pressureRatingM', label: 'Pressure rating', format: (v) => `${v} m` },
  { key: 'capacityLps', label: 'Capacity', format: (v) => `${v} L/s` },
  { key: 'capacityM3', label: 'Capacity', format: (v) => `${Math.round(Number(v))} m³` },
  { key: 'powerKw', label: 'Rated power', format: (v) => `${v} kW` },
  { key: 'ratedSpeedRpm', label: 'Rated speed', format: (v) => `${v} rpm` },
  { key: 'efficiencyPct', label: 'Rated efficiency', format: (v) => `${v} %` },
  { key: 'operatingHours', label: 'Operating hours', format: (v) => `${Math.round(Number(v))} h` },
  { key: 'outlets', label: 'Outlets' },
  { key: 'flowCapacityLps', label: 'Flow capacity', format: (v) => `${v} L/s` },
  { key: 'accessibility', label: 'Access' },
  { key: 'lastInspection', label: 'Last inspection' },
  { key: 'inspectionIntervalDays', label: 'Inspection every', format: (v) => `${v} days` },
  { key: 'lastCalibration', label: 'Last calibration' },
  { key: 'calibrationIntervalDays', label: 'Calibration every', format: (v) => `${v} days` },
  { key: 'batteryPct', label: 'Battery', format: (v) => `${v} %` },
  { key: 'accuracy', label: 'Accuracy' },
];

/** Below this condition score a pipe or valve counts as degraded (the pipe agent's default). */
export const DEGRADED_BELOW = 60;
/** Below this battery level an instrument reports Low_Battery. */
export const LOW_BATTERY_PCT = 20;

export function maintenanceFacts(attributes: Attributes): MaintenanceFact[] {
  const facts: MaintenanceFact[] = [];
  for (const { key, label, format } of FACTS) {
    const value = attributes[key];
    if (value === undefined || value === '') continue;
    const fact: MaintenanceFact = { key, label, value: format ? format(value) : String(value) };
    const degradedBelow = Number(attributes['degradedBelow'] ?? DEGRADED_BELOW);
    if (key === 'conditionScore' && Number(value) < degradedBelow) fact.abnormal = 'degraded';
    if (key === 'batteryPct' && Number(value) < LOW_BATTERY_PCT) fact.abnormal = 'low battery';
    facts.push(fact);
  }
  return facts;
}
