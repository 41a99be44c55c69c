// The simulated plant as the command path's field: what can be commanded on a network (its
// pumps, valves and, as isolation valves, its pipes), the default interlocks, and a
// FieldWriter that writes to the plant and reads back what it did — the role a PLC plays
// behind a Modbus or OPC UA driver on a real station.
//
// A command to a pump takes it out of the station's automatic control, as the Remote position
// of a panel's Local/Remote switch does (otherwise the station's level controls would undo an
// operator's stop at the next step). The switch itself is a target of its own, `<pump>.mode`.
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { NetworkModel } from '../../shared/network';
import type { FieldWriter, Readback } from '../commands/field';
import type { InterlockInput, TagValue } from '../commands/interlocks';
import type { CommandTargetInput, CommandValue } from '../commands/targets';

const MODE = '.mode';
/** derived tag of a pump: 'open' while any other link at its outlet is open */
const DISCHARGE = '.discharge';
const state = (equals: string) => ({ readback: { kind: 'state' as const, equals } });

/**
 * Every commandable element of the network, with its actions and what their readback must
 * show. Closing a DMA's metered inlet cuts a whole zone's supply: that takes a second
 * operator's approval (dual approval), whoever asks, an agent included.
 */
export function plantTargets(model: NetworkModel): CommandTargetInput[] {
  const inletOf = new Map(
    model.zones.flatMap((z) => z.inlets.map((inlet) => [inlet, z.name || z.id] as const)),
  );
  const close = (id: string) =>
    inletOf.has(id)
      ? { critical: true, readback: { kind: 'state' as const, equals: 'closed' } }
      : state('closed');
  const inletNote = (id: string) => (inletOf.has(id) ? `, inlet of ${inletOf.get(id)}` : '');
  return model.links.flatMap((link): CommandTargetInput[] => {
    if (link.kind === 'pump')
      return [
        {
          id: link.id,
          kind: 'pump',
          description: `pump ${link.from} → ${link.to}`,
          actions: {
            start: state('running'),
            stop: state('stopped'),
            set_speed: {
              value: { type: 'number', min: 0, max: 120, unit: '%' },
              readback: { kind: 'value', tolerance: 1 },
            },
          },
        },
        {
          id: link.id + MODE,
          kind: 'controller',
          description: `${link.id} Local/Remote: auto (the station's controls) or remote (the console)`,
          actions: {
            set_mode: {
              value: { type: 'enum', options: ['auto', 'remote'] },
              readback: { kind: 'state-is-value' },
            },
          },
        },
      ];
    if (link.kind === 'valve') {
      const pressure = link.valveType === 'PRV' || link.valveType === 'PSV' || link.valveType === 'PBV';
      return [
        {
          id: link.id,
          kind: 'valve',
          description: `${link.valveType ?? ''} valve ${link.from} → ${link.to}${inletNote(link.id)}`.trim(),
          actions: {
            open: state('open'),
            close: close(link.id),
            ...(pressure && {
              set_setting: {
                value: { type: 'number' as const, min: 0, max: 200, unit: 'm' },
                readback: { kind: 'value' as const, tolerance: 0.2 },
              },
            }),
          },
        },
      ];
    }
    // a pipe closes through the isolation valves at its ends (the leak issue's valve layer)
    return [
      {
        id: link.id,
        kind: 'valve',
        description: `isolation valves of pipe ${link.from} – ${link.to}${inletNote(link.id)}`,
        actions: { open: state('open'), close: close(link.id) },
      },
    ];
  });
}

/**
 * Interlocks a utility starts from: no pump start against a closed discharge (every other
 * pipe and valve at its outlet closed): the pump would run dead-headed and overheat. Not
 * overridable: it protects the equipment.
 */
export function plantInterlocks(model: NetworkModel): InterlockInput[] {
  return model.links
    .filter((l) => l.kind === 'pump')
    .map((pump) => ({
      id: `${pump.id}-discharge-open`,
      when: { target: pump.id, action: ['start', 'set_speed'] },
      require: { tag: `${pump.id}${DISCHARGE}`, notEquals: 'closed' },
      message: `the discharge of ${pump.id} at ${pump.to} is closed: open a valve there before starting it`,
    }));
}

/** The plant behind the command path. Reads come from the latest hydraulic solution. */
export class PlantField implements FieldWriter {
  private readonly kinds: Map<string, string>;
  /** pump id → the other links at its outlet node */
  private readonly dischargeOf = new Map<string, string[]>();

  constructor(private readonly plant: SimulatedPlant) {
    const links = plant.twin.model.links;
    this.kinds = new Map(links.map((l) => [l.id, l.kind]));
    // A pump in parallel (its outlet at the same node) is no way out: its check valve lets
    // water through only from its own suction, so it cannot carry this pump's flow away.
    const parallel = (l: (typeof links)[number], pump: (typeof links)[number]) =>
      l.kind === 'pump' && l.to === pump.to;
    for (const pump of links.filter((l) => l.kind === 'pump'))
      this.dischargeOf.set(
        pump.id,
        links
          .filter((l) => l !== pump && !parallel(l, pump) && (l.from === pump.to || l.to === pump.to))
          .map((l) => l.id),
      );
  }

  async write(target: string, action: string, value?: CommandValue): Promise<void> {
    const plant = this.plant;
    if (target.endsWith(MODE) && action === 'set_mode') {
      const pump = target.slice(0, -MODE.length);
      this.kindOf(pump);
      plant.setControlMode(pump, value === 'auto' ? 'auto' : 'remote');
      return;
    }
    if (this.kindOf(target) === 'pump') plant.setControlMode(target, 'remote');
    switch (action) {
      case 'start':
        plant.actuate({ link: target, action: 'open' });
        // a pump the station had stopped by speed (0 %) must turn when started
        if (plant.twin.linkState(target).setting <= 0)
          plant.actuate({ link: target, action: 'speed', value: 1 });
        return;
      case 'stop':
      case 'close':
        plant.actuate({ link: target, action: 'close' });
        return;
      case 'open':
        plant.actuate({ link: target, action: 'open' });
        return;
      case 'set_speed':
        plant.actuate({ link: target, action: 'speed', value: Number(value) / 100 });
        if (Number(value) > 0) plant.actuate({ link: target, action: 'open' });
        return;
      case 'set_setting':
        plant.actuate({ link: target, action: 'setting', value: Number(value) });
        return;
      default:
        throw new Error(`${target}: the plant has no action ${action}`);
    }
  }

  async read(target: string): Promise<Readback> {
    if (target.endsWith(MODE))
      return { state: this.plant.controlMode(target.slice(0, -MODE.length)), quality: 'good' };
    const kind = this.kindOf(target);
    const { open, setting } = this.plant.twin.linkState(target);
    if (kind === 'pump') {
      const running = open && setting > 0;
      return {
        state: running ? 'running' : 'stopped',
        value: running ? Math.round(setting * 1000) / 10 : 0,
        quality: 'good',
      };
    }
    return { state: open ? 'open' : 'closed', ...(kind === 'valve' && { value: setting }), quality: 'good' };
  }

  /**
   * The plant's state for interlocks: `<link>.state` (running/stopped, open/closed),
   * `<pump>.mode` (auto/remote) and `<pump>.discharge` (open/closed). Undefined for anything else: an interlock on an unknown tag
   * refuses, it never passes by default.
   */
  stateOf(tag: string): TagValue | undefined {
    const dot = tag.lastIndexOf('.');
    const id = tag.slice(0, dot);
    const kind = this.kinds.get(id);
    if (kind === undefined) return undefined;
    const property = tag.slice(dot + 1);
    if (property === 'mode') return this.plant.controlMode(id);
    if (property === 'discharge') {
      const outlets = this.dischargeOf.get(id) ?? [];
      return outlets.some((l) => this.plant.twin.linkState(l).open) ? 'open' : 'closed';
    }
    if (property !== 'state') return undefined;
    const { open, setting } = this.plant.twin.linkState(id);
    if (kind === 'pump') return open && setting > 0 ? 'running' : 'stopped';
    return open ? 'open' : 'closed';
  }

  private kindOf(id: string): string {
    const kind = this.kinds.get(id);
    if (kind === undefined) throw new Error(`no element ${id} in the plant`);
    return kind;
  }
}
