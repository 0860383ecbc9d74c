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
