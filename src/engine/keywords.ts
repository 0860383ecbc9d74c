import type { Rule } from '../rules/rule.js';

/**
 * The engine's keyword search, on its own so that a file reader thread can run
 * the very same search as a prefilter without loading the rules or the engine.
 */

export interface KeywordAnchor {
  readonly needle: Buffer;
  /** The part of the needle searched for, and where it starts in the needle. */
  readonly anchor: Buffer;
  readonly anchorAt: number;
}

/**
 * Bytes that occur often in source text, most frequent first: whitespace,
 * lower-case letters in English order, and the commonest punctuation of code.
 * Any other byte (capitals, digits, `-`...) counts as rarer than all of these.
 */
const COMMON_BYTES = Buffer.from(' \n\t.,;()=_"\'/etaoinsrhldcumfpgwybvkxjqz');
/** The higher, the rarer: the most frequent byte scores 0, a byte not listed the most. */
const rarity = (byte: number) => {
  const rank = COMMON_BYTES.indexOf(byte);
  return rank === -1 ? COMMON_BYTES.length : rank;
};
/** Longer needles move Buffer#indexOf from its memchr scan to a Boyer-Moore search, measured slower here. */
const MAX_ANCHOR = 6;
const MIN_ANCHOR = 3;

/**
 * What to search for to find a keyword: at most MAX_ANCHOR bytes starting at
 * its rarest byte. Buffer#indexOf runs memchr on the needle's first byte, so a
 * needle that starts with a common byte (the `s` of `sk-ant-`) stops it every
 * few bytes; measured on the bench corpus, `-ant-` is searched 3x faster than
 * `sk-ant-`, and `T3Blbk` 2.5x faster than the whole 8-byte OpenAI marker.
 */
export function anchorOf(keyword: string): KeywordAnchor {
  const needle = Buffer.from(keyword);
  let anchorAt = 0;
  // An anchor of one or two bytes (the `b` of `mongodb`) stops the search at every occurrence: keep at least three.
  const last = Math.max(0, needle.length - MIN_ANCHOR);
  for (let i = 1; i <= last; i++) {
    if (rarity(needle[i] as number) > rarity(needle[anchorAt] as number)) anchorAt = i;
  }
  return { needle, anchor: needle.subarray(anchorAt, anchorAt + MAX_ANCHOR), anchorAt };
}

/** Offsets of every occurrence of the keyword: the anchor is searched, the rest checked around it. */
export function* keywordHits(bytes: Buffer, { needle, anchor, anchorAt }: KeywordAnchor): Generator<number> {
  for (let a = bytes.indexOf(anchor); a !== -1; a = bytes.indexOf(anchor, a + 1)) {
    const at = a - anchorAt;
    if (at >= 0 && at + needle.length <= bytes.length && bytes.compare(needle, 0, needle.length, at, at + needle.length) === 0) {
      yield at;
    }
  }
}

/** Whether any of the keywords occurs in the bytes: only then can a rule match there. */
export function hasKeyword(bytes: Buffer, anchors: readonly KeywordAnchor[]): boolean {
  return anchors.some((a) => !keywordHits(bytes, a).next().done);
}

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

/** The distinct byte strings searched for a rule set (what a reader thread's prefilter looks for too). */
export const keywordsOf = (rules: readonly Rule[]): string[] => [...new Set(rules.flatMap(searchKeywords))];
