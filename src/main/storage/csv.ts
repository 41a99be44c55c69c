// CSV lines for the historian export (RFC 4180 quoting, '\n' line ends, ISO-8601 UTC times).
import { qualityName } from './samples';

export const CSV_HEADER = 'time,tag,value,unit,quality\n';

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `tagField` and `unitField` are already escaped: they repeat on every line of a tag. */
export function csvLine(
  t: number,
  tagField: string,
  value: number,
  unitField: string,
  quality: number,
): string {
  return `${new Date(t).toISOString()},${tagField},${value},${unitField},${qualityName(quality)}\n`;
}
