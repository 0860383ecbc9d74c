import type { Rule } from '../rules/rule.js';
import type { ScanUnit } from '../sources/unit.js';
import type { Match } from './match.js';

/**
 * Bytes decoded on each side of a keyword hit. Every built-in key is shorter
 * than 200 characters, so a match that contains a hit lies well inside.
 */
const REACH = 512;

interface KeywordGroup {
  readonly needle: Buffer;
  /** The part of the needle searched for, and where it starts in the needle. */
  readonly anchor: Buffer;
  readonly anchorAt: number;
  /** Each rule with a private copy of its regex: global regexes carry state. */
  readonly rules: readonly { rule: Rule; re: RegExp }[];
}

/**
 * Built once per rule set: rules grouped by keyword, so that one native search
 * per distinct keyword serves every rule that shares it.
 */
export class Engine {
  private readonly groups: readonly KeywordGroup[];

  constructor(readonly rules: readonly Rule[]) {
    const byKeyword = new Map<string, Rule[]>();
    for (const rule of rules) {
      for (const keyword of rule.keywords) {
        const list = byKeyword.get(keyword) ?? [];
        if (!list.includes(rule)) list.push(rule);
        byKeyword.set(keyword, list);
      }
    }
    this.groups = [...byKeyword].map(([keyword, list]) => ({
      ...anchorOf(Buffer.from(keyword)),
      rules: list.map((rule) => ({ rule, re: globalCopy(rule.pattern) })),
    }));
  }

  /** Every secret in the unit, in byte order, overlaps resolved in favour of the longer match. */
  scan(unit: ScanUnit): Match[] {
    const found: Match[] = [];
    const seen = new Set<string>();
    for (const group of this.groups) {
      for (const [from, to] of windowsAround(unit.bytes, group)) {
        // latin1 maps each byte to one character, so string offsets are byte offsets.
        const text = unit.bytes.toString('latin1', from, to);
        for (const { rule, re } of group.rules) {
          for (const m of matchesIn(text, re)) {
            // A match touching a window edge that is not the file's edge may be cut short.
            if ((m.start === 0 && from > 0) || (m.end === text.length && to < unit.bytes.length)) continue;
            const start = from + m.start;
            const end = from + m.end;
            const key = `${rule.id}:${start}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const secret = unit.bytes.toString('utf8', start, end);
            if (rule.validate && !rule.validate(secret).ok) continue;
            found.push({ kind: 'secret', rule, secret, unit, start, end });
          }
        }
      }
    }
    return resolveOverlaps(found);
  }
}

/**
 * Bytes that occur often in source text, most frequent first: whitespace,
 * lower-case letters in English order, and the commonest punctuation of code.
 * Any other byte (capitals, digits, `-`...) counts as rarer than all of these.
 */
const COMMON_BYTES = Buffer.from(' \n\t.,;()=_"\'/etaoinsrhldcumfpgwybvkxjqz');
const rarity = (byte: number) => {
  const rank = COMMON_BYTES.indexOf(byte);
  return rank === -1 ? COMMON_BYTES.length : COMMON_BYTES.length - 1 - rank;
};
/** Longer needles move Buffer#indexOf from its memchr scan to a Boyer-Moore search, measured slower here. */
const MAX_ANCHOR = 6;

/**
 * What to search for to find a keyword: at most MAX_ANCHOR bytes starting at
 * its rarest byte. Buffer#indexOf runs memchr on the needle's first byte, so a
 * needle that starts with a common byte (the `s` of `sk-ant-`) stops it every
 * few bytes; measured on the bench corpus, `-ant-` is searched 3x faster than
 * `sk-ant-`, and `T3Blbk` 2.5x faster than the whole 8-byte OpenAI marker.
 */
function anchorOf(needle: Buffer): { needle: Buffer; anchor: Buffer; anchorAt: number } {
  let anchorAt = 0;
  for (let i = 1; i < needle.length; i++) {
    if (rarity(needle[i] as number) > rarity(needle[anchorAt] as number)) anchorAt = i;
  }
  return { needle, anchor: needle.subarray(anchorAt, anchorAt + MAX_ANCHOR), anchorAt };
}

/** Offsets of every occurrence of the group's keyword: the anchor is searched, the rest checked around it. */
function* keywordHits(bytes: Buffer, { needle, anchor, anchorAt }: KeywordGroup): Generator<number> {
  for (let a = bytes.indexOf(anchor); a !== -1; a = bytes.indexOf(anchor, a + 1)) {
    const at = a - anchorAt;
    if (at >= 0 && at + needle.length <= bytes.length && bytes.compare(needle, 0, needle.length, at, at + needle.length) === 0) {
      yield at;
    }
  }
}

/** Merged [from, to) byte windows around every occurrence of the group's keyword. */
function windowsAround(bytes: Buffer, group: KeywordGroup): [number, number][] {
  const windows: [number, number][] = [];
  for (const at of keywordHits(bytes, group)) {
    const from = Math.max(0, at - REACH);
    const to = Math.min(bytes.length, at + group.needle.length + REACH);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else windows.push([from, to]);
  }
  return windows;
}

const globalCopy = (p: RegExp) => new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`);

function* matchesIn(text: string, re: RegExp): Generator<{ start: number; end: number }> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield { start: m.index, end: m.index + m[0].length };
  }
}

/** Sorted by start; where two matches overlap, the longer one wins (then the earlier rule). */
function resolveOverlaps(matches: Match[]): Match[] {
  matches.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Match[] = [];
  for (const m of matches) {
    const prev = kept[kept.length - 1];
    if (prev && m.start < prev.end) {
      if (m.end - m.start > prev.end - prev.start) kept[kept.length - 1] = m;
      continue;
    }
    kept.push(m);
  }
  return kept;
}
