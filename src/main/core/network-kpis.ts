// The L1 overview's figures for the live network: water balance and minimum night flow per
// DMA (as the zone coordinators report them), pressure compliance from the instruments'
// latest readings, energy and cost from the pumps' meters, and the agents' health.
import type { Bus } from '../../agents/runtime/bus';
import type { Clock } from '../../agents/runtime';
import type { AgentRuntime } from '../../agents/runtime/runtime';
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { Reading } from '../../protocols/sim/sensors';
import type { NetworkKpis as Kpis } from '../../shared/operations';

/**
 * A time-of-use tariff to start from when no scenario sets one, per kWh: cheap at night,
 * dear in the evening peak (the shape, not any utility's prices).
 */
export const DEFAULT_TARIFF: readonly number[] = Array.from({ length: 24 }, (_, h) =>
  h < 6 ? 0.08 : h >= 17 && h < 21 ? 0.28 : 0.16,
);

interface ZoneFigures {
  inflowLps: number | null;
  lossesLps: number | null;
  nrwPct: number | null;
  mnfLps: number | null;
  mnfBaselineLps: number | null;
}

type Limits = { low?: number; high?: number };

export class NetworkKpis {
  private readonly zoneFigures = new Map<string, ZoneFigures>();
  private readonly latestPressure = new Map<string, number>();
  private readonly limits = new Map<string, Limits>();
  private readonly unsubscribe: (() => void)[] = [];
  private energy = { day: -1, kwh: 0, cost: 0 };

  constructor(
    private readonly plant: SimulatedPlant,
    private readonly clock: Clock,
    private readonly runtime: AgentRuntime,
    bus: Bus,
    private readonly utcOffsetMinutes: number,
  ) {
    for (const { id, kind } of runtime.directory.all()) {
      if (kind !== 'sensor') continue;
      const config = runtime.config(id) as {
        type: string;
        element: string;
        thresholds?: { warningLow?: number; warningHigh?: number };
      };
      if (config.type === 'pressure')
        this.limits.set(config.element, {
          low: config.thresholds?.warningLow,
          high: config.thresholds?.warningHigh,
        });
    }
    this.unsubscribe.push(
      bus.subscribe('zone/+/balance', (topic, payload) => {
        const b = payload as { inflowL: number; lossesL: number; nrwPct: number | null; windowMs: number };
        const seconds = b.windowMs / 1000;
        this.zone(topic).inflowLps = seconds > 0 ? b.inflowL / seconds : null;
        // without customer meters the consumption is unknown, so are the losses (the zone says so with nrwPct null)
        this.zone(topic).lossesLps = seconds > 0 && b.nrwPct !== null ? b.lossesL / seconds : null;
        this.zone(topic).nrwPct = b.nrwPct;
      }),
      bus.subscribe('zone/+/mnf', (topic, payload) => {
        const m = payload as { mnfLps: number; baselineLps: number };
        this.zone(topic).mnfLps = m.mnfLps;
        this.zone(topic).mnfBaselineLps = m.baselineLps;
      }),
      plant.onStep(() => this.meterEnergy()),
    );
  }

  /** every instrument reading; only pressures count here */
  ingest(readings: readonly Reading[]): void {
    for (const r of readings)
      if (r.quantity === 'pressure' && r.quality !== 'bad') this.latestPressure.set(r.element, r.value);
  }

  snapshot(abnormalAgents: number): Kpis {
    const model = this.plant.twin.model;
    const health = this.runtime.health();
    const pumps = this.plant.twin.pumpReadings();
    return {
      time: this.clock.now(),
      zones: model.zones.map((z) => ({
        id: z.id,
        name: z.name,
        state: this.runtime.directory.has(z.id) ? this.runtime.status(z.id) : 'Normal',
        ...(this.zoneFigures.get(z.id) ?? emptyZone()),
      })),
      pressure: this.pressure(),
      energy: {
        powerKw: round(pumps.reduce((sum, p) => sum + p.powerKw, 0)),
        todayKwh: round(this.energy.kwh),
        todayCost: round(this.energy.cost),
        pricePerKwh: this.price(),
      },
      pumps: pumps.map((p) => ({ ...p, mode: this.plant.controlMode(p.id) })),
      agents: {
        total: health.agents,
        abnormal: abnormalAgents,
        restarting: health.byLifecycle.restarting ?? 0,
        offline: health.byLifecycle.offline ?? 0,
        errors: health.errors,
        restarts: health.restarts,
      },
    };
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private zone(topic: string): ZoneFigures {
    const id = topic.split('/')[1]!;
    let figures = this.zoneFigures.get(id);
    if (!figures) this.zoneFigures.set(id, (figures = emptyZone()));
    return figures;
  }

  private pressure(): Kpis['pressure'] {
    let low = 0;
    let high = 0;
    let lowest: Kpis['pressure']['lowest'] = null;
    for (const [element, value] of this.latestPressure) {
      const limits = this.limits.get(element) ?? {};
      if (limits.low !== undefined && value < limits.low) low++;
      if (limits.high !== undefined && value > limits.high) high++;
      if (!lowest || value < lowest.valueM) lowest = { element, valueM: value };
    }
    const n = this.latestPressure.size;
    return {
      instruments: this.limits.size,
      compliantPct: n ? round((100 * (n - low - high)) / n) : null,
      low,
      high,
      lowest,
    };
  }

  /** integrate the pumps' power over each hydraulic step; a new local day starts from zero */
  private meterEnergy(): void {
    const day = Math.floor((this.clock.now() + this.utcOffsetMinutes * 60_000) / 86_400_000);
    if (day !== this.energy.day) this.energy = { day, kwh: 0, cost: 0 };
    const kw = this.plant.twin.pumpReadings().reduce((sum, p) => sum + p.powerKw, 0);
    const kwh = (kw * this.plant.twin.stepS) / 3600;
    this.energy.kwh += kwh;
    this.energy.cost += kwh * this.price();
  }

  private price(): number {
    const prices = this.plant.tariff ?? DEFAULT_TARIFF;
    const minutes = Math.floor((this.clock.now() / 60_000 + this.utcOffsetMinutes) % 1440);
    return prices[Math.floor(((minutes + 1440) % 1440) / 60)] ?? 0;
  }
}

function emptyZone(): ZoneFigures {
  return { inflowLps: null, lossesLps: null, nrwPct: null, mnfLps: null, mnfBaselineLps: null };
}

const round = (x: number) => Math.round(x * 100) / 100;
