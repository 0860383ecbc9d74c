import type { Verdict } from './rule.js';

const KEEP: Verdict = { ok: true };
const drop = (reason: string): Verdict => ({ ok: false, reason });

/** Words that mark a documentation value, never an issued key. */
const PLACEHOLDER_WORDS =
  /(?:your|my)[_-]?(?:api[_-]?)?key|key[_-]?here|example|placeholder|replace[_-]?me|changeme|dummy|redacted|insert|xxxxx|\*\*\*|\.\.\./i;

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The longest run of one repeated character. */
function longestRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = i > 0 && text[i] === text[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** The longest run of characters that each follow the one before (abcdef, 123456). */
function longestSequence(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = i > 0 && text.charCodeAt(i) === text.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Drops placeholders and look-alikes: placeholder words, long runs of one
 * character, and bodies whose entropy is far below that of an issued key.
 * `body` is the random part of the key (prefix and fixed markers removed).
 */
export function checkBody(body: string, minEntropy = 3.5): Verdict {
  if (PLACEHOLDER_WORDS.test(body)) return drop('placeholder word');
  if (longestRun(body) >= 6) return drop('repeated character');
  if (longestSequence(body) >= 6) return drop('sequence');
  if (entropy(body) < minEntropy) return drop('low entropy');
  return KEEP;
}

/** A validator for keys of the form prefix + body, where `strip` removes the fixed parts. */
export function notPlaceholder(strip: (secret: string) => string, minEntropy?: number) {
  return (secret: string): Verdict => checkBody(strip(secret), minEntropy);
}

export type Validator = (secret: string) => Verdict;

/** Every validator must keep the candidate; the first to drop it gives the reason. */
export function all(...validators: readonly Validator[]): Validator {
  return (secret) => {
    for (const v of validators) {
      const verdict = v(secret);
      if (!verdict.ok) return verdict;
    }
    return KEEP;
  };
}

/** A validator from a predicate: keep when it holds, else drop for `reason`. */
export const when =
  (holds: (secret: string) => boolean, reason: string): Validator =>
  (secret) =>
    holds(secret) ? KEEP : drop(reason);

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * A random body of mixed case: at least `min` upper-case and `min`
 * lower-case letters (and `digits` digits). An identifier in camelCase or a
 * word has far fewer capitals than a random key of the same length.
 */
export const mixedCase = (strip: (s: string) => string, min: number, digits = 0): Validator =>
  when((s) => {
    const b = strip(s);
    return count(b, /[A-Z]/g) >= min && count(b, /[a-z]/g) >= min && count(b, /[0-9]/g) >= digits;
  }, 'not random: too few of each letter case or digit');

/** Hex that is not all digits nor all letters: a real 32-hex key has both. */
export const hexMix = (strip: (s: string) => string): Validator =>
  when((s) => /[0-9]/.test(strip(s)) && /[a-f]/i.test(strip(s)), 'hex of one kind only');
