import type { Rule } from '../rules/rule.js';
import type { KeywordSpec } from './keyword-set.js';
import { hasContext, keywordGroups, lowerCased, matchesIn, windowCollector, type KeywordGroup } from './windows.js';

/** A rule as the screen runs it: its pattern and context, data that crosses to a worker thread. */
interface ScreenRule {
  readonly source: string;
  readonly flags: string;
  readonly context?: { readonly words: readonly string[]; readonly within: number };
}

/** What a reader thread needs to screen files for a rule set: plain data (see Screen). */
export interface ScreenSpec {
  readonly keywords: readonly KeywordSpec[];
  /** Per keyword, in the order of `keywords`. */
  readonly groups: readonly KeywordGroup<ScreenRule>[];
}

export function screenSpecOf(rules: readonly Rule[]): ScreenSpec {
  const { specs, groups } = keywordGroups(rules, (rule): ScreenRule => ({
    source: rule.pattern.source,
    // Neither global nor sticky: test() then looks through the whole window.
    flags: rule.pattern.flags.replace(/[gy]/g, ''),
    ...(rule.context ? { context: lowerCased(rule.context) } : {}),
  }));
  return { keywords: specs, groups };
}

/**
 * Whether any rule can match in a file with keyword hits: each rule's pattern
 * in the windows its keyword's hits open, and its context words before the
 * match, as the engine runs them (the windows come from the same code,
 * windows.ts). What the engine checks beyond (a validator, a partner, a match
 * cut by a window's edge) can only reject a match, so a file the screen
 * passes over holds no finding. It runs in the reader threads: on the npm
 * tree, 368 files and 63 MB held a keyword of the provider rules (cohere in
 * "coherent", Discord, AKIA in the AWS SDK's examples) and were handed to the
 * main thread, where the engine found nothing in them.
 */
export class Screen {
  private readonly groups: readonly KeywordGroup<Screening>[];

  constructor(spec: ScreenSpec) {
    // A rule with context words goes through its matches one by one, as the engine does: a global copy.
    const screening = (r: ScreenRule): Screening => ({ re: new RegExp(r.source, r.context ? `${r.flags}g` : r.flags), ...(r.context ? { context: r.context } : {}) });
    this.groups = spec.groups.map((g) => ({ ...g, rules: g.rules.map(screening) }));
  }

  /** `hits`: the file's (keyword index, offset) pairs, as KeywordSet.hits gives them for the spec's keywords. */
  mayMatch(bytes: Buffer, hits: Int32Array): boolean {
    const { byGroup, onHit } = windowCollector(bytes.length, this.groups);
    for (let i = 0; i + 1 < hits.length; i += 2) onHit(hits[i] as number, hits[i + 1] as number);
    for (const [index, windows] of byGroup) {
      const group = this.groups[index] as KeywordGroup<Screening>;
      for (const [from, to] of windows) {
        const text = bytes.toString('latin1', from, to);
        for (const r of group.rules) if (matchesWithContext(text, from, bytes, r)) return true;
      }
    }
    return false;
  }
}

interface Screening {
  readonly re: RegExp;
  readonly context?: ScreenRule['context'];
}

/** Whether the rule matches in the window, with its context words before the match where it has some. */
function matchesWithContext(text: string, from: number, bytes: Buffer, { re, context }: Screening): boolean {
  if (!context) return re.test(text);
  for (const m of matchesIn(text, re)) if (hasContext(bytes, from + m.start, context)) return true;
  return false;
}
