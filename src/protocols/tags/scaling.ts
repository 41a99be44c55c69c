// Raw → engineering units. Either a linear span (a 4–20 mA card reporting 0…27648 for 0…10 bar)
// or a factor and offset (a register in tenths of a percent). The inverse is used for writes.

export type Scaling =
  | { kind: 'none' }
  | { kind: 'linear'; rawMin: number; rawMax: number; euMin: number; euMax: number; clamp: boolean }
  | { kind: 'factor'; factor: number; offset: number };

export function toEngineering(raw: number, s: Scaling): number {
  switch (s.kind) {
    case 'none':
      return raw;
    case 'factor':
      return raw * s.factor + s.offset;
    case 'linear': {
      const eu = s.euMin + ((raw - s.rawMin) * (s.euMax - s.euMin)) / (s.rawMax - s.rawMin);
      if (!s.clamp) return eu;
      const lo = Math.min(s.euMin, s.euMax);
      const hi = Math.max(s.euMin, s.euMax);
      return Math.min(hi, Math.max(lo, eu));
    }
  }
}

export function toRaw(eu: number, s: Scaling): number {
  switch (s.kind) {
    case 'none':
      return eu;
    case 'factor':
      return (eu - s.offset) / s.factor;
    case 'linear':
      return s.rawMin + ((eu - s.euMin) * (s.rawMax - s.rawMin)) / (s.euMax - s.euMin);
  }
}
