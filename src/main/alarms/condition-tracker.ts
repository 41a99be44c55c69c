// Turns the samples of one alarm's tag into its process condition: the raw condition of the
// alarm type (with deadband), then on/off delays. It knows nothing of acks, shelving or the
// journal; the engine reacts to `onChange`.
//
// Quality: a bad sample says nothing about the process, so analog and discrete alarms hold
// their condition (the comms-loss alarm on the tag is what tells the operator). Uncertain
// samples are evaluated: an uncertain pressure of 2 bar is still worth an alarm.
import type { Cancel, Clock } from '../../agents/runtime/clock';
import {
  deviationCondition,
  discreteCondition,
  limitCondition,
  rateOfChangeCondition,
  ratePerMinute,
} from './condition';
import type { AlarmDefinition, CommsLossAlarm, Quality, TagValue } from './definition';
import { OnOffDelay } from './on-off-delay';

const isNumber = (v: TagValue): v is number => typeof v === 'number' && Number.isFinite(v);

export class ConditionTracker {
  /** the latest sample, whatever its quality, for messages and faceplates */
  value: TagValue | undefined;
  quality: Quality | undefined;
  private raw = false;
  private readonly delay: OnOffDelay;
  /** last usable numeric sample: rate of change needs the previous one, deviation re-evaluates on reference changes */
  private lastNumber: { value: number; time: number } | undefined;
  private reference: number | undefined;
  /** comms loss: the time of the last sample that was not bad */
  private lastGood: number;
  private cancelCommsCheck: Cancel | undefined;

  constructor(
    readonly def: AlarmDefinition,
    private readonly clock: Clock,
    onChange: (active: boolean, time: number) => void,
  ) {
    this.delay = new OnOffDelay(clock, def.onDelayS * 1000, def.offDelayS * 1000, onChange);
    this.reference = def.type === 'deviation' ? def.referenceValue : undefined;
    // A tag that never reports at all is a comms loss too: the engine's start is its last sign of life.
    this.lastGood = clock.now();
    if (def.type === 'comms_loss') this.checkComms(def);
  }

  /** the process condition after delays */
  get active(): boolean {
    return this.delay.active;
  }

  sample(value: TagValue, quality: Quality, time: number): void {
    this.value = value;
    this.quality = quality;
    const def = this.def;
    if (def.type === 'comms_loss') {
      if (quality !== 'bad') this.lastGood = Math.max(this.lastGood, time);
      this.checkComms(def);
      return;
    }
    if (quality === 'bad') {
      this.lastNumber = undefined; // a gap: the next rate must not span it
      return;
    }
    if (def.type === 'discrete') return this.setRaw(discreteCondition(def, value), time);
    if (!isNumber(value)) return;
    const previous = this.lastNumber;
    if (previous && time <= previous.time) return; // duplicate or out-of-order sample
    this.lastNumber = { value, time };
    if (def.type === 'limit') return this.setRaw(limitCondition(def, value, this.raw), time);
    if (def.type === 'deviation') return this.evaluateDeviation(time);
    if (previous) {
      const rate = ratePerMinute(previous, value, time);
      if (rate !== undefined) this.setRaw(rateOfChangeCondition(def, rate, this.raw), time);
    }
  }

  /** a sample of a deviation alarm's reference tag */
  referenceSample(value: TagValue, quality: Quality, time: number): void {
    // Without a usable reference there is nothing to compare with: hold, and wait for the next one.
    this.reference = quality !== 'bad' && isNumber(value) ? value : undefined;
    this.evaluateDeviation(time);
  }

  dispose(): void {
    this.delay.dispose();
    this.cancelCommsCheck?.();
  }

  private evaluateDeviation(time: number): void {
    if (this.def.type !== 'deviation' || this.reference === undefined || !this.lastNumber) return;
    this.setRaw(deviationCondition(this.def, this.lastNumber.value, this.reference, this.raw), time);
  }

  private setRaw(raw: boolean, time: number): void {
    this.raw = raw;
    this.delay.set(raw, time);
  }

  /**
   * Silent and bad are the same to the operator — no usable data — so one rule covers both:
   * comms are lost once no good sample has arrived for `afterS`. Otherwise check again when they
   * could be.
   */
  private checkComms(def: CommsLossAlarm): void {
    const now = this.clock.now();
    const lostAt = this.lastGood + def.afterS * 1000;
    const lost = now >= lostAt;
    this.setRaw(lost, lost ? lostAt : now);
    // lastGood only moves forward, so a check already pending is never too late: it will find
    // the newer sample and re-arm itself. Not re-arming on every sample keeps the clock's heap small.
    if (lost || this.cancelCommsCheck) return;
    this.cancelCommsCheck = this.clock.at(lostAt, () => {
      this.cancelCommsCheck = undefined;
      this.checkComms(def);
    });
  }
}
