import type { ContextRequirement, PairRequirement, Rule, Severity } from './rule.js';
import { all, checkBody, type Validator } from './validators.js';

/** What a provider file says of one rule; `defineRule` fills in the shared parts. */
export interface RuleSpec {
  readonly id: string;
  readonly provider: string;
  readonly title: string;
  readonly severity?: Severity;
  readonly keywords: readonly string[];
  /** Regex source; compiled with the `g` flag. */
  readonly source: string;
  readonly prefixes?: readonly string[];
  /** The random part of a match, for the placeholder and entropy checks (default: the match without its prefix). */
  readonly body?: (secret: string) => string;
  /** Entropy floor of the body in bits per character: lower for hex (at most 4) and short bodies. */
  readonly minEntropy?: number;
  /** False when `checks` judge the whole match themselves (a private key block has no one body). */
  readonly placeholder?: boolean;
  /** Checks beyond the placeholder one (checksums, character mix). */
  readonly checks?: readonly Validator[];
  readonly context?: ContextRequirement;
  readonly pair?: PairRequirement;
  readonly reach?: number;
  readonly rotateAt?: string;
  readonly match: Rule['examples']['match'];
  readonly ignore: Rule['examples']['ignore'];
}

export function defineRule(spec: RuleSpec): Rule {
  const prefixes = [...(spec.prefixes ?? [])].sort((a, b) => b.length - a.length);
  const body = spec.body ?? ((s: string) => s.slice(prefixes.find((p) => s.startsWith(p))?.length ?? 0));
  const placeholder: Validator = (s) => checkBody(body(s), spec.minEntropy);
  return {
    id: spec.id,
    provider: spec.provider,
    title: spec.title,
    severity: spec.severity ?? 'error',
    keywords: spec.keywords,
    pattern: new RegExp(spec.source, 'g'),
    prefixes,
    validate: all(...(spec.placeholder === false ? [] : [placeholder]), ...(spec.checks ?? [])),
    ...(spec.context ? { context: spec.context } : {}),
    ...(spec.pair ? { pair: spec.pair } : {}),
    ...(spec.reach ? { reach: spec.reach } : {}),
    ...(spec.rotateAt ? { rotateAt: spec.rotateAt } : {}),
    examples: { match: spec.match, ignore: spec.ignore },
  };
}
