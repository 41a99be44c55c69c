// The registry of agent kinds: for each kind its behaviour and the schema that validates
// (and fills defaults into) its sidecar config. The runtime looks kinds up here.
import type { z } from 'zod';
import type { AgentKind, Behaviour } from '../runtime/behaviour';
import { controlCenter, ControlCenterConfig } from './control-center';
import { hydrant, HydrantConfig } from './hydrant';
import { meter, MeterConfig } from './meter';
import { pipe, PipeConfig } from './pipe';
import { pump, PumpConfig } from './pump';
import { sensor, SensorConfig } from './sensor';
import { tank, TankConfig } from './tank';
import { valve, ValveConfig } from './valve';
import { zone, ZoneConfig } from './zone';

export interface KindEntry<S, C> {
  behaviour: Behaviour<S, C>;
  config: z.ZodType<C>;
}

const entry = <S, C>(behaviour: Behaviour<S, C>, config: z.ZodType<C>): KindEntry<S, C> => ({
  behaviour,
  config,
});

export const kinds = {
  pipe: entry(pipe, PipeConfig),
  sensor: entry(sensor, SensorConfig),
  pump: entry(pump, PumpConfig),
  valve: entry(valve, ValveConfig),
  hydrant: entry(hydrant, HydrantConfig),
  tank: entry(tank, TankConfig),
  meter: entry(meter, MeterConfig),
  zone: entry(zone, ZoneConfig),
  'control-center': entry(controlCenter, ControlCenterConfig),
} satisfies Record<AgentKind, { behaviour: { kind: AgentKind }; config: z.ZodType }>;

/** a kind's behaviour with its config already validated; what a runtime needs to host an agent */
export interface Hosted {
  kind: AgentKind;
  behaviour: Behaviour<unknown, unknown>;
  config: unknown;
}

/**
 * Validate a raw sidecar config for `kind`. Throws with the path of the first problem, so a
 * bad sidecar fails at load time, not when the agent first meets the bad field.
 */
export function configure(kind: AgentKind, raw: unknown): Hosted {
  const { behaviour, config } = kinds[kind] as unknown as KindEntry<unknown, unknown>;
  const parsed = config.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${kind} config: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { kind, behaviour, config: parsed.data };
}

export { controlCenter, hydrant, meter, pipe, pump, sensor, tank, valve, zone };
export {
  ControlCenterConfig,
  HydrantConfig,
  MeterConfig,
  PipeConfig,
  PumpConfig,
  SensorConfig,
  TankConfig,
  ValveConfig,
  ZoneConfig,
};
