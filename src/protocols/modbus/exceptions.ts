// Modbus exception codes as an operator-readable reason on a bad-quality sample.
const NAMES: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

export function exceptionReason(code: number): string {
  return `modbus exception ${code} (${NAMES[code] ?? 'unknown'})`;
}

/** the exception code in a modbus-serial error, if it is one */
export function exceptionCode(error: unknown): number | undefined {
  const code = (error as { modbusCode?: unknown } | null)?.modbusCode;
  return typeof code === 'number' ? code : undefined;
}

export function isTimeout(error: unknown): boolean {
  const e = error as { errno?: unknown; name?: unknown } | null;
  return e?.errno === 'ETIMEDOUT' || e?.name === 'TransactionTimedOutError';
}

/** the error means the link itself is gone (reconnect), not just that one request failed */
export function isLinkDown(error: unknown): boolean {
  const e = error as { errno?: unknown; name?: unknown; code?: unknown } | null;
  return (
    e?.name === 'PortNotOpenError' ||
    e?.errno === 'ECONNREFUSED' ||
    e?.code === 'ECONNRESET' ||
    e?.code === 'EPIPE' ||
    e?.code === 'ECONNREFUSED'
  );
}
