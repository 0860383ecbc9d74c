import { anthropicApiKey } from '../rules/anthropic.js';
import { OPENAI_MARKER } from '../rules/fake.js';
import { openaiProjectKey } from '../rules/openai.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { entropy } from '../rules/validators.js';
import { isInvisible, splitEdges } from '../text/trim.js';

/**
 * What a .env value "looks like a key" means to the linter: it decides how a
 * message words the consequence, which values fix-env may trim inside quotes,
 * and what the diff must never print whole.
 */

/** Known key prefixes, longest first: redaction keeps them visible. */
export const KEY_PREFIXES: readonly string[] = [
  'sk-ant-admin01-',
  'sk-ant-api03-',
  'sk-svcacct-',
  'sk-service-',
  'sk-admin-',
  'sk-proj-',
  'sk-None-',
  'sk-ant-',
  'sk-',
];

export const OPENAI_KEYS_PAGE = openaiProjectKey.rotateAt ?? '';
export const ANTHROPIC_KEYS_PAGE = anthropicApiKey.rotateAt ?? '';

export const keyPrefixOf = (value: string) => KEY_PREFIXES.find((p) => value.startsWith(p));

/** What every one of KEY_PREFIXES starts with (sk-). */
const PREFIX_START = KEY_PREFIXES.reduce((shared, p) => {
  let i = 0;
  while (i < shared.length && shared[i] === p[i]) i++;
  return shared.slice(0, i);
});

/** False when no part of `value` can start a key prefix: keyPrefixOf then finds none in it, however it is trimmed. */
export const mayHoldKeyPrefix = (value: string) => value.includes(PREFIX_START);

/** One token of key characters: a known prefix, or long and random enough to be a credential. */
export function looksLikeKey(value: string): boolean {
  // Invisible characters at the edges are what a fix removes: judge the value without them.
  const v = splitEdges(value, isInvisible).core;
  if (v.length === 0 || /\s/.test(v)) return false;
  if (keyPrefixOf(v) && v.length >= 8) return true;
  return v.length >= 20 && /^[A-Za-z0-9_\-+/=.:]+$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.5;
}

/** Names that hold a credential an API checks (OPENAI_API_KEY, GITHUB_TOKEN, ...). */
export const isCredentialName = (key: string) => /KEY|TOKEN|SECRET/i.test(key);

/** True when a value under this name is sent to an API as a key. */
export const sendsKey = (key: string, value: string) => isCredentialName(key) || keyPrefixOf(value.trim()) !== undefined;

export const isOpenaiKeyShape = (value: string) =>
  value.includes(OPENAI_MARKER) || /^sk-(?:proj|svcacct|service|admin|None)-/.test(value);
export const isAnthropicKeyShape = (value: string) => value.startsWith('sk-ant-');

/** Rules whose pattern alone says whose key a value is (not those that need a context word or a partner). */
const SELF_EVIDENT = builtinRules
  .filter((r) => !r.context && !r.pair)
  .map((rule) => ({ rule, re: new RegExp(`^(?:${rule.pattern.source})$`) }));

/**
 * The rule whose key the whole value is, if any: the provider it belongs to.
 * A rule's pattern matches only where one of its keywords occurs (the
 * engine's prefilter stands on it), so the keywords are tested first: most
 * rules' regexes are then never compiled nor run (testing all of them cost a
 * scan 10-13 ms, mostly compiling, at its first value under an SDK's name).
 */
export function providerOfKey(value: string): Rule | undefined {
  return SELF_EVIDENT.find(({ rule, re }) => rule.keywords.some((k) => value.includes(k)) && re.test(value) && (!rule.validate || rule.validate(value).ok))?.rule;
}
