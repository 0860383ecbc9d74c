import { START } from '../rules/patterns.js';
import type { Rule } from '../rules/rule.js';
import type { KeywordSpec } from './keyword-set.js';

/**
 * What the engine searches for, from the rules: on its own so that a file
 * reader thread can run the very same search (keyword-set.ts) as a prefilter
 * without loading the rules or the engine.
 */

/**
 * A context word in the spellings people write it in: as given (DeepSeek),
 * lower case, upper case (MISTRAL_API_KEY) and capitalised. A handful of
 * exact searches keeps the search native and linear; a word in any other
 * mix of cases (mIsTrAl) is not found.
 */
export function caseVariants(word: string): string[] {
  // Only a plain word is written capitalised (Mistral); a name with separators is lower or upper case (co_api_key).
  const capitalised = /^[A-Za-z]+$/.test(word) ? [word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()] : [];
  return [...new Set([word, word.toLowerCase(), word.toUpperCase(), ...capitalised])];
}

/** The byte strings searched for a rule: its keywords, in their case variants when they are context words. */
export const searchKeywords = (rule: Pick<Rule, 'keywords' | 'context'>): readonly string[] =>
  rule.context ? rule.keywords.flatMap(caseVariants) : rule.keywords;

/**
 * Whether the rule's key begins with the keyword after the usual key start
 * (START): then a hit inside a word is none. Only for rules whose pattern says
 * so itself and whose known prefixes begin with the keyword; any other rule
 * (a context word, a marker in mid-key, a custom rule) takes every hit.
 */
const startsKey = (rule: Rule, keyword: string): boolean =>
  !rule.context && rule.pattern.source.startsWith(START) && rule.prefixes.some((p) => p.startsWith(keyword));

/**
 * The distinct byte strings searched for a rule set (what a reader thread's
 * prefilter looks for too): a keyword starts a key only if it does for every
 * rule that shares it.
 */
export function keywordsOf(rules: readonly Rule[]): KeywordSpec[] {
  const specs = new Map<string, boolean>();
  for (const rule of rules) {
    for (const text of searchKeywords(rule)) specs.set(text, (specs.get(text) ?? true) && startsKey(rule, text));
  }
  return [...specs].map(([text, starts]) => ({ text, startsKey: starts }));
}
