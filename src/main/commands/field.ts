// The driver side of the command path: how a command reaches the field and how we read back
// whether the field obeyed. Drivers (simulated plant, Modbus, OPC UA, …) implement FieldWriter.
import type { CommandValue, ReadbackExpectation } from './targets';

export type Quality = 'good' | 'uncertain' | 'bad';

/** what the field reports about a target right now */
export interface Readback {
  /** discrete state: 'running', 'stopped', 'open', 'closed', 'auto', … */
  state?: string;
  /** analog value: speed %, position %, setpoint, … */
  value?: number;
  quality: Quality;
}

export interface FieldWriter {
  /** send the command; resolves once the driver has handed it over, rejects when it could not */
  write(target: string, action: string, value?: CommandValue): Promise<void>;
  read(target: string): Promise<Readback>;
}

/**
 * Whether `readback` shows the commanded result. Only a good-quality readback verifies a
 * command: an uncertain value is not proof that the pump is really running.
 */
export function readbackConfirms(
  expect: ReadbackExpectation,
  commanded: CommandValue | undefined,
  readback: Readback,
): boolean {
  if (readback.quality !== 'good') return false;
  switch (expect.kind) {
    case 'state':
      return readback.state === expect.equals;
    case 'state-is-value':
      return readback.state !== undefined && readback.state === String(commanded);
    case 'value':
      return (
        typeof commanded === 'number' &&
        readback.value !== undefined &&
        Math.abs(readback.value - commanded) <= expect.tolerance
      );
  }
}
