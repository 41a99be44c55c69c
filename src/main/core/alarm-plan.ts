// The alarms the live console annunciates, derived from its agents the way a commissioning
// engineer would start: a discrete alarm for each abnormal agent state an operator must act
// on, and limit alarms on every pressure instrument from its warning and critical thresholds.
// Priorities follow the ISA-18.2 guideline: few urgent ones (a pump's emergency stop, a tank
// running dry), most low. Each alarm names its network element in `area`, so the console can
// zoom to it.
import type { AlarmDefinitionInput, SuppressionRuleInput } from '../alarms/definition';

export interface PlannedAgent {
  id: string;
  kind: string;
  zone?: string | undefined;
  /** the agent's validated attributes (a sensor: type, element, thresholds) */
  config: unknown;
}

type Priority = 1 | 2 | 3 | 4;
type StateAlarm = { state: string; priority: Priority; message: string };

/** abnormal states that need an operator, per agent kind; `{area}` is the element's id */
const STATE_ALARMS: Record<string, readonly StateAlarm[]> = {
  pump: [
    { state: 'Emergency_Stop', priority: 1, message: 'Pump {area} emergency stop' },
    {
      state: 'Warning',
      priority: 3,
      message: 'Pump {area} running abnormally (vibration, temperature or efficiency)',
    },
  ],
  tank: [
    { state: 'Critical_Low', priority: 1, message: 'Tank {area} critically low' },
    { state: 'Overflowing', priority: 2, message: 'Tank {area} overflowing' },
    { state: 'Low', priority: 3, message: 'Tank {area} low' },
    { state: 'High', priority: 4, message: 'Tank {area} high' },
  ],
  pipe: [{ state: 'Critical', priority: 2, message: 'Pipe {area}: burst or large leak suspected' }],
  valve: [
    { state: 'Stuck', priority: 2, message: 'Valve {area} stuck: it did not reach its commanded position' },
  ],
  hydrant: [
    { state: 'In_Use', priority: 3, message: 'Hydrant {area} in use: fire flow drawn' },
    { state: 'Out_of_Service', priority: 4, message: 'Hydrant {area} out of service' },
  ],
  sensor: [
    { state: 'Error', priority: 3, message: 'Instrument {id}: faulty readings' },
    { state: 'Offline', priority: 3, message: 'Instrument {id}: no data (communication lost)' },
    { state: 'Low_Battery', priority: 4, message: 'Instrument {id}: battery low' },
  ],
  meter: [
    {
      state: 'Possible_Leak',
      priority: 4,
      message: 'Meter {area}: continuous flow for 24 h, premise leak likely',
    },
    { state: 'Tampered', priority: 3, message: 'Meter {area}: tampering detected' },
  ],
  zone: [
    { state: 'Emergency', priority: 1, message: 'Zone {area} in emergency' },
    { state: 'Isolating', priority: 2, message: 'Zone {area}: isolating a leak' },
    {
      state: 'Alert',
      priority: 3,
      message: 'Zone {area}: abnormal (suspected leak, night flow, tank or pump)',
    },
  ],
};

/** pressure limits at the tap, from the instrument's thresholds: m of water column */
const PRESSURE_LIMITS = [
  {
    key: 'criticalLow',
    limit: 'lolo',
    priority: 2,
    message: 'Pressure at {area} critically low: {value} m (limit {setpoint} m)',
  },
  {
    key: 'warningLow',
    limit: 'lo',
    priority: 4,
    message: 'Pressure at {area} low: {value} m (limit {setpoint} m)',
  },
  {
    key: 'criticalHigh',
    limit: 'hihi',
    priority: 2,
    message: 'Pressure at {area} critically high: {value} m (limit {setpoint} m)',
  },
  {
    key: 'warningHigh',
    limit: 'hi',
    priority: 4,
    message: 'Pressure at {area} high: {value} m (limit {setpoint} m)',
  },
] as const;

/** the tag an agent's state is fed to the alarm engine under */
export const agentStateTag = (agentId: string) => `agent.${agentId}.state`;

/** the tag a zone's leak incident state is fed to the alarm engine under (see console-alarms.ts) */
export const incidentStateTag = (zone: string) => `incident.${zone}.state`;

/** alarms a cut-off area raises as a matter of course: its pipes, its low pressures, its loggers reading zero */
const EXPECTED_WHILE_ISOLATED = /\.(critical|pressure\.lo|pressure\.lolo|error)$/;

export function planAlarms(agents: readonly PlannedAgent[]): {
  alarms: AlarmDefinitionInput[];
  suppressionRules: SuppressionRuleInput[];
} {
  const alarms: AlarmDefinitionInput[] = [];
  for (const agent of agents) {
    const element = agent.kind === 'sensor' ? sensorOf(agent.config).element : agent.id;
    // a zone coordinator's own alarms belong to its zone
    const zoneId = agent.kind === 'zone' ? agent.id : agent.zone;
    const zone = zoneId ? { zone: zoneId } : {};
    for (const s of STATE_ALARMS[agent.kind] ?? []) {
      alarms.push({
        id: `${agent.id}.${s.state.toLowerCase()}`,
        tag: agentStateTag(agent.id),
        type: 'discrete',
        equals: s.state,
        priority: s.priority,
        message: s.message,
        area: element,
        ...zone,
        // a pump that trips must be seen at once; the rest must persist for a moment
        onDelayS: s.priority === 1 ? 0 : 10,
      });
    }
    if (agent.kind === 'sensor') alarms.push(...pressureAlarms(agent), ...levelAlarms(agent));
  }
  return { alarms, suppressionRules: isolationRules(alarms) };
}

/**
 * By design: while a zone isolates or has isolated a leak (by its own coordinator, or the leak
 * watch's incident), the area cut off is expected to look wrong — pipes Critical, pressures
 * low, loggers stuck at zero; the zone's and the incident's own alarms carry the event.
 */
function isolationRules(alarms: readonly AlarmDefinitionInput[]): SuppressionRuleInput[] {
  const expectedByZone = new Map<string, string[]>();
  for (const a of alarms) {
    if (a.zone === undefined || !EXPECTED_WHILE_ISOLATED.test(a.id)) continue;
    expectedByZone.set(a.zone, [...(expectedByZone.get(a.zone) ?? []), a.id]);
  }
  return [...expectedByZone].flatMap(([zone, ids]) =>
    [
      { by: 'zone', tag: agentStateTag(zone) },
      { by: 'incident', tag: incidentStateTag(zone) },
    ].flatMap(({ by, tag }) =>
      ['Isolating', 'Isolated'].map((state) => ({
        id: `${zone}.${by}-${state.toLowerCase()}-holds-area`,
        when: { tag, equals: state },
        suppress: ids,
        releaseDelayS: 120,
      })),
    ),
  );
}

function pressureAlarms(agent: PlannedAgent): AlarmDefinitionInput[] {
  const sensor = sensorOf(agent.config);
  if (sensor.type !== 'pressure') return [];
  return PRESSURE_LIMITS.flatMap((p) => {
    const setpoint = sensor.thresholds?.[p.key];
    if (setpoint === undefined) return [];
    return [
      {
        id: `${sensor.element}.pressure.${p.limit}`,
        tag: `${sensor.element}.pressure`,
        type: 'limit' as const,
        limit: p.limit,
        setpoint,
        priority: p.priority,
        message: p.message,
        area: sensor.element,
        ...(agent.zone ? { zone: agent.zone } : {}),
        deadband: 1,
        // the twin's transients (a pump starting) last a step or two; an alarm must outlast them
        onDelayS: 60,
        offDelayS: 30,
      },
    ];
  });
}

/**
 * A tank level falling faster than any evening peak draws it down points at a burst main or
 * an outlet left open: 0.1 m a minute (6 m an hour) for five minutes.
 */
function levelAlarms(agent: PlannedAgent): AlarmDefinitionInput[] {
  const sensor = sensorOf(agent.config);
  if (sensor.type !== 'level') return [];
  return [
    {
      id: `${sensor.element}.level.falling`,
      tag: `${sensor.element}.level`,
      type: 'rate_of_change',
      ratePerMinute: 0.1,
      direction: 'falling',
      priority: 2,
      message: 'Tank {area} level falling fast: {value} m (burst or outlet open?)',
      area: sensor.element,
      ...(agent.zone ? { zone: agent.zone } : {}),
      onDelayS: 300,
    },
  ];
}

interface SensorAttributes {
  type: string;
  element: string;
  thresholds?: Partial<Record<(typeof PRESSURE_LIMITS)[number]['key'], number>>;
}

function sensorOf(config: unknown): SensorAttributes {
  return config as SensorAttributes;
}
