import type { Severity } from '../rules/rule.js';

/** What a rule can be set to in the config's `rules`. */
export type RuleSetting = 'off' | Severity;

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'warning', 'error'];

/** A rule the user adds: the same shape as a built-in rule, as JSON. */
export interface CustomRuleConfig {
  readonly id: string;
  readonly provider: string;
  readonly title: string;
  /** Compiled with the `g` flag; the whole match is the secret. */
  readonly pattern: RegExp;
  /** The prefilter runs the pattern only near these strings: one of them must occur inside every match. */
  readonly keywords: readonly string[];
  readonly severity: Severity;
}

/** A validated config: every field present, every pattern compiled. */
export interface Config {
  /** Gitignore-style patterns, matched against paths relative to the repository root. */
  readonly ignore: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly customRules: readonly CustomRuleConfig[];
  /** Matched against the secret itself: a match drops the finding. */
  readonly allow: readonly RegExp[];
  readonly maxFileSize?: number;
}

export const EMPTY_CONFIG: Config = { ignore: [], rules: {}, customRules: [], allow: [] };

/** A config and where it came from (for messages); no file when none was found. */
export interface LoadedConfig {
  readonly config: Config;
  readonly file?: string;
}
