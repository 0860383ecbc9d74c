import { ConfigError } from '../errors.js';
import type { Severity } from '../rules/rule.js';
import { RULE_SETTINGS, type Config, type CustomRuleConfig, type RuleSetting } from './config.js';
import { knownRuleIds } from './known-rules.js';

/**
 * A small hand-written validator: the config has five keys, and each error
 * must name the file, the key and what is wrong, in one line.
 */

type Json = Record<string, unknown>;

const TOP_KEYS = ['ignore', 'rules', 'customRules', 'allow', 'maxFileSize'] as const;
const CUSTOM_RULE_KEYS = ['id', 'provider', 'title', 'pattern', 'keywords', 'severity'] as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning'];
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A value as a message may show it: short, and never a long string in full. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character string` : `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** V8 says "Invalid regular expression: /<the pattern>/g: <why>"; keep the why (the pattern may hold a secret). */
function regexProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(message.lastIndexOf(': ') + 2) || message;
}

class Checker {
  constructor(
    private readonly file: string,
    /** `scan-keys.` inside package.json, so that the key path reads as written. */
    private readonly prefix: string,
  ) {}

  fail(key: string, what: string): never {
    throw new ConfigError(`${this.file}: ${this.prefix}${key} ${what}`);
  }

  knownKeys(obj: Json, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(`${where}${key}`, `is not a known key (known keys: ${allowed.join(', ')})`);
    }
  }

  strings(value: unknown, key: string): string[] {
    if (!Array.isArray(value)) this.fail(key, `must be an array of strings, not ${describe(value)}`);
    value.forEach((v, i) => {
      if (typeof v !== 'string') this.fail(`${key}[${i}]`, `must be a string, not ${describe(v)}`);
    });
    return value as string[];
  }

  regex(source: string, key: string, flags: string): RegExp {
    try {
      return new RegExp(source, flags);
    } catch (err) {
      return this.fail(key, `is not a valid regular expression: ${regexProblem(err)}`);
    }
  }

  customRule(value: unknown, i: number, taken: Set<string>): CustomRuleConfig {
    const key = `customRules[${i}]`;
    if (!isObject(value)) return this.fail(key, `must be an object with id, pattern and keywords, not ${describe(value)}`);
    this.knownKeys(value, CUSTOM_RULE_KEYS, `${key}.`);
    const { id, provider = 'custom', title, pattern, keywords, severity = 'error' } = value;
    if (typeof id !== 'string' || !RULE_ID.test(id)) {
      this.fail(`${key}.id`, `must be a rule id of letters, digits, '.', '_' and '-', not ${describe(id)}`);
    }
    if (taken.has(id)) this.fail(`${key}.id`, `'${id}' is already the id of another rule`);
    taken.add(id);
    if (typeof provider !== 'string' || provider === '') this.fail(`${key}.provider`, `must be a non-empty string, not ${describe(provider)}`);
    if (title !== undefined && typeof title !== 'string') this.fail(`${key}.title`, `must be a string, not ${describe(title)}`);
    if (typeof pattern !== 'string' || pattern === '') this.fail(`${key}.pattern`, `must be a regular expression as a non-empty string, not ${describe(pattern)}`);
    const words = this.strings(keywords, `${key}.keywords`);
    if (words.length === 0 || words.some((w) => w === '')) {
      this.fail(`${key}.keywords`, 'must list at least one non-empty string that occurs in every match (the prefilter looks for it before the pattern runs)');
    }
    if (!SEVERITIES.includes(severity as Severity)) this.fail(`${key}.severity`, `must be error or warning, not ${describe(severity)}`);
    return {
      id,
      provider,
      title: title ?? id,
      pattern: this.regex(pattern, `${key}.pattern`, 'g'),
      keywords: words,
      severity: severity as Severity,
    };
  }

  rules(value: unknown, known: ReadonlySet<string>): Record<string, RuleSetting> {
    if (!isObject(value)) return this.fail('rules', `must be an object of rule id -> off, warning or error, not ${describe(value)}`);
    for (const [id, setting] of Object.entries(value)) {
      if (!known.has(id)) this.fail(`rules.${id}`, 'is not a known rule id (see the rule table in the README, or a customRules id)');
      if (!RULE_SETTINGS.includes(setting as RuleSetting)) this.fail(`rules.${id}`, `must be off, warning or error, not ${describe(setting)}`);
    }
    return value as Record<string, RuleSetting>;
  }
}

/**
 * Checks a parsed config and compiles its patterns. `file` is how messages
 * name the file; `prefix` is `scan-keys.` for the key inside package.json.
 */
export function validateConfig(raw: unknown, file: string, prefix = ''): Config {
  const check = new Checker(file, prefix);
  if (!isObject(raw)) {
    throw new ConfigError(`${file}: ${prefix ? `${prefix.slice(0, -1)} ` : 'the config '}must be a JSON object, not ${describe(raw)}`);
  }
  check.knownKeys(raw, TOP_KEYS, '');
  const ignore = raw.ignore === undefined ? [] : check.strings(raw.ignore, 'ignore');
  const taken = new Set(knownRuleIds());
  const customRules =
    raw.customRules === undefined
      ? []
      : Array.isArray(raw.customRules)
        ? raw.customRules.map((r, i) => check.customRule(r, i, taken))
        : check.fail('customRules', `must be an array of rules, not ${describe(raw.customRules)}`);
  const rules = raw.rules === undefined ? {} : check.rules(raw.rules, taken);
  const allow = raw.allow === undefined ? [] : check.strings(raw.allow, 'allow').map((s, i) => check.regex(s, `allow[${i}]`, ''));
  const size = raw.maxFileSize;
  if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0)) {
    check.fail('maxFileSize', `must be a positive whole number of bytes, not ${describe(size)}`);
  }
  return { ignore, rules, customRules, allow, ...(size !== undefined ? { maxFileSize: size as number } : {}) };
}
