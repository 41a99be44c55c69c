import type { Severity } from '../../../readings/abnormal';

/**
 * The ISA-101 style abnormal indicator drawn around a glyph: a diamond with "!". Alarm is
 * a filled diamond, warning an outlined one, so the two differ in shape as well as colour.
 */
export function AbnormalMarker({ severity }: { severity: Severity }) {
  return (
    <svg className={`abnormal-marker is-${severity}`} viewBox="-12 -12 24 24" aria-hidden="true">
      <path d="M 0 -11 L 11 0 L 0 11 L -11 0 Z" />
      <text x="0" y="4.5" textAnchor="middle">
        !
      </text>
    </svg>
  );
}
