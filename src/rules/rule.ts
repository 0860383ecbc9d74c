/**
 * 'info' is never a problem: it never fails a scan nor counts as an error or
 * a warning (a key in a git-ignored .env, kept out of git where it belongs).
 * Rules themselves are 'error' or 'warning'; only finalize gives 'info'.
 */
export type Severity = 'error' | 'warning' | 'info';

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
 * A key with no prefix of its own (Mistral's 32 alphanumerics, DeepSeek's
 * `sk-` + 32 hex) is only a key where a word names its provider: one of
 * `words`, in any case, must stand in the `within` characters before the
 * match. Lines do not matter, so a key name on the line above counts
 * (`mistral:\n  api_key: …` in YAML, a JSON object's earlier member); a word
 * after the key does not.
 */
export interface ContextRequirement {
  readonly words: readonly string[];
  readonly within: number;
}

/** The other half of a paired secret: found by its own pattern and validator. */
export interface PairPartner {
  readonly id: string;
  readonly pattern: RegExp;
  readonly validate?: (text: string) => Verdict;
}

/**
 * A secret that goes with an identifier (AWS secret access key and key id,
 * Langfuse secret and public key). The match is the secret; the partner is
 * looked for within `within` characters on either side. The pair is one
 * finding, its fingerprint taken of both parts; a match of the partner's own
 * rule at the partner's place is dropped, so the identifier alone is reported
 * only where no secret goes with it.
 */
export interface PairRequirement {
  readonly partner: PairPartner;
  readonly within: number;
  /** Without a partner nearby: drop the match (true), or report the secret alone (false). */
  readonly required: boolean;
}

/**
 * A detection rule is data. The engine looks for `keywords` with a native byte
 * search first and runs `pattern` only in a window around each hit.
 */
export interface Rule extends RuleInfo {
  /**
   * Byte strings of which at least one occurs inside every true match (for a
   * rule with `context`: its context words, searched in their usual cases:
   * as written, lower case, upper case and capitalised).
   */
  readonly keywords: readonly string[];
  /** Global regex; the whole match (group 0) is the secret. */
  readonly pattern: RegExp;
  /** Drops placeholders and other look-alikes that the pattern alone lets through. */
  readonly validate?: (secret: string) => Verdict;
  /** A word that must precede the match (a key with no prefix of its own). */
  readonly context?: ContextRequirement;
  /** An identifier that goes with the secret. */
  readonly pair?: PairRequirement;
  /** The longest match, when longer than 512 characters (a private key block): the engine reads this far around a keyword. */
  readonly reach?: number;
  /** Proof kept beside the rule: test/rules.test.ts runs every example. */
  readonly examples: {
    /**
     * Keys that must be found whole (built at run time: no real-looking key is
     * stored in this repo), or, for rules that need context or a partner, a
     * text and the secret that must be found in it.
     */
    readonly match: () => readonly (string | { readonly text: string; readonly secret: string })[];
    /** Strings in which nothing may be found (built when a test asks, like `match`: a scan never needs them). */
    readonly ignore: () => readonly string[];
  };
}
