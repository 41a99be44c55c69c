// Alarm messages are templates filled at the moment of each journal entry, so the journal keeps
// the value the operator actually saw. Only a fixed set of fields exists; definitions are
// checked against it at load time, so a typo never reaches the operator as '{vlaue}'.

export const TEMPLATE_FIELDS: readonly string[] = [
  'id',
  'tag',
  'value',
  'setpoint',
  'priority',
  'area',
  'zone',
];

const FIELD = /\{([^{}]*)\}/g;

/** the field names a template refers to */
export function templateFields(template: string): string[] {
  return [...template.matchAll(FIELD)].map((m) => m[1]!);
}

export type TemplateValues = Partial<Record<string, string | number | boolean | undefined>>;

/** Fill `{field}`s; a field without a value shows as '-' rather than 'undefined'. */
export function renderMessage(template: string, values: TemplateValues): string {
  return template.replace(FIELD, (_, name: string) => formatValue(values[name]));
}

function formatValue(value: string | number | boolean | undefined): string {
  if (value === undefined) return '-';
  // Three decimals are plenty for an alarm line and keep float noise (0.30000000000000004) out.
  if (typeof value === 'number') return String(Number(value.toFixed(3)));
  return String(value);
}
