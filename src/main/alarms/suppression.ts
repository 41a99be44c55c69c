// Suppression-by-design rules: "while pump P1 is Stopped, its low-flow alarm is expected and
// must not annunciate". Rules are resolved to concrete alarm ids once, at engine construction,
// so the hot path never matches patterns. A pattern that matches no alarm is a configuration
// error (usually a typo that would silently never suppress anything), so it throws.
import { AlarmConfigError, type SuppressionRule } from './definition';

/** '*' matches any run of characters (including '.'); everything else is literal */
export function idPattern(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export interface ResolvedRule {
  rule: SuppressionRule;
  alarmIds: string[];
}

export function resolveSuppressionRules(rules: readonly SuppressionRule[], alarmIds: readonly string[]) {
  const seen = new Set<string>();
  return rules.map((rule): ResolvedRule => {
    if (seen.has(rule.id)) throw new AlarmConfigError(`duplicate suppression rule id '${rule.id}'`);
    seen.add(rule.id);
    const matched = new Set<string>();
    for (const pattern of rule.suppress) {
      const re = idPattern(pattern);
      const hits = alarmIds.filter((id) => re.test(id));
      if (hits.length === 0) {
        throw new AlarmConfigError(`suppression rule '${rule.id}': '${pattern}' matches no alarm`);
      }
      hits.forEach((id) => matched.add(id));
    }
    return { rule, alarmIds: [...matched] };
  });
}
