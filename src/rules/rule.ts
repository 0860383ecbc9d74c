export type Severity = 'error' | 'warning';

/** What finalize needs to know of the rule behind a match: secret rules and .env lint rules alike. */
export interface RuleInfo {
  /** Stable id, part of the public interface (JSON, SARIF, config, baseline). */
  readonly id: string;
  readonly provider: string;
  readonly title: string;
  readonly severity: Severity;
  /** Known literal prefixes, longest first: kept visible when the secret is redacted. */
  readonly prefixes: readonly string[];
  readonly rotateAt?: string;
}

/** What a validator says of a candidate: keep it, or drop it with a reason (for debugging). */
export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * A detection rule is data. The engine looks for `keywords` with a native byte
 * search first and runs `pattern` only in a window around each hit.
 */
export interface Rule extends RuleInfo {
  /** Byte strings of which at least one occurs inside every true match. */
  readonly keywords: readonly string[];
  /** Global regex; the whole match (group 0) is the secret. */
  readonly pattern: RegExp;
  /** Drops placeholders and other look-alikes that the pattern alone lets through. */
  readonly validate?: (secret: string) => Verdict;
  /** Proof kept beside the rule: test/rules.test.ts runs every example. */
  readonly examples: {
    /** Strings that must be found whole (built at run time: no real-looking key is stored in this repo). */
    readonly match: () => readonly string[];
    /** Strings in which nothing may be found. */
    readonly ignore: readonly string[];
  };
}
