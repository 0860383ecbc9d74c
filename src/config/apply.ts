import type { MatchFilter } from '../engine/filters.js';
import type { Matcher } from '../pipeline.js';
import { shown, type Shown } from '../redact.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import type { Config, CustomRuleConfig } from './config.js';

/** A custom rule is a rule like the built-in ones, without examples of its own. */
function customRule(c: CustomRuleConfig): Rule {
  return {
    id: c.id,
    provider: c.provider,
    title: c.title,
    severity: c.severity,
    keywords: c.keywords,
    pattern: c.pattern,
    prefixes: [],
    examples: { match: () => [], ignore: () => [] },
  };
}

/**
 * The rule set a config asks for: the built-in rules and the custom ones,
 * less those set to off, with changed severities applied to copies (rules
 * are data shared by every scan; they are never changed in place). A config
 * that changes nothing gives `base` itself, so that the scan and the
 * redaction step share one engine for it (engineFor).
 */
export function rulesFrom(config: Config, base: readonly Rule[] = builtinRules): readonly Rule[] {
  if (config.customRules.length === 0 && !base.some((rule) => config.rules[rule.id] !== undefined && config.rules[rule.id] !== rule.severity)) return base;
  return [...base, ...config.customRules.map(customRule)].flatMap((rule) => {
    const setting = config.rules[rule.id];
    if (setting === 'off') return [];
    return setting && setting !== rule.severity ? [{ ...rule, severity: setting }] : [rule];
  });
}

/** The same settings for matches of other matchers (the .env linter): off drops them, a severity replaces theirs. */
export function withRuleSettings(matcher: Matcher, config: Config): Matcher {
  return (unit) =>
    matcher(unit).flatMap((m) => {
      const setting = config.rules[m.rule.id];
      if (setting === 'off') return [];
      return setting && setting !== m.rule.severity ? [{ ...m, rule: { ...m.rule, severity: setting } }] : [m];
    });
}

/** The config's allow-list: drops a match whose secret one of the patterns matches, naming the pattern as the reason. */
export function allowFilter(config: Config): MatchFilter | undefined {
  if (config.allow.length === 0) return undefined;
  // The pattern is the user's own config text, shown like any input.
  const reasons = config.allow.map((re, i) => shown(`allow[${i}] /${re.source}/`));
  return (m) => {
    if (m.kind !== 'secret') return undefined;
    const at = config.allow.findIndex((re) => re.test(m.secret));
    return at === -1 ? undefined : { by: 'config', reason: reasons[at] as Shown };
  };
}
