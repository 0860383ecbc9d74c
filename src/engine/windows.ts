import type { ContextRequirement, Rule } from '../rules/rule.js';
import type { KeywordSpec } from './keyword-set.js';
import { keywordsOf, searchKeywords } from './keywords.js';

/**
 * Bytes decoded on each side of a keyword hit. Nearly every built-in key is
 * shorter than 200 characters, so a match that contains a hit lies well
 * inside; longer ones (private key blocks) say how far to read (Rule.reach).
 */
const REACH = 512;

/** The rules that share one keyword, and the window a hit of it opens. */
export interface KeywordGroup<R> {
  /** The keyword's length in bytes. */
  readonly length: number;
  readonly reach: number;
  readonly rules: readonly R[];
}

/**
 * The keywords a rule set is searched by (keywordsOf), each with the rules
 * that share it: the engine and the reader threads' screen (screen.ts) build
 * their windows from the same groups, so that they agree by construction.
 */
export function keywordGroups<R>(rules: readonly Rule[], each: (rule: Rule) => R): { specs: KeywordSpec[]; groups: KeywordGroup<R>[] } {
  const byKeyword = new Map<string, { rule: Rule; as: R }[]>();
  for (const rule of rules) {
    const as = each(rule);
    for (const keyword of searchKeywords(rule)) {
      const list = byKeyword.get(keyword) ?? [];
      if (!list.some((c) => c.rule === rule)) list.push({ rule, as });
      byKeyword.set(keyword, list);
    }
  }
  const specs = keywordsOf(rules);
  const groups = specs.map(({ text }) => {
    const list = byKeyword.get(text) ?? [];
    return { length: Buffer.byteLength(text), rules: list.map((c) => c.as), reach: Math.max(REACH, ...list.map((c) => c.rule.reach ?? 0)) };
  });
  return { specs, groups };
}

/**
 * Merged [from, to) byte windows around hits, by keyword index: `onHit` takes
 * each hit in byte order, `byGroup` holds the windows.
 */
export function windowCollector(size: number, groups: readonly Pick<KeywordGroup<unknown>, 'length' | 'reach'>[]) {
  const byGroup = new Map<number, [number, number][]>();
  const onHit = (index: number, at: number) => {
    const group = groups[index] as Pick<KeywordGroup<unknown>, 'length' | 'reach'>;
    let windows = byGroup.get(index);
    if (!windows) byGroup.set(index, (windows = []));
    const from = Math.max(0, at - group.reach);
    const to = Math.min(size, at + group.length + group.reach);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  };
  return { byGroup, onHit };
}

/** A rule's context words in lower case, as hasContext compares them. */
export const lowerCased = (c: ContextRequirement) => ({ words: c.words.map((w) => w.toLowerCase()), within: c.within });

/** Whether one of the context words (lower case) stands in the `within` bytes before `start`, in any case. */
export function hasContext(bytes: Buffer, start: number, context: { readonly words: readonly string[]; readonly within: number }): boolean {
  const before = bytes.toString('latin1', Math.max(0, start - context.within), start).toLowerCase();
  return context.words.some((w) => before.includes(w));
}

/** Every non-empty match of a global regex in the text, from its start (the regex's lastIndex is reset first). */
export function* matchesIn(text: string, re: RegExp): Generator<{ start: number; end: number }> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield { start: m.index, end: m.index + m[0].length };
  }
}
