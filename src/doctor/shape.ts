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

const anchored = (rule: Rule) => ({ rule, re: new RegExp(`^(?:${rule.pattern.source})$`) });

/** A rule's pattern, anchored: the whole value must be the key (not for rules that need a context word or a partner). */
const whole = builtinRules.filter((rule) => !rule.context && !rule.pair).map(anchored);

/**
 * Keys with no prefix of their own (Mistral's 32 characters, DeepSeek's sk- and
 * hex) are keys only where a word names the provider: the variable that holds
 * the value is that word, so they are tried for their own provider's variable.
 */
const contextual = builtinRules.filter((rule) => rule.context && !rule.pair).map(anchored);

/** A page or an error message shows keys as sk-proj-...Abcd or sk-proj-****Abcd. */
const MASK = /\.\.\.|\u2026|\*/;

/** What `value` is; `provider` is the one whose variable holds it, when it is known. */
export function shapeOf(value: string, provider?: string): Shape {
  if (MASK.test(value)) return { kind: 'masked' };
  const own = contextual.filter(({ rule }) => rule.provider === provider);
  const hit = [...own, ...whole].find(({ re }) => re.test(value));
  if (hit) return { kind: hit.rule.validate && !hit.rule.validate(value).ok ? 'placeholder' : 'key', rule: hit.rule };
  const known = KNOWN_PREFIXES.find((p) => value.startsWith(p.prefix));
  return known ? { kind: 'partial', ...known } : { kind: 'unknown' };
}
