import type { PairRequirement, Rule } from '../rules/rule.js';
import type { ScanUnit } from './unit.js';
import { KeywordSet } from './keyword-set.js';
import { hasContext, keywordGroups, lowerCased, matchesIn, windowCollector, type KeywordGroup } from './windows.js';
import type { Match } from './match.js';

interface CompiledRule {
  readonly rule: Rule;
  /** A private copy of the regex: global regexes carry state. */
  readonly re: RegExp;
  readonly context?: { readonly words: readonly string[]; readonly within: number };
  readonly pair?: PairRequirement & { readonly re: RegExp };
}

const engines = new WeakMap<readonly Rule[], Engine>();

/**
 * The engine of a rule list, built once per list: the pipeline and the
 * redaction step (redact.ts) share it when their rules are the same list
 * (the built-in rules, unless a config changes them), rather than each
 * building the keyword tables, a few milliseconds of every hook run.
 */
export function engineFor(rules: readonly Rule[]): Engine {
  let engine = engines.get(rules);
  if (!engine) engines.set(rules, (engine = new Engine(rules)));
  return engine;
}

/**
 * Built once per rule set: rules grouped by keyword, and every keyword found
 * in one pass (keyword-set.ts), so the cost of the search does not grow with
 * the number of rules.
 */
export class Engine {
  private readonly groups: readonly KeywordGroup<CompiledRule>[];
  private readonly keywords: KeywordSet;

  constructor(readonly rules: readonly Rule[]) {
    const { specs, groups } = keywordGroups(rules, compile);
    this.keywords = new KeywordSet(specs);
    this.groups = groups;
  }

  /**
   * Merged [from, to) byte windows around every hit, by keyword group (only the
   * groups hit, in group order), from one pass over the bytes. Nothing is
   * allocated for a unit without a hit, such as nearly every file name.
   */
  private windows(unit: ScanUnit): Map<number, [number, number][]> {
    const { byGroup, onHit } = windowCollector(unit.bytes.length, this.groups);
    const { hits } = unit;
    if (hits && unit.hitsKey === this.keywords.key) {
      for (let i = 0; i + 1 < hits.length; i += 2) onHit(hits[i] as number, hits[i + 1] as number);
    } else this.keywords.search(unit.bytes, onHit);
    return byGroup;
  }

  /** Every secret in the unit, in byte order, overlaps resolved in favour of the longer match. */
  scan(unit: ScanUnit): Match[] {
    const found: Match[] = [];
    const seen = new Set<string>();
    /** `partner id:start` of every identifier that went into a pair. */
    const paired = new Set<string>();
    const windows = this.windows(unit);
    if (windows.size === 0) return found;
    for (const index of [...windows.keys()].sort((a, b) => a - b)) {
      const group = this.groups[index] as KeywordGroup<CompiledRule>;
      for (const [from, to] of windows.get(index) ?? []) {
        // latin1 maps each byte to one character, so string offsets are byte offsets.
        const text = unit.bytes.toString('latin1', from, to);
        for (const c of group.rules) {
          for (const m of matchesIn(text, c.re)) {
            // A match touching a window edge that is not the file's edge may be cut short.
            if ((m.start === 0 && from > 0) || (m.end === text.length && to < unit.bytes.length)) continue;
            const start = from + m.start;
            const end = from + m.end;
            const key = `${c.rule.id}:${start}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const secret = unit.bytes.toString('utf8', start, end);
            if (c.rule.validate && !c.rule.validate(secret).ok) continue;
            if (c.context && !hasContext(unit.bytes, start, c.context)) continue;
            const partner = c.pair ? findPartner(unit.bytes, start, end, c.pair) : undefined;
            if (c.pair?.required && !partner) continue;
            if (partner && c.pair) paired.add(`${c.pair.partner.id}:${partner.start}`);
            found.push({ kind: 'secret', rule: c.rule, secret, unit, start, end, ...(partner ? { pairedWith: partner.text } : {}) });
          }
        }
      }
    }
    const kept = paired.size === 0 ? found : found.filter((m) => !paired.has(`${m.rule.id}:${m.start}`));
    return resolveOverlaps(kept);
  }
}

function compile(rule: Rule): CompiledRule {
  return {
    rule,
    re: globalCopy(rule.pattern),
    ...(rule.context ? { context: lowerCased(rule.context) } : {}),
    ...(rule.pair ? { pair: { ...rule.pair, re: globalCopy(rule.pair.partner.pattern) } } : {}),
  };
}

/** The valid partner nearest to the secret [start, end), within reach on either side and not inside it. */
function findPartner(
  bytes: Buffer,
  start: number,
  end: number,
  pair: PairRequirement & { readonly re: RegExp },
): { text: string; start: number } | undefined {
  const from = Math.max(0, start - pair.within);
  const to = Math.min(bytes.length, end + pair.within);
  const text = bytes.toString('latin1', from, to);
  let best: { text: string; start: number; distance: number } | undefined;
  for (const m of matchesIn(text, pair.re)) {
    if ((m.start === 0 && from > 0) || (m.end === text.length && to < bytes.length)) continue;
    const at = from + m.start;
    const until = from + m.end;
    if (at < end && until > start) continue;
    const partner = bytes.toString('utf8', at, until);
    if (pair.partner.validate && !pair.partner.validate(partner).ok) continue;
    const distance = at >= end ? at - end : start - until;
    if (!best || distance < best.distance) best = { text: partner, start: at, distance };
  }
  return best && { text: best.text, start: best.start };
}

const globalCopy = (p: RegExp) => new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`);

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
