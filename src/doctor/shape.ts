import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';

/** What a value is, judged by the same rules the scanner uses. */
export type Shape =
  | { readonly kind: 'key'; readonly rule: Rule }
  | { readonly kind: 'placeholder'; readonly rule: Rule }
  | { readonly kind: 'masked' }
  | { readonly kind: 'partial'; readonly prefix: string; readonly provider: string }
  | { readonly kind: 'unknown' };

/** Every known key prefix with its provider, longest first (sk-ant- before sk-). */
export const KNOWN_PREFIXES: readonly { prefix: string; provider: string }[] = [
  ...builtinRules.flatMap((r) => r.prefixes.map((prefix) => ({ prefix, provider: r.provider }))),
  { prefix: 'sk-ant-', provider: 'anthropic' },
].sort((a, b) => b.prefix.length - a.prefix.length);

export const PREFIXES = KNOWN_PREFIXES.map((p) => p.prefix);

/** A rule's pattern, anchored: the whole value must be the key (not for rules that need a context word or a partner). */
const whole = builtinRules
  .filter((rule) => !rule.context && !rule.pair)
  .map((rule) => ({ rule, re: new RegExp(`^(?:${rule.pattern.source})$`) }));

/** A page or an error message shows keys as sk-proj-...Abcd or sk-proj-****Abcd. */
const MASK = /\.\.\.|…|\*/;

export function shapeOf(value: string): Shape {
  if (MASK.test(value)) return { kind: 'masked' };
  const hit = whole.find(({ re }) => re.test(value));
  if (hit) return { kind: hit.rule.validate && !hit.rule.validate(value).ok ? 'placeholder' : 'key', rule: hit.rule };
  const known = KNOWN_PREFIXES.find((p) => value.startsWith(p.prefix));
  return known ? { kind: 'partial', ...known } : { kind: 'unknown' };
}
