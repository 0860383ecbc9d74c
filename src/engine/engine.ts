import type { Rule } from '../rules/rule.js';
import type { ScanUnit } from '../sources/unit.js';
import { anchorOf, keywordHits, type KeywordAnchor } from './keywords.js';
import type { Match } from './match.js';

/**
 * Bytes decoded on each side of a keyword hit. Every built-in key is shorter
 * than 200 characters, so a match that contains a hit lies well inside.
 */
const REACH = 512;

interface KeywordGroup extends KeywordAnchor {
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
      ...anchorOf(keyword),
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
